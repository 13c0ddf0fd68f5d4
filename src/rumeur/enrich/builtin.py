"""Imports the built-in enrichers so that they register themselves."""

from rumeur.enrich import language  # noqa: F401
