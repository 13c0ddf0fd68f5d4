"""End to end: App Store and Google Play reviews and the developer's replies, collected
from the doubles, give the conduct audit its answer rate and first-response time."""

from __future__ import annotations

from pathlib import Path

import pytest

from rumeur import Workspace
from rumeur.connectors.doubles import store_payloads as sp
from rumeur.connectors.doubles.server import ApiDouble
from rumeur.connectors.doubles.stores import TestKeys

from .conftest import write_project

N = 84


@pytest.mark.slow
def test_conduct_audit_measures_answers_to_app_reviews(tmp_path: Path) -> None:
    double = ApiDouble(items=N)
    keys = TestKeys()
    double.stores.keys = keys
    double.start()
    try:
        p8, sa = keys.write(tmp_path / "keys", double.url + "/token")
        root = tmp_path / "proj"
        write_project(root, [
            {"name": "ios", "type": "appstore", "base_url": double.url, "app_id": sp.APP_ID,
             "issuer_id": keys.issuer_id, "key_id": keys.key_id, "private_key_file": str(p8),
             "brand": "fibrelia", "own_handle": "@fibrelia_sav"},
            {"name": "play", "type": "googleplay", "base_url": double.url,
             "package_name": sp.PACKAGE, "service_account_file": str(sa), "brand": "fibrelia",
             "own_handle": "fibrelia_sav"},
        ])  # fmt: skip
        with Workspace.open(root) as ws:
            for name in ("ios", "play"):
                assert ws.collect(name, enrich=False).error is None
            audit = ws.audit_conduct()
            ids = ws.reader().query("SELECT mention_id, external_id, rating FROM mentions")
    finally:
        double.stop()
    m = audit.measures["response"]["reviews"]
    ext = {r["mention_id"]: r["external_id"] for r in ids}
    # the double answers App Store review i when i % 3 == 0 (published unless i % 21 == 0)
    # and Google Play review i when i % 4 == 0, two hours after the review
    expected = {}
    for mid in audit.response_status:
        key = ext[mid]
        if key.startswith("appstore:"):
            i = int(key[-12:])
            expected[mid] = i % 3 == 0 and i % 21 != 0
        else:
            i = int(key.removeprefix("googleplay:gp:AOqpTOF")[:10])
            expected[mid] = i % 4 == 0
    assert audit.response_status == expected
    one_star = sum(1 for r in ids if r["rating"] is not None and r["rating"] <= 2)
    assert m["addressed"] >= m["complaints"] >= one_star == 2 * 32  # every 1-2 star review
    assert m["answered"] == sum(expected.values()) > 0
    assert m["answer_rate"] == round(m["answered"] / m["addressed"], 3)
    assert m["median_hours"] == 2.0
