"""The report's core sections: volumes, sentiment, share of voice, top mentions,
quarantine and method notes."""

from __future__ import annotations

from html import escape
from typing import Any

from rumeur.analytics import audience
from rumeur.analytics.audience import PARENT_JOIN
from rumeur.analytics.stats import wilson
from rumeur.query import SENTIMENT_SQL
from rumeur.report import charts
from rumeur.report.build import ReportContext, Section

_SENTIMENTS = ("negative", "neutral", "positive")


def _pct(v: float) -> str:
    return f"{100 * v:.1f} %"


def _table(headers: list[str], rows: list[list[str]], cls: str = "") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _volume(ctx: ReportContext) -> Section:
    t, st = ctx.t, ctx.store
    rows = st.query(
        "SELECT date_trunc('day', created_at) AS d, b AS brand, count(*) AS n "
        "FROM (SELECT created_at, unnest(brands) AS b FROM mentions "
        "      WHERE created_at BETWEEN ? AND ?) GROUP BY ALL ORDER BY d",
        ctx.period_params(),
    )
    days = sorted({r["d"] for r in rows})
    index = {d: i for i, d in enumerate(days)}
    names = ctx.brand_names
    series: dict[str, list[float | None]] = {}
    for r in rows:
        s = series.setdefault(names.get(r["brand"], r["brand"]), [0.0] * len(days))
        s[index[r["d"]]] = float(r["n"])
    line = charts.line_chart([d.strftime("%d/%m") for d in days], series, title=t["volume_brand"])
    plat = st.query(
        "SELECT platform, count(*) AS n, count(DISTINCT coalesce(author_id, author_handle)) AS a "
        "FROM mentions WHERE created_at BETWEEN ? AND ? GROUP BY 1 ORDER BY n DESC",
        ctx.period_params(),
    )
    bars = charts.hbars([(p["platform"], float(p["n"])) for p in plat], title=t["volume_platform"])
    total = sum(p["n"] for p in plat)
    unmatched = st.scalar(
        "SELECT count(*) FROM mentions WHERE unmatched AND created_at BETWEEN ? AND ?",
        ctx.period_params(),
    )
    text = f"<p>{total} {t['mentions'].lower()} — {unmatched} {t['unmatched']}.</p>"
    return Section(
        "volume", t["volume"], text + line + bars, summary=f"{total} {t['mentions'].lower()}"
    )


def _sentiment(ctx: ReportContext) -> Section:
    t, st = ctx.t, ctx.store
    rows = st.query(
        f"SELECT date_trunc('week', m.created_at) AS w, b AS brand, "
        f"coalesce(s.sentiment, 'unknown') AS label, count(*) AS n "
        f"FROM (SELECT mention_id, created_at, unnest(brands) AS b FROM mentions "
        f"      WHERE created_at BETWEEN ? AND ? AND NOT is_own_account) m "
        f"LEFT JOIN ({SENTIMENT_SQL}) s USING (mention_id) GROUP BY ALL ORDER BY w",
        ctx.period_params(),
    )
    if not any(r["label"] in _SENTIMENTS for r in rows):
        return Section(
            "sentiment", t["sentiment"], "<p>" + escape(t["unknown"]) + " — rumeur enrich</p>"
        )
    parts = []
    names = ctx.brand_names
    weeks = sorted({r["w"] for r in rows})
    widx = {w: i for i, w in enumerate(weeks)}
    table_rows = []
    for brand in ctx.brands:
        stacks = {t[k]: [0.0] * len(weeks) for k in _SENTIMENTS}
        totals = dict.fromkeys(_SENTIMENTS, 0)
        for r in rows:
            if r["brand"] == brand and r["label"] in _SENTIMENTS:
                stacks[t[r["label"]]][widx[r["w"]]] += r["n"]
                totals[r["label"]] += r["n"]
        n = sum(totals.values())
        if not n:
            continue
        colours = {t[k]: charts.SENTIMENT_COLOURS[k] for k in _SENTIMENTS}
        parts.append(
            charts.stacked_bars(
                [w.strftime("%d/%m") for w in weeks],
                stacks,
                title=f"{t['sentiment_time']} — {names[brand]}",
                colours=colours,
                height=200,
            )
        )
        cells = [escape(names[brand]), str(n)]
        for k in _SENTIMENTS:
            lo, hi = wilson(totals[k], n)
            cells.append(f"{_pct(totals[k] / n)} <small>[{_pct(lo)} – {_pct(hi)}]</small>")
        table_rows.append(cells)
    table = _table([t["brand"], t["mentions"], *(t[k] for k in _SENTIMENTS)], table_rows)
    note = (
        "<p class='note'>IC 95 % de Wilson entre crochets.</p>"
        if ctx.lang == "fr"
        else "<p class='note'>95% Wilson intervals in brackets.</p>"
    )
    # the executive summary states these shares with their intervals (sections_analytics)
    return Section("sentiment", t["sentiment"], table + note + "".join(parts))


def _top(ctx: ReportContext) -> Section:
    t, st = ctx.t, ctx.store
    aud = audience.from_project(ctx.project)
    rows = st.query(
        f"SELECT m.*, s.sentiment, s.sentiment_model, {aud.sql('m', 'p')} AS reach "
        f"FROM mentions m {PARENT_JOIN} "
        f"LEFT JOIN ({SENTIMENT_SQL}) s ON s.mention_id = m.mention_id "
        "WHERE m.created_at BETWEEN ? AND ? ORDER BY reach DESC LIMIT 15",
        ctx.period_params(),
    )
    out = []
    accurate = 0  # labels from the accurate tier, marked ◆
    for r in rows:
        reach = round(r["reach"] or 0)
        link = (
            f'<a href="{escape(r["url"])}">{escape(r["platform"])}</a>'
            if r["url"]
            else escape(r["platform"])
        )
        label = r["sentiment"] or "unknown"
        model = r["sentiment_model"] or ""
        mark = " ◆" if model.startswith("sentiment-accurate@") else ""
        accurate += bool(mark)
        out.append([
            r["created_at"].strftime("%d/%m/%Y %H:%M"), link,
            escape(r["author_handle"] or "") + (f" <em>({t['own']})</em>"
                                                if r["is_own_account"] else ""),
            f"{reach or 0:,}".replace(",", " "),
            f'<span class="s-{label}" title="{escape(model)}">{escape(t[label])}{mark}</span>',
            escape((r["text"] or "")[:280]),
        ])  # fmt: skip
    note = f"<p class='note'>{escape(t['accurate_note'])}</p>" if accurate else ""
    return Section("top", t["top_mentions"],
                   _table([t["date"], t["platform"], t["author"], t["reach"], t["sentiment"],
                           t["text"]], out, "mentions") + note)  # fmt: skip


def _quarantine(ctx: ReportContext) -> Section:
    t, st = ctx.t, ctx.store
    rows = st.query(
        "SELECT coalesce(origin, source) AS origin, split_part(reason, ':', 1) AS reason, "
        "count(*) AS n FROM quarantine WHERE status = 'open' GROUP BY ALL ORDER BY n DESC"
    )
    if not rows:
        return Section("quarantine", t["quarantine"], f"<p>{t['none']}</p>")
    table = _table(
        [t["file"], t["reason"], t["count"]],
        [[escape(r["origin"]), escape(r["reason"]), str(r["n"])] for r in rows],
    )
    hint = (
        "<p class='note'>Détail : <code>rumeur quarantine list</code>; après correction : "
        "<code>rumeur quarantine retry</code>.</p>"
        if ctx.lang == "fr"
        else "<p class='note'>Details: <code>rumeur quarantine list</code>; after a fix: "
        "<code>rumeur quarantine retry</code>.</p>"
    )
    return Section(
        "quarantine",
        t["quarantine"],
        table + hint,
        summary=f"{sum(r['n'] for r in rows)} {t['quarantine'].lower()}",
    )


def _method(ctx: ReportContext) -> Section:
    t, st = ctx.t, ctx.store
    models = st.query(
        "SELECT enricher, version, count(*) AS n FROM enrichments GROUP BY ALL ORDER BY 1, 2"
    )
    items: list[Any] = [
        f"<li><code>{escape(m['enricher'])}@{escape(m['version'])}</code>: {m['n']}</li>"
        for m in models
    ]
    if ctx.lang == "fr":
        text = (
            "<p>Les mentions sont dédupliquées (plateforme + identifiant, sinon empreinte du "
            "texte normalisé + auteur + minute). Une mention est rattachée à une marque par "
            "son nom ou ses alias (sans accents ni casse, mots entiers, hors expressions "
            "exclues), ses comptes @ et mots-dièse, ou parce qu'elle vient d'un compte de la "
            "marque. Les publications des comptes des marques sont exclues de la tonalité et "
            "de la part de voix. L'audience estimée d'une mention est son nombre de vues quand "
            "la plateforme le donne, sinon les abonnés de l'auteur × un facteur par "
            "plateforme (section [audience] de rumeur.toml) ; une réponse touche aussi une "
            "part des lecteurs du message auquel elle répond (docs/analytics.md). Les "
            "intervalles sont à 95 % (Wilson pour les parts).</p>"
        )
    else:
        text = (
            "<p>Mentions are de-duplicated (platform + id, else a fingerprint of the "
            "normalised text + author + minute). A mention belongs to a brand through its "
            "name or aliases (accent- and case-insensitive, whole words, outside excluded "
            "phrases), its @handles and hashtags, or because a brand account posted it. "
            "Brand accounts' own posts are left out of sentiment and share of voice. A "
            "mention's estimated reach is its views when the platform gives them, else the "
            "author's followers times a per-platform factor ([audience] in rumeur.toml); a "
            "reply also reaches part of its parent's readers (docs/analytics.md). Intervals "
            "are 95% (Wilson for shares).</p>"
        )
    return Section("method", t["method"], text + f"<ul>{''.join(items)}</ul>", order=90)


def sections(ctx: ReportContext) -> list[Section]:
    return [
        _volume(ctx),
        _sentiment(ctx),
        _top(ctx),
        _quarantine(ctx),
        _method(ctx),
    ]
