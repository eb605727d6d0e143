"""Evidence archive tooling: load, validate, link and render evidence records, and compile them
into a plain site source that any MkDocs-style generator builds.

The folders are the layers, data flowing one way: records <- reading <- checks <- index <- pages
<- outputs <- speed <- compile <- site <- cli (pyproject.toml's import contracts; the picture is in
docs/maintainers/architecture.md). Only site/ knows a generator.
"""

__version__ = "0.1.0"
