"""Report section for imported polls and surveys: every share with its Wilson interval,
comparisons between waves or groups with their test and effect size, and the themes of
open-ended answers with representative quotes."""

from __future__ import annotations

from rumeur.analytics.polls import (
    compare,
    load_poll,
    load_survey,
    option_share,
)
from rumeur.analytics.stats import TestResult
from rumeur.analytics.surveys import from_table
from rumeur.report import charts
from rumeur.report.blocks import Block, Bullets, Figure, Heading, Item, Para, Span, Table, note
from rumeur.report.build import ORDER, ReportContext, Section
from rumeur.report.i18n import Labels

_T = {
    "fr": {
        "polls_title": "Sondages et enquêtes",
        "polls_none": "Aucun sondage importé (rumeur polls import FICHIER).",
        "polls_open": "Réponses ouvertes : thèmes",
        "polls_no_terms": "Sans mot récurrent",
        "votes": "Votes",
        "option": "Réponse",
        "polls_answers": "réponses",
    },
    "en": {
        "polls_title": "Polls and surveys",
        "polls_none": "No poll imported (rumeur polls import FILE).",
        "polls_open": "Open-ended answers: themes",
        "polls_no_terms": "No recurring word",
        "votes": "Votes",
        "option": "Answer",
        "polls_answers": "answers",
    },
}


def _test(res: TestResult, by: str, t: Labels, ctx: ReportContext) -> str:
    fmt = ctx.fmt
    stat = f"{t.term('test', 'statistic')} = {fmt.num(res.statistic, 2)}"
    if res.dof:
        stat += f" ({t.term('test', 'dof')} {fmt.num(res.dof)})"
    sep = " ; " if ctx.lang == "fr" else "; "
    return (
        f"{t.term('test', by).capitalize()}{fmt.colon} {t.term('test', res.test)}, {stat}, "
        f"p = {fmt.num(res.p_value, 4)}{sep}{t.term('test', 'effect')} "
        f"({t.term('test', res.effect_name)}) = {fmt.num(res.effect, 2)}"
    )


def sections(ctx: ReportContext) -> list[Section]:
    for code, entries in _T.items():
        ctx.t.add(code, entries)
    t, fmt, st = ctx.t, ctx.fmt, ctx.store
    sec = Section("a-polls", t["polls_title"], order=ORDER["a-polls"])
    polls = [r["poll"] for r in st.query("SELECT DISTINCT poll FROM poll_results ORDER BY 1")]
    surveys = [
        r["survey"] for r in st.query("SELECT DISTINCT survey FROM survey_answers ORDER BY 1")
    ]
    if not polls and not surveys:
        sec.blocks = [Para(t["polls_none"])]
        return [sec]
    blocks: list[Block] = []
    summary: list[str] = []
    for name in polls:
        rows = load_poll(st, name)
        for q in dict.fromkeys(r.question for r in rows):
            qrows = [r for r in rows if r.question == q]
            blocks.append(Heading([Span(name, cls="ugc"), " — ", Span(q, cls="ugc")]))
            for wave, group in sorted({(r.wave, r.group) for r in qrows}):
                sel = [r for r in qrows if (r.wave, r.group) == (wave, group)]
                ests = [(r.option, option_share(sel, r.option)) for r in sel]
                label = " / ".join(x for x in (wave, group) if x)
                n = sum(r.votes for r in sel)
                title = f"{label + ' · ' if label else ''}n = {fmt.num(n)}"
                blocks.append(
                    Figure(
                        charts.hbars(
                            [(o, 100 * e.value) for o, e in ests],
                            fmt,
                            title=title,
                            width=560,
                            intervals=[(100 * e.lo, 100 * e.hi) for _, e in ests],
                            colours="#4f46e5",
                            labeller=lambda v: fmt.pct(v / 100),
                        )
                    )
                )
                blocks.append(
                    Table(
                        [t["option"], t["votes"], t["share"]],
                        [
                            [Span(r.option, cls="ugc"), fmt.num(r.votes), fmt.est_pct(e)]
                            for r, (_, e) in zip(sel, ests, strict=True)
                        ],
                        numeric=(1, 2),
                    )
                )
                if not summary:
                    o, e = max(ests, key=lambda x: x[1].value)
                    summary.append(f"{name}{fmt.colon} {o} {fmt.est_pct(e)} (n = {fmt.num(n)})")
            for by in ("wave", "group"):
                if len({getattr(r, by) for r in qrows}) >= 2:
                    blocks.append(Para(_test(compare(qrows, by=by), by, t, ctx)))
    for name in surveys:
        questions, answers = load_survey(st, name)
        blocks.append(
            Heading([Span(name, cls="ugc"), f" (n = {fmt.num(len(answers))} {t['polls_answers']})"])
        )
        # classified as `rumeur polls results` does (analytics.surveys): a closed
        # question's options, several answers counted per option, or an open one's themes
        for sq in from_table(questions, answers):
            if sq.kind != "open" and sq.respondents:
                shares = sq.shares()
                blocks.append(
                    Table(
                        [Span(sq.text, cls="ugc"), t["share"]],
                        [[Span(k, cls="ugc"), fmt.est_pct(e)] for k, e in shares.items()],
                        numeric=(1,),
                    )
                )
            elif sq.texts():
                items = [
                    Item(
                        [
                            Span(", ".join(th.terms[:4]), cls="strong ugc")
                            if th.terms
                            else Span(t["polls_no_terms"], cls="strong"),
                            " — ",
                            fmt.est_pct(th.share),
                        ],
                        [Span(f"« {x} »", cls="ugc") for x in th.quotes],
                    )
                    for th in sq.themes()
                ]
                blocks += [
                    Heading([t["polls_open"], " — ", Span(sq.text, cls="ugc")], level=4),
                    Bullets(items),
                ]
    blocks.append(note(t["wilson_note"]))
    sec.blocks = blocks
    sec.summary = "; ".join(summary) or None
    return [sec]
