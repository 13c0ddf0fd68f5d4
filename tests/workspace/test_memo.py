"""The figures memo shared by the server's threads: computed once per key, the least
recently used entry dropped first, safe under many threads."""

from __future__ import annotations

import threading

from rumeur.workspace.memo import Memo


def test_computed_once_then_kept_and_the_least_recent_dropped() -> None:
    memo = Memo(2)
    calls: list[str] = []

    def compute(key: str) -> str:
        calls.append(key)
        return key.upper()

    assert memo.get("a", lambda: compute("a")) == "A"
    assert memo.get("a", lambda: compute("a")) == "A"
    assert memo.get("b", lambda: compute("b")) == "B"
    memo.get("a", lambda: compute("a"))  # a is now the most recent
    assert memo.get("c", lambda: compute("c")) == "C"  # b goes
    assert len(memo) == 2
    memo.get("a", lambda: compute("a"))
    memo.get("b", lambda: compute("b"))
    assert calls == ["a", "b", "c", "b"]


def test_many_threads_get_the_same_values() -> None:
    memo = Memo(50)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(200):
                key = (n + i) % 80
                assert memo.get(key, lambda k=key: k * k) == key * key
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(memo) == 50
