"""Use cases over the stored data: import files and collected items, enrich (always
followed by the analytics rollups), read mentions, quarantine, retention."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rumeur.errors import UsageError
from rumeur.messages import Text
from rumeur.workspace._base import TimeLike, WorkspaceBase

if TYPE_CHECKING:
    from rumeur.enrich.pipeline import EnricherStatus, Selection
    from rumeur.ingest.pipeline import ImportResult, Ingestor
    from rumeur.query import MentionFilter
    from rumeur.records import Mention
    from rumeur.storage.retention import Purged

#: progress(enricher key, done, total)
EnrichProgress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class RetryOutcome:
    """What ``quarantine retry`` did."""

    retried: int
    resolved: int
    imported: int
    still_open: int

    def to_dict(self) -> dict[str, int]:
        return {
            "retried": self.retried,
            "resolved": self.resolved,
            "imported": self.imported,
            "still_open": self.still_open,
        }


class DataMixin(WorkspaceBase):
    """Import, enrichment, mentions, quarantine and retention."""

    _ingestor: Ingestor | None = None

    def ingestor(self) -> Ingestor:
        """The Ingestor bound to this workspace's (writable) store."""
        store = self.writer()
        if self._ingestor is None or self._ingestor.store is not store:
            from rumeur.ingest import Ingestor

            self._ingestor = Ingestor(store, self.project)
        return self._ingestor

    # -- import --------------------------------------------------------------------
    def import_files(
        self,
        files: Iterable[Path | str],
        *,
        mapping: Mapping[str, str] | None = None,
        platform: str | None = None,
        reference: TimeLike = None,
        enrich: bool = False,
        progress: Callable[[str], None] | None = None,
        on_file: Callable[[ImportResult], None] | None = None,
        enrich_progress: EnrichProgress | None = None,
    ) -> list[ImportResult]:
        """Import files (CSV, JSON Lines/JSON, Parquet) one after the other; bad rows go
        to quarantine, duplicates are skipped. ``reference``: when the export was made,
        for relative dates (default: each file's modification time). ``on_file`` hears
        each file's result as soon as it is stored; with ``enrich`` the new mentions are
        enriched (and the rollups refreshed) at the end. A file that cannot be imported
        at all (missing, no text column...) gets a result with ``status`` "failed" and
        its error; the files after it are imported."""
        ref = self.time(reference, "--export-time")
        # a file that cannot be imported at all does not stop the others: its result
        # says "failed" and why (see Ingestor.import_files)
        results = self.ingestor().import_files(
            [Path(f) for f in files], mapping=mapping, platform=platform, reference=ref,
            progress=progress, on_done=on_file,
        )  # fmt: skip
        if enrich:
            self.enrich(progress=enrich_progress)  # refreshes the search index too
        elif results:
            # also when nothing was new: an earlier run killed after its import committed
            # but before its index refresh left the index behind (a no-op when current)
            self.writer().refresh_search_index()
        return results

    def import_items(
        self,
        items: Iterable[tuple[str, Mention]],
        *,
        source: str,
        origin: str | None = None,
        rejected: Iterable[tuple[str, str]] = (),
        cursor: Any = None,
    ) -> ImportResult:
        """Store collected items ((payload as received, Mention) pairs), the rejected ones
        ((payload, reason) pairs, quarantined) and the source's cursor, together."""
        result = self.ingestor().ingest_items(
            items, source=source, origin=origin, rejected=rejected, cursor=cursor
        )
        if result.imported:
            self.writer().refresh_search_index()
        return result

    # -- enrichment ----------------------------------------------------------------
    def enrich(
        self,
        names: Sequence[str] | None = None,
        *,
        include_optional: bool = False,
        limit: int | None = None,
        select: Selection | None = None,
        mention_ids: Sequence[str] | None = None,
        progress: EnrichProgress | None = None,
        refresh_rollups: bool = True,
    ) -> dict[str, int]:
        """Enrich what is missing or outdated (see :func:`rumeur.enrich.run_enrichment`),
        then rebuild the analytics rollups so that they follow the new labels. Returns
        the number of mentions enriched per enricher key."""
        from rumeur.enrich.pipeline import run_enrichment

        done = run_enrichment(
            self.writer(),
            self.project,
            names=names,
            include_optional=include_optional,
            limit=limit,
            select=select,
            mention_ids=mention_ids,
            progress=progress,
        )
        if refresh_rollups:
            self.refresh_rollups()
        return done

    def selection(
        self,
        *,
        brand: str | None = None,
        since: TimeLike = None,
        until: TimeLike = None,
        most_seen: bool = False,
    ) -> Selection:
        """Which mentions an enrichment run takes (a brand, a period, most-seen first);
        an unknown brand is refused with the known ones."""
        from rumeur.enrich.pipeline import Selection

        if brand is not None:
            self.check_brands([brand])
        return Selection(
            brand=brand,
            since=self.time(since, "--since"),
            until=self.time(until, "--until"),
            most_seen=most_seen,
        )

    def enrichment_status(self) -> list[EnricherStatus]:
        """Every enricher with its version and how many mentions it covers."""
        from rumeur.enrich.pipeline import status

        return status(self.writer())

    # -- mentions --------------------------------------------------------------------
    def mentions(self, flt: MentionFilter) -> list[dict[str, Any]]:
        """Stored mentions matching ``flt``, with their sentiment and language."""
        from rumeur.query import find_mentions
        from rumeur.workspace.choices import ALL_PLATFORMS, SENTIMENTS, SORTS, check

        if flt.brand:
            self.check_brands([flt.brand])
        if flt.platform:
            check("--platform", flt.platform, ALL_PLATFORMS)
        if flt.sentiment:
            check("--sentiment", flt.sentiment, SENTIMENTS)
        check("--sort", flt.sort, SORTS)
        if flt.limit is not None and flt.limit < 0:
            raise UsageError(
                Text(
                    f"--limit : un nombre positif, pas {flt.limit}",
                    f"--limit: a positive number, not {flt.limit}",
                )
            )
        if flt.offset < 0:
            raise UsageError(
                Text(
                    f"--offset : un nombre positif, pas {flt.offset}",
                    f"--offset: a positive number, not {flt.offset}",
                )
            )
        if flt.sort == "relevance" and not flt.search:
            raise UsageError(
                Text(
                    "--sort relevance : seulement avec --search",
                    "--sort relevance: only with --search",
                )
            )
        if flt.search:  # through the full-text index, brought up to date first
            return find_mentions(self._search_store(), flt)  # type: ignore[attr-defined]
        return find_mentions(self.reader(), flt)

    def mention(self, mention_id: str) -> dict[str, Any] | None:
        """One stored mention with its sentiment and language, or None."""
        from rumeur.query import MentionFilter, find_mentions

        rows = find_mentions(self.reader(), MentionFilter(ids=(mention_id,), limit=1))
        return rows[0] if rows else None

    def mention_filter(
        self, *, since: TimeLike = None, until: TimeLike = None, **fields: Any
    ) -> MentionFilter:
        """A :class:`~rumeur.query.MentionFilter` (search, brand, platform, sentiment,
        language, author, unmatched, own, sort, limit, offset), times read in the
        project's zone; no ``sort`` (None): by relevance with a search, else by date."""
        from rumeur.query import MentionFilter

        if fields.get("sort", "") is None:
            fields["sort"] = "relevance" if fields.get("search") else "date"
        return MentionFilter(
            since=self.time(since, "--since"), until=self.time(until, "--until"), **fields
        )

    def mention_count(self) -> int:
        """How many mentions the store holds."""
        return int(self.reader().scalar("SELECT count(*) FROM mentions") or 0)

    def read_arrow(self, sql: str, params: Sequence[Any] = ()) -> bytes:
        """Run one read-only SQL statement (SELECT only) of a CLI reading through the
        server that holds the store; its rows as Arrow IPC stream bytes."""
        from rumeur.storage.remote import decode_params, run_read_query

        return run_read_query(self.reader(), sql, decode_params(params))

    # -- quarantine --------------------------------------------------------------------
    def quarantine(
        self,
        *,
        reason: str | None = None,
        status: str = "open",
        limit: int | None = 100,
        lang: str | None = None,
    ) -> list[dict[str, Any]]:
        """Quarantined rows (newest first), each ``reason`` in ``lang`` (default: the
        project's language) with its ``code``: ``reason`` a substring (taken literally)
        of the code, the kind or the stored text, ``status`` one of
        :data:`~rumeur.workspace.choices.QUARANTINE_STATUSES`."""
        from rumeur.ingest.quarantine import quarantine_rows
        from rumeur.workspace.choices import QUARANTINE_STATUSES, check

        check("--status", status, QUARANTINE_STATUSES)
        if limit is not None and limit < 0:
            raise UsageError(
                Text(
                    f"--limit : un nombre positif, pas {limit}",
                    f"--limit: a positive number, not {limit}",
                )
            )
        return quarantine_rows(self.writer(), reason, status, limit, lang or self.project.language)

    def export_quarantine(
        self, out: TextIO, *, fmt: str = "csv", status: str = "open", lang: str | None = None
    ) -> int:
        """Write quarantined rows with their content, as ``csv`` (cells a spreadsheet would
        run as formulas neutralised) or ``jsonl``, their reasons in ``lang`` (default:
        the project's language) with their ``code``; the number of rows written."""
        from rumeur.ingest.quarantine import export_quarantine
        from rumeur.workspace.choices import QUARANTINE_STATUSES, check

        check("--status", status, QUARANTINE_STATUSES)
        return export_quarantine(self.writer(), out, fmt, status, lang or self.project.language)

    def quarantine_summary(self, lang: str | None = None) -> list[dict[str, Any]]:
        """Open quarantined rows counted per kind of reason: ``reason`` (the kind in
        ``lang``, default the project's language), ``code`` and ``n``, most first."""
        from rumeur.ingest.quarantine import quarantine_counts

        return quarantine_counts(self.writer(), lang or self.project.language)

    def retry_quarantine(
        self,
        ids: Sequence[str] | None = None,
        *,
        mapping: Mapping[str, str] | None = None,
        reference: TimeLike = None,
    ) -> RetryOutcome:
        """Run open quarantined rows (all, or those whose id starts with one of ``ids``)
        through the import again; the ones that now import are resolved."""
        from rumeur.ingest.quarantine import retry_quarantine

        ref = self.time(reference, "--export-time")
        store = self.writer()
        full_ids = None
        if ids:
            full_ids = [
                r["quarantine_id"]
                for r in store.query(
                    "SELECT quarantine_id FROM quarantine WHERE "
                    + " OR ".join("quarantine_id LIKE ?" for _ in ids),
                    [f"{i}%" for i in ids],
                )
            ]
        result, resolved = retry_quarantine(
            self.ingestor(), ids=full_ids, mapping=mapping, reference=ref
        )
        still = store.query("SELECT count(*) AS n FROM quarantine WHERE status = 'open'")
        return RetryOutcome(result.rows, resolved, result.imported, int(still[0]["n"] or 0))

    # -- retention --------------------------------------------------------------------
    def retention(self, *, dry_run: bool = False) -> list[Purged]:
        """Apply ``[retention]``: delete (or count) what is older than it allows."""
        from rumeur.storage.retention import apply_retention

        purged = apply_retention(self.writer(), self.project.retention, dry_run=dry_run)
        if not dry_run and any(p.rows for p in purged):
            self.writer().refresh_search_index()  # the deleted mentions leave the index
        return purged
