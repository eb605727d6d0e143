"""The Content-Security-Policy of every page the site publishes, in one place.

A static site cannot send headers, so the policy travels as a ``<meta http-equiv>`` first in each
page's ``<head>``: the theme's pages get it from ``docs/templates/main.html`` (the plugin hands it
over as ``config.extra.csp``), the redirect pages at old permalinks from ``permalinks.py``.
Nothing may come from another site and nothing inline may run; Material's own inline scripts are
moved into files by the template overrides in ``docs/templates/partials/javascripts/``.
"""

from __future__ import annotations

DIRECTIVES = (
    "default-src 'none'",  # anything not allowed below is refused (fonts, frames, media, manifests)
    # Material's bundle, our files in assets/ and Pagefind's search (pagefind/pagefind.js); no inline
    # script, no eval. 'wasm-unsafe-eval' lets a page compile WebAssembly, and nothing else: Pagefind
    # searches its index with its own WebAssembly module (pagefind/wasm.*.pagefind), fetched from
    # the site like the index, when its worker cannot run.
    "script-src 'self' 'wasm-unsafe-eval'",
    # the stylesheets; the pages carry no style attribute or <style> element (Material's script
    # sets styles through the CSSOM, which CSP allows)
    "style-src 'self'",
    "img-src 'self' data:",  # the favicon, and the icons Material's CSS draws as data: SVG masks
    # the search's files, fetched by Pagefind as a query needs them: pagefind/pagefind-entry.json, the
    # index's chunks (pagefind/index/, pagefind/*.pf_meta), the results' fragments (pagefind/fragment/)
    # and its WebAssembly (pagefind/wasm.*.pagefind)
    "connect-src 'self'",
    "worker-src 'self'",  # Pagefind's worker (pagefind/pagefind-worker.js), which searches off the page's thread
    "base-uri 'none'",  # no <base> can redirect the page's relative addresses
    "form-action 'none'",  # the only form (search) is never submitted; assets/search.js handles it
    "object-src 'none'",  # no plugins
)
POLICY = "; ".join(DIRECTIVES)
# Under `mkdocs serve` only: MkDocs injects its live-reload script inline, and a preview that does
# not reload after an edit is no preview. The preview runs on the contributor's own machine; every
# built (published) page keeps POLICY.
PREVIEW = POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


def meta() -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
