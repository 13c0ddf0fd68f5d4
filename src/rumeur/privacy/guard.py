"""What an import or a collection does for privacy, inside its own transaction.

:class:`IngestGuard` runs at the end of every import (files, quarantine retries) and
every batch of collected items (connectors, webhook), before the import is recorded:

1. **erased people stay erased**: a mention whose author's handle (or, without a
   handle, name) or platform account id has a keyed digest in ``privacy_suppressions``
   is dropped, with its raw item, its quarantined rows, and its rows in the file's
   archive (rewritten); where another mention quotes their ``@handle``, it becomes
   ``[effacé]``. The import counts them as ``erased``, not imported;
2. ``[privacy] pseudonymise_authors = true``: each author's handle and account id are
   replaced by keyed pseudonyms (same person, same pseudonym: analytics per author keep
   working), the display name is dropped, and so is a link that spells the handle. The
   brand's own accounts keep their names (they are the brand's conduct, not a person's);
3. ``[privacy] redact_text = true``: e-mails, French phone numbers, IBANs and card
   numbers in texts and titles are replaced (:mod:`rumeur.privacy.redact`).

Raw items and archived files keep what was received (they are what lets a better model
re-read history), so with 2 or 3 set ``[retention] raw_days`` bounds how long the
originals stay; the register (``rumeur privacy register``) says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rumeur.config import Project
from rumeur.errors import ConfigError
from rumeur.messages import Text
from rumeur.privacy._sql import INTEGERS, STRINGS, as_json
from rumeur.privacy.archives import rewrite_file
from rumeur.privacy.keys import Keyed, fold_handle, project_keyed, secrets_path
from rumeur.privacy.redact import MAYBE, redact
from rumeur.privacy.settings import settings
from rumeur.privacy.subject import ERASED, payload_cells
from rumeur.records import utcnow

_AT_HANDLE = re.compile(r"(?<![\w@])@[\w.-]*\w(?:@[\w-]+(?:\.[\w-]+)+)?")
_FOLD = "lower(trim(ltrim(trim({}), '@')))"


class IngestGuard:
    """The privacy steps of one project's imports (see the module's docstring)."""

    def __init__(self, store: Any, project: Project) -> None:
        self.store = store
        self.project = project
        self.settings = settings(project)
        self._keyed: Keyed | None = None

    def keyed(self) -> Keyed:
        if self._keyed is None:
            create = self.settings.pseudonymise_authors
            self._keyed = project_keyed(self.project, create=create)
            if self._keyed is None:
                raise ConfigError(
                    Text(
                        "des personnes ont été effacées de ce magasin, mais la clé de "
                        "confidentialité qui les reconnaît manque",
                        "people were erased from this store, but the privacy key that "
                        "recognises them is missing",
                    ),
                    path=secrets_path(self.project),
                    key="privacy.key",
                    hint=Text(
                        "restaurez le fichier des secrets depuis votre sauvegarde ; rien n'a "
                        "été importé",
                        "restore the secrets file from your backup; nothing was imported",
                    ),
                )
        return self._keyed

    def apply(self, import_id: str) -> int:
        """Run the steps over the mentions of ``import_id``; how many were dropped
        because their author was erased."""
        st = self.store
        sup = st.query("SELECT digest, kind, platform FROM privacy_suppressions")
        s = self.settings
        if not (sup or s.pseudonymise_authors or s.redact_text):
            return 0
        keyed = self.keyed() if sup or s.pseudonymise_authors else None  # not to redact
        handles = {r["digest"]: r["platform"] for r in sup if r["kind"] == "handle"}
        ids = {r["digest"] for r in sup if r["kind"] == "id"}
        dropped = 0
        if keyed is not None and sup:
            dropped = self._drop_erased(import_id, keyed, handles, ids)
        if keyed is not None and s.pseudonymise_authors:
            self._pseudonymise(import_id, keyed)
        if s.redact_text or s.pseudonymise_authors or handles:
            self._texts(import_id, keyed, set(handles))
        return dropped

    # -- 1. erased people --------------------------------------------------------
    def _drop_erased(
        self, import_id: str, keyed: Keyed, handles: dict[str, str | None], ids: set[str]
    ) -> int:
        st = self.store
        authors = st.query(
            f"SELECT DISTINCT platform, author_id, {_FOLD.format('author_handle')} AS handle, "
            "CASE WHEN author_handle IS NULL THEN lower(trim(author_name)) END AS name "
            "FROM mentions WHERE import_id = ?",
            [import_id],
        )
        hits: set[tuple[str, str, str]] = set()
        for a in authors:
            for kind in ("handle", "name"):
                value = a[kind]
                d = keyed.handle_digest(value) if value else None
                if d in handles and handles[d] in (None, a["platform"]):
                    hits.add((a["platform"], kind, value))
            if a["author_id"] and keyed.id_digest(a["platform"], a["author_id"]) in ids:
                hits.add((a["platform"], "id", a["author_id"]))
        dropped = 0
        if hits:
            st.execute(
                "CREATE OR REPLACE TEMP TABLE _erased_authors "
                "(platform VARCHAR, kind VARCHAR, value VARCHAR)"
            )
            for h in sorted(hits):
                st.execute("INSERT INTO _erased_authors VALUES (?, ?, ?)", list(h))
            theirs = (
                "FROM mentions m WHERE import_id = ? AND EXISTS (SELECT 1 FROM _erased_authors e "
                "WHERE e.platform = m.platform AND ("
                f"(e.kind = 'handle' AND {_FOLD.format('m.author_handle')} = e.value) OR "
                "(e.kind = 'name' AND m.author_handle IS NULL "
                "AND lower(trim(m.author_name)) = e.value) OR "
                "(e.kind = 'id' AND m.author_id = e.value)))"
            )
            raw_ids = [
                r["raw_id"] for r in st.query(f"SELECT DISTINCT raw_id {theirs}", [import_id])
            ]
            rows = st.query(
                f"DELETE FROM mentions WHERE mention_id IN (SELECT mention_id {theirs})",
                [import_id],
            )
            dropped = int(next(iter(rows[0].values()))) if rows else 0
            st.execute(
                f"DELETE FROM raw_items WHERE import_id = ? AND raw_id IN (SELECT {STRINGS})",
                [import_id, as_json(raw_ids)],
            )
            st.execute("DROP TABLE IF EXISTS temp._erased_authors")
            self._archives(raw_ids, keyed, set(handles))
        self._quarantine(import_id, keyed, set(handles))
        return dropped

    def _owns(self, keyed: Keyed, handles: set[str]) -> Callable[[list[str]], bool]:
        def owns(cells: list[str]) -> bool:
            return any(c and len(c) <= 320 and keyed.handle_digest(c) in handles for c in cells)

        return owns

    def _archives(self, raw_ids: list[str], keyed: Keyed, handles: set[str]) -> None:
        raw_dir: Path | None = getattr(self.store, "raw_dir", None)
        if raw_dir is None or not raw_ids:
            return
        files = self.store.query(
            "SELECT DISTINCT file_sha256, archive FROM raw_files WHERE archive IS NOT NULL "
            f"AND left(file_sha256, 16) IN (SELECT {STRINGS})",
            [as_json(raw_ids)],
        )
        for f in files:
            path = raw_dir / f["archive"]
            if (
                path.is_file()
                and rewrite_file(
                    path, self._owns(keyed, handles), self._scrub(keyed, handles)
                ).changed
            ):
                self.store.execute(
                    "UPDATE raw_files SET edited_at = ? WHERE file_sha256 = ?",
                    [utcnow(), f["file_sha256"]],
                )

    def _quarantine(self, import_id: str, keyed: Keyed, handles: set[str]) -> None:
        owns = self._owns(keyed, handles)
        rows = self.store.query(
            "SELECT rowid AS rid, payload FROM quarantine WHERE import_id = ?", [import_id]
        )
        doomed = [r["rid"] for r in rows if owns(payload_cells(r["payload"]))]
        if doomed:
            self.store.execute(
                f"DELETE FROM quarantine WHERE rowid IN (SELECT {INTEGERS})", [as_json(doomed)]
            )

    def _scrub(
        self, keyed: Keyed, handles: set[str], pseudonyms: bool = False
    ) -> Callable[[str], str]:
        """@handles in a text: an erased person's becomes ``[effacé]``; with ``pseudonyms``,
        anyone else's but the brands' becomes their pseudonym (as their mentions show it)."""
        brands = {h for b in self.project.brands for h in (*b.handles, *b.own_accounts)}

        def scrub(text: str) -> str:
            if not (handles or pseudonyms) or "@" not in text:
                return text

            def one(m: re.Match[str]) -> str:
                token = m.group(0)  # @user or @user@host: either form may be the erased one
                local = token.lstrip("@").split("@", 1)[0]
                if handles and any(keyed.handle_digest(f) in handles for f in (token, local)):
                    return ERASED
                if pseudonyms and fold_handle(local) not in brands:
                    return "@" + keyed.pseudonym("handle", token.lstrip("@"))
                return token

            return _AT_HANDLE.sub(one, text)

        return scrub

    # -- 2. pseudonyms ------------------------------------------------------------
    def _pseudonymise(self, import_id: str, keyed: Keyed) -> None:
        st = self.store
        mine = "import_id = ? AND NOT coalesce(is_own_account, false)"
        authors = st.query(
            "SELECT DISTINCT platform, author_id, author_handle, author_name FROM mentions "
            f"WHERE {mine} AND coalesce(author_handle, author_id, author_name) IS NOT NULL "
            "AND NOT starts_with(coalesce(author_handle, author_id, ''), 'anon-')",
            [import_id],
        )
        if not authors:
            return
        cols: dict[str, list[str | None]] = {k: [] for k in (
            "platform", "author_id", "author_handle", "author_name", "new_id", "new_handle",
            "folded")}  # fmt: skip
        for a in authors:
            who = a["author_handle"] or a["author_name"]
            pid = a["author_id"]
            for k in ("platform", "author_id", "author_handle", "author_name"):
                cols[k].append(a[k])
            cols["new_id"].append(keyed.pseudonym(f"id:{a['platform']}", pid) if pid else None)
            cols["new_handle"].append(keyed.pseudonym("handle", who) if who else None)
            cols["folded"].append(fold_handle(who) if who else None)
        st.execute(
            "CREATE OR REPLACE TEMP TABLE _pseudo AS SELECT "
            + ", ".join(f"{STRINGS} AS {k}" for k in cols),
            [as_json(v) for v in cols.values()],
        )
        st.execute(
            f"""
            UPDATE mentions SET author_handle = p.new_handle, author_id = p.new_id,
                   author_name = NULL,
                   url = CASE WHEN p.folded IS NOT NULL AND length(p.folded) >= 3
                              AND contains(lower(mentions.url), p.folded) THEN NULL
                              ELSE mentions.url END
            FROM _pseudo p
            WHERE mentions.{mine.replace("is_own_account", "mentions.is_own_account")}
              AND mentions.platform IS NOT DISTINCT FROM p.platform
              AND mentions.author_id IS NOT DISTINCT FROM p.author_id
              AND mentions.author_handle IS NOT DISTINCT FROM p.author_handle
              AND mentions.author_name IS NOT DISTINCT FROM p.author_name
        """,
            [import_id],
        )
        st.execute("DROP TABLE IF EXISTS temp._pseudo")

    # -- 3. texts -------------------------------------------------------------------
    def _texts(self, import_id: str, keyed: Keyed | None, handles: set[str]) -> None:
        st = self.store
        scrub: Callable[[str], str] = str
        if keyed is not None:
            scrub = self._scrub(keyed, handles, self.settings.pseudonymise_authors)
        do_redact = self.settings.redact_text
        pattern = MAYBE.pattern if do_redact else "@"
        rows = st.query(
            "SELECT mention_id, text, title FROM mentions WHERE import_id = ? AND "
            "(regexp_matches(text, ?) OR regexp_matches(coalesce(title, ''), ?))",
            [import_id, pattern, pattern],
        )
        changed: list[tuple[str, str, str | None]] = []
        for r in rows:
            text, title = scrub(r["text"] or ""), scrub(r["title"]) if r["title"] else r["title"]
            if do_redact:
                text = redact(text)[0]
                title = redact(title)[0] if title else title
            if text != r["text"] or title != r["title"]:
                changed.append((r["mention_id"], text, title))
        if changed:
            st.execute(
                f"CREATE OR REPLACE TEMP TABLE _new_texts AS SELECT {STRINGS} AS id, "
                f"{STRINGS} AS text, {STRINGS} AS title",
                [
                    as_json(c[0] for c in changed),
                    as_json(c[1] for c in changed),
                    as_json(c[2] for c in changed),
                ],
            )
            st.execute(
                "UPDATE mentions SET text = n.text, title = n.title FROM _new_texts n "
                "WHERE mentions.mention_id = n.id"
            )
            st.execute("DROP TABLE IF EXISTS temp._new_texts")


__all__ = ["IngestGuard"]
