"""Ingest: read files and collected items into the store (see :mod:`.pipeline`)."""

from rumeur.ingest.brands import BrandMatcher
from rumeur.ingest.pipeline import ImportResult, Ingestor

__all__ = ["BrandMatcher", "ImportResult", "Ingestor"]
