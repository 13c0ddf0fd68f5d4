"""The project endpoints answer what the Workspace (and so the CLI) answers, with
pagination, sorts, intervals, roles and strict JSON; alert rules edited through the API
end up in rumeur.toml."""

from __future__ import annotations

import json
import tomllib

from tests.server.conftest import BETA_MARK, Server

from rumeur.jsonout import loads_strict

A = "/api/v1/projects/alpha"


def test_mentions_pages_sorts_and_filters(server: Server) -> None:
    c = server.client("viewer")
    everything = c.get(f"{A}/mentions", params={"limit": 500}).json()
    n = len(everything["mentions"])
    assert n >= 8 and everything["next_offset"] is None
    first = c.get(f"{A}/mentions", params={"limit": 3}).json()
    second = c.get(f"{A}/mentions", params={"limit": 3, "offset": 3}).json()
    assert first["next_offset"] == 3
    ids = [m["mention_id"] for m in first["mentions"] + second["mentions"]]
    assert ids == [m["mention_id"] for m in everything["mentions"][:6]]  # pages follow
    by_reach = c.get(f"{A}/mentions", params={"sort": "reach", "limit": 500}).json()["mentions"]
    reach = [m["views"] or m["author_followers"] or 0 for m in by_reach]
    assert reach == sorted(reach, reverse=True) and reach[0] > 0
    volta = c.get(f"{A}/mentions", params={"brand": "volta", "limit": 500}).json()["mentions"]
    assert volta and all("volta" in m["brands"] for m in volta) and len(volta) < n
    found = c.get(f"{A}/mentions", params={"search": "technicien"}).json()["mentions"]
    assert found and all("technicien" in m["text"].lower() for m in found)
    negative = c.get(f"{A}/mentions", params={"sentiment": "negative"}).json()["mentions"]
    assert all(m["sentiment"] == "negative" for m in negative)


def test_one_mention_and_its_thread(server: Server) -> None:
    c = server.client("viewer")
    rows = c.get(f"{A}/mentions", params={"limit": 500}).json()["mentions"]
    reply = next(m for m in rows if m["reply_to"])
    got = c.get(f"{A}/mentions/{reply['mention_id']}").json()
    assert got["text"] == reply["text"]
    thread = c.get(f"{A}/mentions/{reply['mention_id']}/thread").json()
    assert reply["mention_id"] in [m["mention_id"] for m in thread] and len(thread) >= 2
    assert [m["created_at"] for m in thread] == sorted(m["created_at"] for m in thread)
    missing = c.get(f"{A}/mentions/pas-une-mention")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_bad_parameters_are_422_naming_the_parameter(server: Server) -> None:
    c = server.client("viewer")
    r = c.get(f"{A}/mentions", params={"sort": "hasard"})
    assert r.status_code == 422
    assert r.json()["error"]["message"].startswith("sort : valeur inconnue")
    assert "date, reach, engagement" in r.json()["error"]["hint"]
    r = c.get(f"{A}/metrics/opinion", params={"since": "pas une date"})
    assert r.status_code == 422 and "since" in r.json()["error"]["message"]
    r = c.get(f"{A}/mentions", params={"limit": 0})
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["location"] == [
        "query",
        "limit",
    ]
    r = c.get(f"{A}/metrics/opinion", params={"brand": "inconnue"})
    assert r.status_code == 422 and "volta" in r.json()["error"]["hint"]


def test_metrics_carry_their_intervals_and_match_the_workspace(server: Server) -> None:
    c = server.client("viewer")
    cells = c.get(f"{A}/metrics/opinion", params={"by": "brand"}).json()
    served = server.app.state.rumeur.projects  # type: ignore[attr-defined]
    with served.workspace("alpha") as ws:
        expected = [x.to_dict() for x in ws.opinion(ws.scope(), by=["brand"])]
    assert cells == json.loads(json.dumps(expected, default=str))
    share = cells[0]["shares"]["negative"]
    assert share["lo"] - 1e-9 <= share["value"] <= share["hi"] + 1e-9
    assert share["method"] == "wilson"
    for path in ("debt", "sov", "aspects", "motivations", "people"):
        r = c.get(f"{A}/metrics/{path}")
        assert r.status_code == 200, (path, r.text)
        loads_strict(r.text)  # no NaN, no Infinity
    spikes = c.get(f"{A}/spikes", params={"threshold": 2.5})
    assert spikes.status_code == 200 and isinstance(spikes.json(), list)


def test_audits_and_sources(server: Server) -> None:
    c = server.client("viewer")
    auth = c.get(f"{A}/audits/authenticity").json()
    assert set(auth) >= {"mentions", "accounts", "campaigns"}
    conduct = c.get(f"{A}/audits/conduct").json()
    assert conduct["brand"] == "volta" and 0 <= conduct["score"] <= 100
    assert c.get(f"{A}/audits/sites").json() == []
    assert c.get(f"{A}/audits/sites/inconnu.example").status_code == 404
    sources = c.get(f"{A}/sources").json()
    reasons = {q["reason"] for q in sources["quarantine"]}
    assert reasons  # the fixtures' bad rows wait in quarantine, counted per reason
    assert sum(q["n"] for q in sources["quarantine"]) >= 1


def test_alert_rules_crud_writes_rumeur_toml(server: Server) -> None:
    analyst, viewer = server.client("analyst"), server.client("viewer")
    rule = {"name": "panne-api", "type": "keyword", "terms": ["panne", "coupure"]}
    refused = viewer.post(f"{A}/alerts/rules", json=rule)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden_role"
    made = analyst.post(f"{A}/alerts/rules", json=rule)
    assert made.status_code == 201, made.text
    assert made.json()["options"]["lookback_hours"] == 24  # the engine's default, filled in
    root = server.app.state.rumeur.projects.project("alpha").root  # type: ignore[attr-defined]
    toml = tomllib.loads((root / "rumeur.toml").read_text(encoding="utf-8"))
    assert {"name": "panne-api", "type": "keyword", "terms": ["panne", "coupure"]} in toml[
        "alerts"
    ]["rules"]
    assert analyst.post(f"{A}/alerts/rules", json=rule).status_code == 422  # same name
    bad = analyst.post(f"{A}/alerts/rules", json={"name": "x", "type": "spike", "brand": "zz"})
    assert bad.status_code == 422 and "zz" in bad.json()["error"]["message"]
    before = (root / "rumeur.toml").read_text(encoding="utf-8")
    assert "zz" not in before  # an invalid rule changes nothing
    changed = analyst.put(
        f"{A}/alerts/rules/panne-api", json={**rule, "terms": ["panne"], "lookback_hours": 48}
    )
    assert changed.status_code == 200 and changed.json()["options"]["lookback_hours"] == 48
    names = [r["name"] for r in viewer.get(f"{A}/alerts/rules").json()]
    assert "panne-api" in names
    assert analyst.delete(f"{A}/alerts/rules/panne-api").status_code == 204
    assert analyst.delete(f"{A}/alerts/rules/panne-api").status_code == 404
    assert "panne-api" not in (root / "rumeur.toml").read_text(encoding="utf-8")
    assert viewer.get(f"{A}/alerts/history").json() == []


def test_reports_generate_list_download(server: Server) -> None:
    analyst = server.client("analyst")
    assert server.client("viewer").post(f"{A}/reports", json={}).status_code == 403
    made = analyst.post(f"{A}/reports", json={"lang": "en"})
    assert made.status_code == 201, made.text
    listed = analyst.get(f"{A}/reports").json()
    assert made.json()["id"] in [r["id"] for r in listed]
    page = analyst.get(made.json()["download"])
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text.lower() and BETA_MARK not in page.text
    assert analyst.get(f"{A}/reports/../../rumeur.toml").status_code == 404


def test_privacy_rights_are_for_admins_and_logged(server: Server) -> None:
    body = {"authors": ["lina"], "platform": "mastodon"}
    assert server.client("analyst").post(f"{A}/privacy/access", json=body).status_code == 403
    admin = server.client("admin")
    access = admin.post(f"{A}/privacy/access", json=body)
    assert access.status_code == 200, access.text
    assert "lina" in access.text
    dry = admin.post(f"{A}/privacy/erasure", json={**body, "dry_run": True})
    assert dry.status_code == 200 and dry.json()["dry_run"] is True
    assert sum(dry.json()["counts"].values()) >= 1
    still = admin.get(f"{A}/mentions", params={"author": "lina"}).json()["mentions"]
    assert still  # a dry run erases nothing
    log = admin.get(f"{A}/privacy/log").json()
    assert log and {e["operation"] for e in log} >= {"export"}
    audit = admin.get("/api/v1/audit-log", params={"project": "alpha"}).json()
    assert any(e["action"].endswith("/privacy/access") and e["user"] == "admin" for e in audit)
    assert "lina" not in json.dumps(audit)  # the subject is not copied into the audit log


def test_full_text_search_and_the_overview(server: Server) -> None:
    c = server.client("viewer")
    # French stemming, accents and case ignored: the plural finds the singular
    found = c.get(f"{A}/mentions", params={"search": "TECHNICIENS"}).json()
    assert found["total"] >= 1 and found["terms"]
    assert all("technicien" in m["text"].lower() for m in found["mentions"])
    assert all(m["score"] > 0 for m in found["mentions"])
    page = c.get(f"{A}/mentions", params={"search": "volta", "limit": 1}).json()
    assert page["total"] >= 2 and page["next_offset"] == 1 and len(page["mentions"]) == 1
    bad = c.get(f"{A}/mentions", params={"sort": "relevance"})  # relevance needs a search
    assert bad.status_code == 422
    ov = c.get(f"{A}/overview", params={"days": 3650})
    assert ov.status_code == 200, ov.text
    loads_strict(ov.text)
    assert ov.json()["current"]["mentions"] >= 1
