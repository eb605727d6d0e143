"""Pictures of the evidence, drawn at build time as static SVG: map, timeline, charts, routes.

Each module takes plain data (never the Index) and returns an SVG string, so it can be tested on
its own. Every drawing names itself (``<title>``, ``<desc>``) for screen readers; the pages put a
table or list beside it with the same information in words, and link each mark to its record.
"""
