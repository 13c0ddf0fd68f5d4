"""RSS/Atom connector: conditional GET, Google Alerts links, broken items."""

from __future__ import annotations

from rumeur.connectors import registry
from rumeur.connectors.doubles import payloads as p
from rumeur.connectors.watcher import collect


def test_conditional_get_and_304(httpserver, make_project, store, sleeps):
    project = make_project(
        [{"name": "actu", "type": "rss", "url": httpserver.url_for("/feed.xml")}]
    )
    feed = p.rss_feed([p.rss_item(i) for i in range(5)])
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        feed,
        content_type="application/rss+xml",
        headers={"ETag": '"v1"', "Last-Modified": "Sun, 01 Nov 2026 10:00:00 GMT"},
    )
    httpserver.expect_ordered_request(
        "/feed.xml",
        headers={"If-None-Match": '"v1"', "If-Modified-Since": "Sun, 01 Nov 2026 10:00:00 GMT"},
    ).respond_with_data("", status=304)
    conn = registry.build(project, project.sources[0], sleep=sleeps)
    first = collect(store, project, conn, enrich=False)
    assert first.error is None and first.new == 5
    row = store.query("SELECT * FROM mentions WHERE external_id = 'actu-3'")[0]
    assert row["url"] == "https://actu.example/articles/3"
    assert row["platform"] == "news" and "<p>" not in row["text"]
    raw = store.scalar("SELECT payload FROM raw_items LIMIT 1")
    assert raw.startswith("<item") and "<guid" in raw  # the item's XML as received
    second = collect(store, project, conn, enrich=False)
    assert second.error is None and second.new == 0 and second.items == 0
    httpserver.check_assertions()
    assert store.get_cursor("actu")["etag"] == '"v1"'


def test_google_alerts_atom_and_undated_item(httpserver, make_project, store, sleeps):
    project = make_project([{"name": "alerte", "type": "rss", "platform": "news",
                             "url": httpserver.url_for("/alerts/feeds/1")}])  # fmt: skip
    undated = "<entry><id>tag:x,1:nodate</id><title>Sans date Fibrelia</title></entry>"
    body = p.atom_feed([p.google_alert_entry(1), p.google_alert_entry(2), undated])
    httpserver.expect_request("/alerts/feeds/1").respond_with_data(
        body, content_type="application/atom+xml"
    )
    result = collect(store, project, registry.build(project, project.sources[0]), enrich=False)
    assert result.new == 2 and result.quarantined == 1
    urls = {r["url"] for r in store.query("SELECT url FROM mentions")}
    assert urls == {"https://blog.example/1-avis-fibrelia", "https://blog.example/2-avis-fibrelia"}
    titles = [r["title"] for r in store.query("SELECT title FROM mentions")]
    assert all("<b>" not in t for t in titles)
    reason = store.scalar("SELECT reason FROM quarantine")
    assert "no date" in reason
