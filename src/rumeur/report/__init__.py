"""Reports: one self-contained HTML file (see :mod:`.build`)."""

from rumeur.report.build import PROVIDERS, ReportContext, Section, build_report

__all__ = ["PROVIDERS", "ReportContext", "Section", "build_report"]
