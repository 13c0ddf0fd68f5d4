"""A token's secret is checked with argon2 once, however many requests bring it at the
same moment, and not again a minute later (its row is read again instead): a revocation
written by another process (``rumeur users revoke`` while the server runs) still holds."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from rumeur.server import accounts as accounts_module
from rumeur.server.accounts import Accounts


def test_argon2_once_for_requests_together_and_rows_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acc = Accounts(tmp_path / "server.sqlite3")
    acc.add_user("alice", "analyst", [], "un mot de passe assez long")
    token = acc.new_token("alice")
    checks = []
    real = accounts_module._hasher

    class Counting:
        def verify(self, stored: str, secret: str) -> Any:
            checks.append(secret)
            return real().verify(stored, secret)

    monkeypatch.setattr(accounts_module, "_hasher", Counting)
    start = threading.Barrier(12)
    seen = []

    def request() -> None:
        start.wait()
        seen.append(acc.check_token(token))

    threads = [threading.Thread(target=request) for _ in range(12)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(checks) == 1 and all(u is not None and u.name == "alice" for u in seen)
    monkeypatch.setattr(accounts_module, "_TOKEN_CACHE_SECONDS", 0.0)  # the minute is up
    assert acc.check_token(token) is not None and len(checks) == 1
    assert acc.check_token(token[:-2] + "xx") is None and len(checks) == 2  # a wrong secret
    with sqlite3.connect(acc.path) as db:  # revoked by another process
        db.execute("UPDATE tokens SET revoked_at = 1")
    assert acc.check_token(token) is None
