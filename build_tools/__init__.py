"""Evidence archive tooling: load, validate, link and render evidence records.

The core (everything but ``mkdocs_plugin``) knows nothing of MkDocs: it takes a
folder of records and returns values.
"""

__version__ = "0.1.0"
