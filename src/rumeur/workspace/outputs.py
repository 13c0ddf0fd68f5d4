"""Use cases that answer with a document or a delivery: the report, alerts (check,
test, digest, log, replay) and polls/surveys."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rumeur.messages import Text
from rumeur.workspace._base import TimeLike, WorkspaceBase

if TYPE_CHECKING:
    from rumeur.alerts.replay import Fired
    from rumeur.analytics.polls import PollRow


class OutputsMixin(WorkspaceBase):
    """Report, alerts and polls."""

    # -- report ------------------------------------------------------------------------
    def report(
        self,
        output: Path | str = "rapport.html",
        *,
        lang: str | None = None,
        since: TimeLike = None,
        until: TimeLike = None,
    ) -> Path:
        """Write the self-contained HTML report of [since, until) (default: everything
        stored) in ``lang`` (default: the project's); returns its path."""
        from rumeur.report import build_report

        return build_report(
            self.writer(),
            self.project,
            Path(output),
            lang=lang,
            start=self.time(since, "--since"),
            end=self.time(until, "--until"),
        )

    # -- alerts ------------------------------------------------------------------------
    def _now(self, now: TimeLike) -> datetime:
        return self.time(now, "--now") or datetime.now(UTC)

    def check_alerts(
        self, *, now: TimeLike = None, dry_run: bool = False, force: bool = False
    ) -> list[dict[str, Any]]:
        """Evaluate the rules that are due as of ``now`` (each rule's ``every_minutes``,
        hourly by default; ``force``: every rule); de-duplicate, apply cooldowns and deliver
        (``dry_run``: evaluate every rule only, nothing sent or recorded). One dict per
        alert: key, title, status..."""
        from rumeur.alerts import from_project
        from rumeur.alerts.schedule import check_due

        return check_due(self.writer(), from_project(self.project), self._now(now),
                         self._audience(), timezone=self.project.timezone,
                         force=force or dry_run, dry_run=dry_run,
                         project=self.project)  # fmt: skip

    def test_alerts(self, channels: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Send a test message through each configured channel (or those named); one
        dict per channel: channel, type, ok, error."""
        from rumeur.alerts import DeliveryError, from_project, send

        results: list[dict[str, Any]] = []
        for ch in from_project(self.project).channels:
            if channels and ch.name not in channels:
                continue
            try:
                send(
                    ch,
                    "Test",
                    f"Message de test de Rumeur ({self.project.name}) : ce canal fonctionne.",
                    {"test": True},
                )
                results.append({"channel": ch.name, "type": ch.type, "ok": True})
            except DeliveryError as exc:
                results.append(
                    {"channel": ch.name, "type": ch.type, "ok": False, "error": exc.message}
                )
        return results

    def digest(self, *, period: str | None = None, now: TimeLike = None) -> str:
        """The daily or weekly digest (default: ``[alerts] digest``) ending ``now``."""
        from rumeur.alerts import digest, from_project

        settings = from_project(self.project)
        when = self._now(now)
        days = 7 if (period or settings.digest) == "weekly" else 1
        return digest(self.reader(), when - timedelta(days=days), when,
                      timezone=self.project.timezone)  # fmt: skip

    def send_digest(self, text: str) -> list[dict[str, Any]]:
        """Deliver ``text`` through every channel; one dict per channel (ok, error)."""
        from rumeur.alerts import DeliveryError, from_project, send

        out: list[dict[str, Any]] = []
        for ch in from_project(self.project).channels:
            try:
                send(ch, "Synthèse", text, {"digest": True})
                out.append({"channel": ch.name, "ok": True})
            except DeliveryError as exc:
                out.append({"channel": ch.name, "ok": False, "error": exc.message})
        return out

    def alert_log(self, limit: int = 50) -> list[dict[str, Any]]:
        """Alerts already considered (sent, cooldown, failed), newest first."""
        if limit < 0:
            from rumeur.errors import UsageError

            raise UsageError(
                Text(
                    f"--limit : un nombre positif, pas {limit}",
                    f"--limit: a positive number, not {limit}",
                )
            )
        return self.writer().query(
            "SELECT alert_id, rule, brand, status, title, min(fired_at) AS fired_at, "
            "count(*) AS keys FROM alert_log GROUP BY ALL ORDER BY fired_at DESC LIMIT ?",
            [limit],
        )

    def replay_alerts(self, *, since: TimeLike = None, until: TimeLike = None) -> list[Fired]:
        """What the rules would have raised over [since, until) (default: the stored
        period), checked at each rule's schedule (hourly by default) as ``alerts check``
        would; nothing sent or written. Alert texts give times in the project's zone."""
        from rumeur.alerts import from_project
        from rumeur.alerts.replay import replay
        from rumeur.query import time_bounds

        store = self.writer()
        first, last = time_bounds(store)
        lo = self.time(since, "--since") or first
        hi = self.time(until, "--until") or last
        if lo is None or hi is None:
            return []
        return replay(store, from_project(self.project), lo, hi, audience=self._audience(),
                      timezone=self.project.timezone, project=self.project)  # fmt: skip

    # -- polls and surveys -------------------------------------------------------------
    def import_poll(self, file: Path | str, name: str | None = None) -> dict[str, Any]:
        """Import a poll (option + votes, or percent + total) or a survey (one row per
        respondent) under ``name`` (default: the file's stem), replacing a previous one."""
        from rumeur.analytics.polls import (
            is_poll_file,
            read_poll_csv,
            read_survey_csv,
            save_poll,
            save_survey,
        )

        path = Path(file)
        name = name or path.stem
        store = self.writer()
        if is_poll_file(path):
            kind, n = "poll", save_poll(store, name, read_poll_csv(path), str(path))
        else:
            questions, answers = read_survey_csv(path)
            kind, n = "survey", save_survey(store, name, questions, answers, str(path))
        return {"name": name, "kind": kind, "rows": n}

    def polls(self) -> list[dict[str, Any]]:
        """Imported polls and surveys: kind, name, questions, n."""
        return self.writer().query(
            "SELECT 'poll' AS kind, poll AS name, count(DISTINCT question) AS questions, "
            "sum(votes) AS n FROM poll_results GROUP BY 1, 2 UNION ALL "
            "SELECT 'survey', survey, count(DISTINCT question), count(DISTINCT respondent) "
            "FROM survey_answers GROUP BY 1, 2 ORDER BY 1, 2"
        )

    @staticmethod
    def read_poll(file: Path | str) -> list[PollRow]:
        """A poll's rows from a CSV file (no project needed)."""
        from rumeur.analytics.polls import read_poll_csv

        return read_poll_csv(Path(file))

    @staticmethod
    def read_survey(file: Path | str) -> tuple[list[str], list[dict[str, str]]]:
        """A survey's questions and answers from a CSV file (no project needed)."""
        from rumeur.analytics.polls import read_survey_csv

        return read_survey_csv(Path(file))

    @staticmethod
    def poll_results(rows: Sequence[PollRow], question: str | None = None) -> Any:
        """One table per question: each option's share with its Wilson 95 % interval."""
        from rumeur.analytics.polls import results

        return results(rows, question)

    @staticmethod
    def is_poll_file(file: Path | str) -> bool:
        """True when a CSV holds poll results (option + votes, or percent + total), not
        one survey answer per row."""
        from rumeur.analytics.polls import is_poll_file

        return is_poll_file(Path(file))

    @staticmethod
    def survey_tables(
        questions: list[str], answers: list[dict[str, str]], *, question: str | None = None
    ) -> list[dict[str, Any]]:
        """One table per survey question (or only ``question``): closed answers with
        Wilson intervals, several answers counted per option, open answers as themes."""
        from rumeur.analytics.surveys import from_table, survey_results

        qs = [q for q in from_table(questions, answers) if question in (None, q.text)]
        return survey_results(qs)

    @staticmethod
    def compare_poll(
        rows: Sequence[PollRow], *, by: str = "wave", option: str | None = None
    ) -> Any:
        """Waves or groups compared (two-proportion z or chi-square, with effect size)."""
        from rumeur.analytics.polls import compare
        from rumeur.workspace.choices import POLL_BY, check

        return compare(rows, by=check("--by", by, POLL_BY), option=option)

    @staticmethod
    def survey_themes(answers: Sequence[str], *, k: int = 5) -> list[Any]:
        """Themes of open-ended answers (TF-IDF + k-means) with representative quotes."""
        from rumeur.analytics.polls import themes

        return themes(answers, k=k)

    def poll(self, source: str | Path) -> list[PollRow]:
        """A poll's rows: from a CSV file, or an imported poll by name."""
        from rumeur.analytics.polls import load_poll
        from rumeur.errors import RumeurError

        if Path(source).is_file():
            return self.read_poll(source)
        rows = load_poll(self.reader(), str(source))
        if not rows:
            raise RumeurError(
                Text(
                    f"ni fichier ni sondage importé nommé {str(source)!r}",
                    f"no file and no imported poll named {str(source)!r}",
                ),
                hint=_HINT,
            )
        return rows

    def survey(self, source: str | Path) -> tuple[list[str], list[dict[str, str]]]:
        """A survey's questions and answers: from a CSV file, or imported by name."""
        from rumeur.analytics.polls import load_survey
        from rumeur.errors import RumeurError

        if Path(source).is_file():
            return self.read_survey(source)
        questions, answers = load_survey(self.reader(), str(source))
        if not answers:
            raise RumeurError(
                Text(
                    f"ni fichier ni enquête importée nommée {str(source)!r}",
                    f"no file and no imported survey named {str(source)!r}",
                ),
                hint=_HINT,
            )
        return questions, answers


_HINT = Text(
    "rumeur polls list ; rumeur polls import FICHIER --name NOM",
    "rumeur polls list; rumeur polls import FILE --name NAME",
)
