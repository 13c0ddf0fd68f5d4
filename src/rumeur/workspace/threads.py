"""Use case of the mention explorer's thread view: one mention and the conversation it
belongs to (the mentions of the same thread, oldest first), with their labels."""

from __future__ import annotations

from typing import Any

from rumeur.errors import UsageError
from rumeur.messages import Text
from rumeur.workspace._base import WorkspaceBase

#: at most this many mentions of a thread are shown (the oldest ones)
THREAD_LIMIT = 200


class ThreadsMixin(WorkspaceBase):
    """A mention's thread."""

    def thread(self, mention_id: str, *, limit: int = THREAD_LIMIT) -> list[dict[str, Any]]:
        """The mentions of ``mention_id``'s thread (itself included, replies matched by
        thread id or by the message they answer), oldest first, with their sentiment
        (``sentiment_model`` says which model or person set it); UsageError when no
        mention has that id."""
        from rumeur.query import SENTIMENT_SQL

        store = self.reader()
        found = store.query(
            "SELECT mention_id, coalesce(thread_id, external_id) AS thread, external_id "
            "FROM mentions WHERE mention_id = ?",
            [mention_id],
        )
        if not found:
            raise UsageError(
                Text(
                    f"pas de mention {mention_id!r} dans ce projet",
                    f"no mention {mention_id!r} in this project",
                )
            )
        thread, external = found[0]["thread"], found[0]["external_id"]
        rows = store.query(
            f"""
            SELECT m.*, s.sentiment, s.sentiment_model
            FROM mentions m LEFT JOIN ({SENTIMENT_SQL}) s ON s.mention_id = m.mention_id
            WHERE m.mention_id = ? OR m.thread_id = ? OR m.external_id = ?
               OR m.reply_to = ? OR m.reply_to = ?
            ORDER BY m.created_at, m.mention_id
            LIMIT ?
            """,
            [mention_id, thread, thread, thread, external, limit],
        )
        for r in rows:
            r.pop("dedupe_key", None)
        return rows
