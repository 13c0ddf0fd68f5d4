"""Items that are edited on their platform: a newer version replaces the stored one.

A review can be edited by its author (new text, new stars) and a brand's reply by the
brand, keeping the same id: Rumeur's dedupe (``platform:external_id``) would keep the
first version forever. A connector whose items change marks each with a **revision**
in ``Mention.extra["revision"]``: ``"<time>|<digest>"``, the time the platform gives
the version (its ``lastModified``) in :func:`~rumeur.connectors._paging.time_key` form,
and a digest of its content (:func:`revision`). In a batch of collected items:

- a revised item whose key is stored with an **older** revision (an earlier time, or
  the same time and another digest) *replaces* that mention: the stored mention and its
  enrichments are deleted, and the new version is inserted by the usual path, with the
  same ``mention_id`` (replies still point at it), the privacy steps applied and
  enriched again as part of this batch; the batch counts it as ``updated``, not new;
- the same revision again is a duplicate; an older one (a stale page) changes nothing;
- when one batch holds several versions of an item, the newest is kept.

The raw items keep every version as received: the history of a review is there.
Items without a revision (every other source) are never replaced.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from rumeur.storage.base import Store

_REV = "json_extract_string(extra, '$.revision')"


def revision(when: datetime, *parts: object) -> str:
    """The revision of a version dated ``when`` whose content is ``parts``."""
    from rumeur.connectors._paging import time_key

    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:12]
    return f"{time_key(when)}|{digest}"


def replace_revised(store: Store) -> int:
    """Apply the rules above to the ``parsed`` temp table of a batch (before its new
    rows are inserted); the number of stored mentions replaced."""
    st = store
    counts = st.query(
        f"SELECT count(*) AS n, count(DISTINCT dedupe_key) AS keys FROM parsed "
        f"WHERE reason IS NULL AND {_REV} IS NOT NULL"
    )[0]
    if not counts["n"]:
        return 0
    if counts["n"] != counts["keys"]:  # several versions of one item: the newest goes on
        st.execute(f"""
            DELETE FROM parsed WHERE reason IS NULL AND {_REV} IS NOT NULL
              AND (dedupe_key, {_REV}) NOT IN (
                  SELECT (dedupe_key, max({_REV})) FROM parsed
                  WHERE reason IS NULL AND {_REV} IS NOT NULL GROUP BY dedupe_key)
        """)
    rows = st.query(f"""
        SELECT m.mention_id FROM mentions m
        JOIN (SELECT dedupe_key, {_REV} AS rev FROM parsed
              WHERE reason IS NULL AND {_REV} IS NOT NULL) p
          ON m.dedupe_key = p.dedupe_key
        WHERE p.rev <> coalesce(json_extract_string(m.extra, '$.revision'), '')
          AND split_part(p.rev, '|', 1)
              >= split_part(coalesce(json_extract_string(m.extra, '$.revision'), ''), '|', 1)
    """)
    ids = [r["mention_id"] for r in rows]
    if ids:
        st.execute("DELETE FROM enrichments WHERE mention_id IN (SELECT unnest(?))", [ids])
        st.execute("DELETE FROM mentions WHERE mention_id IN (SELECT unnest(?))", [ids])
    return len(ids)


__all__ = ["replace_revised", "revision"]
