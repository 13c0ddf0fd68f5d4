"""What the app-store review connectors share (``appstore/``, ``googleplay/``).

- :func:`add_mentions`: API objects -> the page's items (payload as received and its
  :class:`~rumeur.records.Mention`), or its ``rejected`` list with the reason, so a bad
  item goes to the quarantine and never stops a run;
- :func:`revisit_cursor`: a review is listed where its date puts it, so the developer's
  answer written after the review was collected would be missed by a pass that stops at
  its watermark: each new pass therefore reads back at least ``revisit`` seconds (the
  answers it finds are new mentions, the reviews already stored are duplicates, and an
  edited review updates its mention, see :mod:`rumeur.ingest.pipeline`);
- :func:`with_completion`: the cursor also records when the last *complete* pass began
  (``completed``): everything listed before that moment has been read. Google Play only
  lists a week, so a gap longer than that is reported (:func:`gap_note`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from rumeur.connectors._paging import from_key, time_key
from rumeur.connectors.base import Page, dumps
from rumeur.ingest.reasons import stored
from rumeur.records import Mention

#: what normalisers raise on an object they cannot read
BAD_ITEM = (ValueError, TypeError, KeyError, AttributeError, IndexError)


def add_mentions(page: Page, objs: Iterable[Any], make: Callable[[Any], Mention]) -> None:
    """Append each object to ``page`` as an item, or as rejected with the reason."""
    for obj in objs:
        payload = dumps(obj)
        try:
            mention = make(obj)
        except BAD_ITEM as exc:
            error = f"{type(exc).__name__}: {exc}"
            page.rejected.append((payload, stored("cannot_normalise", error=error)))
            continue
        if mention.text.strip():
            page.items.append((payload, mention))
        else:
            page.rejected.append((payload, stored("no_text")))


def revisit_cursor(cursor: Any, now: datetime, revisit: float) -> dict[str, Any]:
    """``cursor`` with its watermark lowered to ``now - revisit`` when a new pass starts
    (a pass under way keeps its own)."""
    state = dict(cursor or {})
    mark = state.get("watermark")
    if mark is not None and not state.get("resume") and revisit > 0:
        state["watermark"] = min(mark, time_key(now - timedelta(seconds=revisit)))
    return state


def with_completion(pages: Iterator[Page], cursor: Any, now: datetime) -> Iterator[Page]:
    """``pages`` (of :func:`~rumeur.connectors._paging.newest_first`) with ``completed``
    in each cursor: the start of the last complete pass (this one, once it ends)."""
    previous = (cursor or {}).get("completed")
    started = (cursor or {}).get("started") or time_key(now)
    for page in pages:
        if isinstance(page.cursor, dict):
            done = "resume" not in page.cursor
            mark = started if done else previous
            if mark is not None:
                page.cursor["completed"] = mark
        yield page


def gap_note(cursor: Any, now: datetime, window: float, platform: str) -> str | None:
    """A warning when the last complete pass began more than ``window`` seconds ago:
    what the platform listed in between may have dropped out of its listing unread."""
    completed = (cursor or {}).get("completed")
    if not completed:
        return None
    since = from_key(completed)
    if now - since <= timedelta(seconds=window):
        return None
    days = (now - since).total_seconds() / 86400
    lost_until = now - timedelta(seconds=window)
    return (
        f"warning: the last complete collection began {days:.1f} days ago "
        f"({since:%Y-%m-%d %H:%M} UTC) and {platform} only lists the last "
        f"{window / 86400:.0f} days: reviews written or edited between "
        f"{since:%Y-%m-%d %H:%M} and {lost_until:%Y-%m-%d %H:%M} UTC may have been missed"
    )


#: source types whose platform lists only a recent window (seconds): Google Play, a week
LISTING_WINDOWS = {"googleplay": 7 * 86400.0}


def gap_warning(
    source_type: str, cursor: Any, last_success: datetime | None, now: datetime, tz: str
) -> str | None:
    """For ``rumeur sources`` (French): the source's platform lists only a recent window
    and its last complete pass (else its last success) is older than that window."""
    window = LISTING_WINDOWS.get(source_type)
    if window is None:
        return None
    completed = cursor.get("completed") if isinstance(cursor, dict) else None
    since = from_key(completed) if completed else last_success
    if since is None or now - since <= timedelta(seconds=window):
        return None
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tz)
    days = f"{(now - since).total_seconds() / 86400:.1f}".replace(".", ",")
    lost = now - timedelta(seconds=window)
    return (
        f"la plateforme ne garde que {window / 86400:.0f} jours d'avis et le dernier passage "
        f"complet date de {days} jours : les avis écrits ou modifiés entre le "
        f"{since.astimezone(zone):%d/%m/%Y %H:%M} et le {lost.astimezone(zone):%d/%m/%Y %H:%M} "
        f"({tz}) ont pu être manqués ; collectez plus souvent"
    )


__all__ = [
    "BAD_ITEM",
    "LISTING_WINDOWS",
    "add_mentions",
    "gap_note",
    "gap_warning",
    "revisit_cursor",
    "with_completion",
]
