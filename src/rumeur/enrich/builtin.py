"""Imports the built-in enrichers so that they register themselves."""

from rumeur.enrich import language  # noqa: F401

from rumeur.enrich import opinion  # noqa: F401  # isort: skip
