"""The server's own state: users, their project access, API tokens and browser sessions,
in one small SQLite file (stdlib ``sqlite3``), apart from the projects' DuckDB stores.

Where it lives: ``--state PATH`` of ``rumeur serve`` / ``rumeur users``, else the
``RUMEUR_SERVER_STATE`` environment variable, else ``$XDG_DATA_HOME/rumeur/server.sqlite3``
(``~/.local/share/rumeur/server.sqlite3``). The file is created mode 0600.

Secrets are never stored: passwords and API tokens as argon2id hashes (argon2-cffi),
session ids as SHA-256 digests (they are 256 random bits: a slow hash adds nothing). A
token is shown once, when it is made: ``rmr_<id>_<secret>``; the id finds its row, the
secret is checked against the hash. Checked tokens are remembered for a minute in memory
(a SHA-256 of the whole token), and then their row is read again (revoked? user
disabled? role changed?); argon2 runs once per token and server process (again only if
the stored hash changes), and once for all the requests that bring a token together, not
on every request; revoking a token forgets it at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rumeur.errors import UsageError
from rumeur.messages import Text
from rumeur.suggest import listed, unknown

ROLES = ("viewer", "analyst", "admin")
#: what each role may do includes what the roles before it may do
RANK = {role: i for i, role in enumerate(ROLES)}
SESSION_SECONDS = 12 * 3600
_TOKEN_CACHE_SECONDS = 60.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT,
    created_at REAL NOT NULL, disabled INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS user_projects (
    user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE, project TEXT NOT NULL,
    PRIMARY KEY (user, project));
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    label TEXT NOT NULL, hash TEXT NOT NULL, projects TEXT, local INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL, last_used REAL, revoked_at REAL);
CREATE TABLE IF NOT EXISTS sessions (
    digest TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    csrf TEXT NOT NULL, created_at REAL NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, user TEXT, project TEXT,
    action TEXT NOT NULL, target TEXT, status INTEGER, ip TEXT, detail TEXT);
CREATE TABLE IF NOT EXISTS login_failures (user TEXT NOT NULL, ip TEXT NOT NULL, at REAL NOT NULL);
"""


def default_state_path() -> Path:
    """``RUMEUR_SERVER_STATE``, else ``$XDG_DATA_HOME/rumeur/server.sqlite3``."""
    env = os.environ.get("RUMEUR_SERVER_STATE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "rumeur" / "server.sqlite3"


@dataclass(frozen=True, slots=True)
class User:
    """Who makes a request: a name, a role, and the projects they may open (every
    project for an admin; ``token_projects`` narrows it for a scoped token)."""

    name: str
    role: str
    projects: frozenset[str] = frozenset()
    token_projects: frozenset[str] | None = None
    #: how they came: "session" (browser cookie) or "token" (Authorization: Bearer)
    via: str = "token"
    csrf: str | None = field(default=None, compare=False)

    def has_role(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]

    def can_open(self, project: str) -> bool:
        if self.token_projects is not None and project not in self.token_projects:
            return False
        return self.role == "admin" or project in self.projects

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "projects": sorted(self.projects)}


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    """A user name: 1-64 letters, digits, ``.``, ``_``, ``-`` or ``@``."""
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-@" for c in name):
        raise UsageError(
            Text(f"nom d'utilisateur invalide : {name!r}", f"invalid user name: {name!r}"),
            hint=Text(
                "de 1 à 64 lettres, chiffres, '.', '_', '-' ou '@'",
                "1 to 64 letters, digits, '.', '_', '-' or '@'",
            ),
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UsageError(
            unknown(Text("rôle inconnu", "unknown role"), role, ROLES, option="--role"),
            hint=listed(ROLES, Text("rôles", "roles")),
        )
    return role


class Accounts:
    """Users, project access, tokens and sessions in the SQLite file at ``path``.
    Safe to share between threads (one connection per call, a lock around writes)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            self.path.touch(mode=0o600)
        self._lock = threading.RLock()
        self._token_cache: dict[str, tuple[float, User]] = {}
        #: token digest -> the stored hash its secret was checked against (argon2 once
        #: per token and process: a minute later only the token's row is read again)
        self._verified: dict[str, str] = {}
        self._verifying: dict[str, threading.Lock] = {}
        with self._db() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10.0)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys = ON")
        try:
            with self._lock, db:
                yield db
        finally:
            db.close()

    # -- users ---------------------------------------------------------------------
    def add_user(
        self, name: str, role: str, projects: Iterable[str] = (), password: str | None = None
    ) -> User:
        check_name(name)
        check_role(role)
        with self._db() as db:
            if db.execute("SELECT 1 FROM users WHERE name = ?", [name]).fetchone():
                raise UsageError(
                    Text(f"l'utilisateur {name!r} existe déjà", f"user {name!r} exists already")
                )
            pw = _hasher().hash(password) if password else None
            db.execute(
                "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                [name, role, pw, time.time()],
            )
            db.executemany(
                "INSERT OR IGNORE INTO user_projects VALUES (?, ?)", [(name, p) for p in projects]
            )
        return self.user(name)

    def user(self, name: str) -> User:
        with self._db() as db:
            row = db.execute("SELECT * FROM users WHERE name = ?", [name]).fetchone()
            if row is None:
                raise UsageError(
                    Text(f"pas d'utilisateur {name!r}", f"no user {name!r}"),
                    hint=Text("rumeur users list", "rumeur users list"),
                )
            projects = [
                r["project"]
                for r in db.execute("SELECT project FROM user_projects WHERE user = ?", [name])
            ]
        return User(row["name"], row["role"], frozenset(projects))

    def users(self) -> list[dict[str, Any]]:
        """Every user: name, role, projects, whether a password is set, tokens in use."""
        with self._db() as db:
            rows = db.execute("SELECT * FROM users ORDER BY name").fetchall()
            out = []
            for r in rows:
                projects = [
                    p["project"]
                    for p in db.execute(
                        "SELECT project FROM user_projects WHERE user = ? ORDER BY project",
                        [r["name"]],
                    )
                ]
                n = db.execute(
                    "SELECT count(*) FROM tokens WHERE user = ? AND revoked_at IS NULL "
                    "AND local = 0",
                    [r["name"]],
                ).fetchone()[0]
                out.append(
                    {
                        "name": r["name"],
                        "role": r["role"],
                        "projects": projects,
                        "password": r["password_hash"] is not None,
                        "tokens": n,
                        "disabled": bool(r["disabled"]),
                    }
                )
        return out

    def set_role(self, name: str, role: str) -> None:
        check_role(role)
        self.user(name)
        with self._db() as db:
            db.execute("UPDATE users SET role = ? WHERE name = ?", [role, name])
        self._token_cache.clear()

    def grant(self, name: str, projects: Iterable[str]) -> None:
        self.user(name)
        with self._db() as db:
            db.executemany(
                "INSERT OR IGNORE INTO user_projects VALUES (?, ?)", [(name, p) for p in projects]
            )
        self._token_cache.clear()

    def revoke_access(self, name: str, projects: Iterable[str]) -> None:
        self.user(name)
        with self._db() as db:
            db.executemany(
                "DELETE FROM user_projects WHERE user = ? AND project = ?",
                [(name, p) for p in projects],
            )
        self._token_cache.clear()

    def remove_user(self, name: str) -> None:
        self.user(name)
        with self._db() as db:
            db.execute("DELETE FROM users WHERE name = ?", [name])
        self._token_cache.clear()

    def set_password(self, name: str, password: str) -> None:
        if len(password) < 8:
            raise UsageError(
                Text("mot de passe trop court", "password too short"),
                hint=Text("au moins 8 caractères", "at least 8 characters"),
            )
        self.user(name)
        with self._db() as db:
            db.execute(
                "UPDATE users SET password_hash = ? WHERE name = ?",
                [_hasher().hash(password), name],
            )
            db.execute("DELETE FROM sessions WHERE user = ?", [name])  # log out everywhere

    def check_password(self, name: str, password: str) -> User | None:
        """The user when ``password`` is theirs, else None (same work either way)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        with self._db() as db:
            row = db.execute(
                "SELECT password_hash, disabled FROM users WHERE name = ?", [name]
            ).fetchone()
        stored = row["password_hash"] if row is not None else None
        try:
            # an unknown user costs the same argon2 work: no timing hint of who exists
            ok = _hasher().verify(stored or _dummy_hash(), password) and stored is not None
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok or row is None or row["disabled"]:
            return None
        return self.user(name)

    # -- tokens ---------------------------------------------------------------------
    def new_token(
        self,
        name: str,
        label: str = "api",
        projects: Iterable[str] | None = None,
        *,
        local: bool = False,
    ) -> str:
        """A new API token for ``name`` (optionally limited to ``projects``); the only
        time its text exists outside the caller is now: only its hash is stored."""
        self.user(name)
        tid = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        scope = json.dumps(sorted(projects)) if projects is not None else None
        with self._db() as db:
            db.execute(
                "INSERT INTO tokens (id, user, label, hash, projects, local, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [tid, name, label, _hasher().hash(secret), scope, int(local), time.time()],
            )
        return f"rmr_{tid}_{secret}"

    def tokens(self, name: str | None = None) -> list[dict[str, Any]]:
        """Tokens (never their secret): id, user, label, projects, dates, revoked."""
        sql = "SELECT * FROM tokens WHERE local = 0"
        params: list[Any] = []
        if name is not None:
            sql += " AND user = ?"
            params.append(name)
        with self._db() as db:
            rows = db.execute(sql + " ORDER BY created_at", params).fetchall()
        return [
            {
                "id": r["id"],
                "user": r["user"],
                "label": r["label"],
                "projects": json.loads(r["projects"]) if r["projects"] else None,
                "created_at": r["created_at"],
                "last_used": r["last_used"],
                "revoked": r["revoked_at"] is not None,
            }
            for r in rows
        ]

    def revoke_token(self, token_id: str, user: str | None = None) -> bool:
        """Revoke a token by id (only ``user``'s when given); False when none matched."""
        sql = "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"
        params: list[Any] = [time.time(), token_id]
        if user is not None:
            sql += " AND user = ?"
            params.append(user)
        with self._db() as db:
            n = db.execute(sql, params).rowcount
        self._token_cache.clear()
        return n > 0

    def recent_token(self, token: str) -> User | None:
        """The user of a token :meth:`check_token` accepted less than a minute ago (and
        not revoked here since), else None: from memory alone (never waits)."""
        hit = self._token_cache.get(_digest(token))
        if hit is not None and time.monotonic() - hit[0] < _TOKEN_CACHE_SECONDS:
            return hit[1]
        return None

    def check_token(self, token: str) -> User | None:
        """The user a bearer token stands for, or None (unknown, revoked, malformed)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        hit = self.recent_token(token)
        if hit is not None:
            return hit
        key = _digest(token)
        now = time.monotonic()
        parts = token.split("_", 2)
        if len(parts) != 3 or parts[0] != "rmr":
            return None
        with self._db() as db:
            row = db.execute(
                "SELECT t.*, u.disabled FROM tokens t JOIN users u ON u.name = t.user "
                "WHERE t.id = ? AND t.revoked_at IS NULL",
                [parts[1]],
            ).fetchone()
        if row is None or row["disabled"]:
            return None
        if self._verified.get(key) != row["hash"]:
            # one argon2 check per token at a time: the requests that arrive together
            # (twenty dashboard users, once the minute is up) wait for it, not redo it
            with self._lock:
                gate = self._verifying.setdefault(key, threading.Lock())
            with gate:
                if self._verified.get(key) != row["hash"]:
                    try:
                        _hasher().verify(row["hash"], parts[2])
                    except (VerificationError, InvalidHashError):
                        return None
                    self._verified[key] = row["hash"]
        with self._db() as db:
            db.execute("UPDATE tokens SET last_used = ? WHERE id = ?", [time.time(), row["id"]])
        base = self.user(row["user"])
        scope = frozenset(json.loads(row["projects"])) if row["projects"] else None
        user = User(base.name, base.role, base.projects, scope, via="token")
        self._token_cache[key] = (now, user)
        return user

    # -- sessions ---------------------------------------------------------------------
    def new_session(self, name: str) -> tuple[str, str]:
        """A browser session for ``name``: (session id for the cookie, CSRF token)."""
        sid, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = time.time()
        with self._db() as db:
            db.execute("DELETE FROM sessions WHERE expires_at < ?", [now])
            db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                [_digest(sid), name, csrf, now, now + SESSION_SECONDS],
            )
        return sid, csrf

    def check_session(self, sid: str) -> User | None:
        with self._db() as db:
            row = db.execute(
                "SELECT s.user, s.csrf FROM sessions s JOIN users u ON u.name = s.user "
                "WHERE s.digest = ? AND s.expires_at > ? AND u.disabled = 0",
                [_digest(sid), time.time()],
            ).fetchone()
        if row is None:
            return None
        base = self.user(row["user"])
        return User(base.name, base.role, base.projects, None, via="session", csrf=row["csrf"])

    def end_session(self, sid: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM sessions WHERE digest = ?", [_digest(sid)])


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A hash of a random password, verified when the user does not exist (same cost)."""
    if not _DUMMY:
        _DUMMY.append(_hasher().hash(secrets.token_urlsafe(16)))
    return _DUMMY[0]
