"""The application layer: one :class:`Workspace` per project, one method per use case.

Every face (the ``rumeur`` CLI, the HTTP API, scripts) does the same three things: read
its input, call one Workspace method, render the answer. The Workspace holds the project
(``rumeur.toml``) and its store, and runs the pipeline parts (ingest, enrich, analytics,
alerts, report) in the right order: e.g. :meth:`Workspace.enrich` always rebuilds the
analytics rollups afterwards, whoever calls it.

    from rumeur import Workspace

    with Workspace.open("veille-telecom") as ws:
        ws.import_files(["avis.csv"], enrich=True)
        for cell in ws.opinion(ws.scope(brands=["volta"], since="2025-10-01")):
            print(cell.to_dict())

The store is opened on first use: read-only for reading use cases when the file exists
(so several readers can share it), for writing otherwise (DuckDB allows one writer).
"""

from __future__ import annotations

from rumeur.query import MentionFilter
from rumeur.workspace._base import TimeLike
from rumeur.workspace.alert_rules import AlertRulesMixin
from rumeur.workspace.audits import AuditsMixin
from rumeur.workspace.collect import CollectMixin, Watch
from rumeur.workspace.dashboard import DashboardMixin
from rumeur.workspace.data import DataMixin, RetryOutcome
from rumeur.workspace.labels import LabelsMixin
from rumeur.workspace.metrics import AspectsReport, DebtReport, MetricsMixin
from rumeur.workspace.outputs import OutputsMixin
from rumeur.workspace.overview import Overview, OverviewMixin
from rumeur.workspace.privacy import PrivacyMixin
from rumeur.workspace.project import DEMO_ACCURATE, DemoResult, ProjectMixin
from rumeur.workspace.search import SearchHit, SearchMixin, SearchResults
from rumeur.workspace.threads import ThreadsMixin


class Workspace(
    DataMixin,
    CollectMixin,
    MetricsMixin,
    OutputsMixin,
    AuditsMixin,
    ProjectMixin,
    PrivacyMixin,
    SearchMixin,
    LabelsMixin,
    OverviewMixin,
    DashboardMixin,
    AlertRulesMixin,
    ThreadsMixin,
):
    """A Rumeur project and its store: every use case, one method each.

    Open one with :meth:`open` (a folder or ``rumeur.toml``; default: the nearest),
    create one with :meth:`init` or :meth:`demo`; close it (or use ``with``)."""


__all__ = [
    "DEMO_ACCURATE",
    "AspectsReport",
    "DebtReport",
    "DemoResult",
    "MentionFilter",
    "Overview",
    "RetryOutcome",
    "SearchHit",
    "SearchResults",
    "TimeLike",
    "Watch",
    "Workspace",
]
