"""Quota readings and the monthly read budget: enforced before each request, kept across
runs, shown by `rumeur sources` (text and --json) with the reset time in the project's
time zone; the backlog of a run stopped at its page limit is shown too."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from rumeur import config
from rumeur.cli import _load, app
from rumeur.connectors import registry
from rumeur.connectors.base import Context, Page
from rumeur.connectors.quota import BudgetSpentError, Quota, QuotaBook, ReadBudget
from rumeur.connectors.watcher import collect
from rumeur.storage.duckdb import DuckDBStore

from .conftest import masto_source as _masto
from .conftest import write_project

_load()


def test_read_budget_stops_requests_before_they_are_made_and_holds_across_runs(tmp_path, double):
    root = tmp_path / "p"
    write_project(root, [_masto(double.url, monthly_read_budget=2)])
    runner = CliRunner()
    out = runner.invoke(app, ["collect", "masto", "--json", "-p", str(root), "--no-enrich"])
    res = json.loads(out.stdout)
    # two pages read (60 items kept), the third request refused before it was sent
    assert res["new"] == 60 and res["error_kind"] == "BudgetSpentError", res
    assert "budget de lecture mensuel épuisé (2 / 2 requests)" in res["error"]
    assert double.requests == 2
    again = json.loads(
        runner.invoke(app, ["collect", "masto", "--json", "-p", str(root), "--no-enrich"]).stdout
    )
    assert again["error_kind"] == "BudgetSpentError" and double.requests == 2  # none sent
    src = json.loads(runner.invoke(app, ["sources", "--json", "-p", str(root)]).stdout)
    assert src["timezone"] == "Europe/Paris"
    budget = src["sources"][0]["quota"]["budget"]
    assert (budget["used"], budget["limit"], budget["remaining"]) == (2, 2, 0)
    assert budget["unit"] == "requests" and budget["period"] == "month"
    reset = datetime.fromisoformat(budget["reset_at"]).astimezone(ZoneInfo("Europe/Paris"))
    assert reset > datetime.now(UTC) and (reset.day, reset.hour, reset.minute) == (1, 0, 0)
    text = runner.invoke(app, ["sources", "-p", str(root)], terminal_width=250).stdout
    assert "masto — budget : 2 requêtes sur 2 par mois, reste 0" in text
    assert f"(remise à zéro 01/{reset.month:02d} 00:00 Europe/Paris)" in text
    assert "heures Europe/Paris" in text


def test_budget_set_higher_lets_the_run_continue_where_it_stopped(tmp_path, double):
    root = tmp_path / "p"
    write_project(root, [_masto(double.url, monthly_read_budget=1)])
    runner = CliRunner()
    runner.invoke(app, ["collect", "masto", "--json", "-p", str(root), "--no-enrich"])
    write_project(root, [_masto(double.url, monthly_read_budget=10)])
    res = json.loads(
        runner.invoke(app, ["collect", "masto", "--json", "-p", str(root), "--no-enrich"]).stdout
    )
    assert res["error"] is None and res["new"] == 20  # 40 before, the 20 left now
    budget = json.loads(runner.invoke(app, ["sources", "--json", "-p", str(root)]).stdout)[
        "sources"
    ][0]["quota"]["budget"]
    assert budget["used"] == 3 and budget["remaining"] == 7  # 1 + 2 requests this month


def test_budget_period_starts_on_the_reset_day_in_the_project_time_zone():
    now = [datetime(2026, 12, 14, 22, 30, tzinfo=UTC)]  # 23:30 in Paris, the 14th
    b = ReadBudget(100, reset_day=15, tz="Europe/Paris", source="x", now=lambda: now[0])
    assert b.reset_at == datetime(2026, 12, 15, tzinfo=b.tz)
    b.spend(100)
    with pytest.raises(BudgetSpentError, match="aucune requête avant le 15/12/2026 00:00"):
        b.allow(10)
    now[0] = datetime(2026, 12, 14, 23, 0, 1, tzinfo=UTC)  # 00:00:01 on the 15th in Paris
    assert b.allow(10) == 10 and b.used == 0
    assert b.allow(500) == 100  # never more than what is left
    # a reading saved in the previous period does not count against this one
    b.restore(Quota("budget", used=80, limit=100, at=datetime(2026, 12, 14, 12, tzinfo=UTC)))
    assert b.used == 0
    b.restore(Quota("budget", used=80, limit=100, at=datetime(2026, 12, 15, 12, tzinfo=UTC)))
    assert b.remaining == 20


class _Reporting:
    """A connector that reports the platform's quota on each page (as Meta's
    X-App-Usage or X's x-rate-limit-* headers would)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx, self.name = ctx, ctx.name

    def fetch(self, cursor):
        for i in range(2):
            self.ctx.report_quota(
                Quota(
                    "app",
                    used=40.0 + i,
                    limit=100,
                    unit="%",
                    period="hour",
                    reset_at=datetime(2026, 12, 6, 12, tzinfo=UTC),
                )
            )
            yield Page(cursor={"page": i})

    def close(self) -> None:
        pass


def test_quota_readings_are_stored_per_source_and_shown(tmp_path, double):
    root = tmp_path / "p"
    write_project(root, [_masto(double.url)])
    project = config.load(root / "rumeur.toml")
    with DuckDBStore(project.store_path) as store:
        conn = _Reporting(Context(project, project.sources[0]))
        res = collect(store, project, conn, enrich=False)
        assert res.error is None
        saved = store.source_quota("masto")
    assert saved["app"]["used"] == 41.0 and saved["app"]["remaining"] == 59.0
    assert "budget" not in saved  # no budget set for this source
    runner = CliRunner()
    text = runner.invoke(app, ["sources", "-p", str(root)], terminal_width=250).stdout
    assert (
        "masto — app : 41 % de la limite par heure, reste 59 % "
        "(remise à zéro 06/12 13:00 Europe/Paris)" in text
    )


def test_backlog_is_recorded_and_shown(tmp_path, double):
    root = tmp_path / "p"
    write_project(root, [_masto(double.url, backfill_pages=1)])
    runner = CliRunner()
    runner.invoke(app, ["collect", "masto", "--json", "-p", str(root), "--no-enrich"])
    row = json.loads(runner.invoke(app, ["sources", "--json", "-p", str(root)]).stdout)["sources"][
        0
    ]
    assert row["backlog"] is True
    text = runner.invoke(app, ["sources", "-p", str(root)], terminal_width=250).stdout
    assert "masto : retard à rattraper, la suite au prochain passage" in text
    project = config.load(root / "rumeur.toml")
    with DuckDBStore(project.store_path) as store:
        conn = registry.build(project, project.sources[0])
        collect(store, project, conn, enrich=False)
        conn.close()
        from rumeur.connectors.watcher import record_state

        record_state(store, "masto", success=True, backlog=False)
        assert store.source_states()["masto"]["backlog"] is False


def test_quota_book_keeps_saved_readings_under_new_ones():
    book = QuotaBook()
    book.load({"app": Quota("app", used=10, limit=100).as_dict(),
               "page": Quota("page", used=5, limit=100).as_dict()})  # fmt: skip
    book.record(Quota("app", used=12, limit=100))
    snap = book.snapshot()
    assert snap["app"]["used"] == 12 and snap["page"]["used"] == 5
    assert snap["app"]["at"] is not None


def test_a_budget_counted_in_items_is_not_charged_per_request(make_project, double):
    project = make_project([_masto(double.url, monthly_read_budget=50)])
    ctx = Context(project, project.sources[0])
    budget = ctx.read_budget(unit="posts")
    assert budget is not None and ctx.http().budget is None
    assert budget.allow(100) == 50  # ask for no more than what is left
    budget.spend(50)
    with pytest.raises(BudgetSpentError, match=r"\(50 / 50 posts\)"):
        budget.allow(10)
    plain = Context(project, project.sources[0])
    assert plain.http().budget is plain.read_budget() and plain.read_budget().unit == "requests"
