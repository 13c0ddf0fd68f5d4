"""Report section for imported polls and surveys: every share with its Wilson interval,
comparisons between waves or groups with their test and effect size, and the themes of
open-ended answers with representative quotes."""

from __future__ import annotations

from html import escape

from rumeur.analytics.polls import (
    closed_question,
    compare,
    load_poll,
    load_survey,
    option_share,
    themes,
)
from rumeur.analytics.stats import Estimate
from rumeur.report import charts
from rumeur.report.build import ReportContext, Section

_T = {
    "fr": {"title": "Sondages et enquêtes", "none": "Aucun sondage importé (rumeur polls "
           "import FICHIER).", "open": "Réponses ouvertes : thèmes", "n": "votes"},
    "en": {"title": "Polls and surveys", "none": "No poll imported (rumeur polls import "
           "FILE).", "open": "Open-ended answers: themes", "n": "votes"},
}  # fmt: skip


def _pct(e: Estimate, lang: str) -> str:
    s = f"{100 * e.value:.1f} % [{100 * e.lo:.1f} – {100 * e.hi:.1f}]"
    return s.replace(".", ",") if lang == "fr" else s


def sections(ctx: ReportContext) -> list[Section]:
    t = _T.get(ctx.lang, _T["en"])
    st = ctx.store
    polls = [r["poll"] for r in st.query("SELECT DISTINCT poll FROM poll_results ORDER BY 1")]
    surveys = [r["survey"] for r in
               st.query("SELECT DISTINCT survey FROM survey_answers ORDER BY 1")]  # fmt: skip
    if not polls and not surveys:
        return [Section("a-polls", t["title"], f"<p>{escape(t['none'])}</p>")]
    html: list[str] = []
    summary: list[str] = []
    for name in polls:
        rows = load_poll(st, name)
        for q in dict.fromkeys(r.question for r in rows):
            qrows = [r for r in rows if r.question == q]
            cells = sorted({(r.wave, r.group) for r in qrows})
            html.append(f"<h3>{escape(name)} — {escape(q)}</h3>")
            for wave, group in cells:
                sel = [r for r in qrows if (r.wave, r.group) == (wave, group)]
                ests = [(r.option, option_share(sel, r.option)) for r in sel]
                label = " / ".join(x for x in (wave, group) if x)
                n = sum(r.votes for r in sel)
                html.append(charts.hbars(
                    [(o, 100 * e.value) for o, e in ests],
                    intervals=[(100 * e.lo, 100 * e.hi) for _, e in ests],
                    title=f"{label + ' · ' if label else ''}n = {n}", value_format="{:.1f} %",
                ))  # fmt: skip
                trs = "".join(
                    f"<tr><td>{escape(r.option)}</td><td>{r.votes}</td>"
                    f"<td>{_pct(e, ctx.lang)}</td></tr>"
                    for r, (_, e) in zip(sel, ests, strict=True)
                )
                html.append(f"<table><tbody>{trs}</tbody></table>")
                if not summary:
                    o, e = max(ests, key=lambda x: x[1].value)
                    summary.append(f"{name} : {o} {_pct(e, ctx.lang)} (n = {n})")
            for by in ("wave", "group"):
                if len({getattr(r, by) for r in qrows}) >= 2:
                    res = compare(qrows, by=by)
                    html.append(
                        f"<p>{escape(by)} : {escape(res.test)}, statistic = {res.statistic:.2f}"
                        + (f" (dof {res.dof})" if res.dof else "")
                        + f", p = {res.p_value:.4f}, {res.effect_name} = {res.effect:.2f}</p>"
                    )
    for name in surveys:
        questions, answers = load_survey(st, name)
        html.append(f"<h3>{escape(name)} (n = {len(answers)})</h3>")
        for q in questions:
            values = [a.get(q, "") for a in answers if a.get(q, "").strip()]
            distinct = set(values)
            if values and len(distinct) <= 8:
                shares = closed_question(answers, q)
                text = ", ".join(f"{escape(k)} {_pct(e, ctx.lang)}" for k, e in shares.items())
                html.append(f"<p><b>{escape(q)}</b> : {text}</p>")
            elif values:
                html.append(f"<h4>{escape(t['open'])} — {escape(q)}</h4><ul>")
                for th in themes(values, k=min(5, max(2, len(values) // 20))):
                    quotes = "".join(f"<li>« {escape(x)} »</li>" for x in th.quotes)
                    html.append(f"<li><b>{escape(', '.join(th.terms[:4]))}</b> — "
                                f"{_pct(th.share, ctx.lang)}<ul>{quotes}</ul></li>")  # fmt: skip
                html.append("</ul>")
    return [Section("a-polls", t["title"], "".join(html), summary="; ".join(summary) or None)]
