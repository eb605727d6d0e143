"""The orchestrator: build.py runs load -> validate -> link -> render; audit.py the checks alone
(what ``validate`` runs, without importing the pages and outputs it does not need); source.py
writes what a build made as a plain site source; progress.py tells how far a long one has got."""
