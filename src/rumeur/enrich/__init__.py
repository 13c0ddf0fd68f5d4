"""Enrichment: enrichers (language, sentiment, ...) and the pipeline that runs them."""

from rumeur.enrich.base import UNSUPPORTED, Enricher, EnrichInput, Enrichment, register, registry

__all__ = ["UNSUPPORTED", "EnrichInput", "Enricher", "Enrichment", "register", "registry"]
