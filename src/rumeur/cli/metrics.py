"""``rumeur metrics ...``: opinion, debt, sov, aspects, motivations, spikes, people,
refresh; the reputation analytics, each with ``--json``."""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from rumeur.cli._common import (
    JsonOption,
    ProjectOption,
    console,
    emit_json,
    estimate,
    numbers,
    open_workspace,
    print_figures,
    say,
    term,
)
from rumeur.cli.app import app

if TYPE_CHECKING:
    from rumeur.analytics.frame import Scope
    from rumeur.analytics.stats import Estimate
    from rumeur.workspace import Workspace

metrics_app = typer.Typer(
    rich_markup_mode=None,
    help="Analyses de réputation avec intervalles à 95 % : chaque chiffre renvoie à ses mentions.",
    no_args_is_help=True,
)
app.add_typer(metrics_app, name="metrics")

Brand = Annotated[list[str] | None, typer.Option("--brand", "-b", help="Id de marque (répétable).")]
Since = Annotated[str | None, typer.Option(help="À partir de cette date (incluse).")]
Until = Annotated[str | None, typer.Option(help="Jusqu'à cette date (exclue).")]
Platform = Annotated[list[str] | None, typer.Option(help="Plateforme (répétable).")]
Period = Annotated[str, typer.Option(help="day, week, month ou all.")]
Seed = Annotated[int, typer.Option(help="Graine du bootstrap (même graine, mêmes intervalles).")]
Exclude = Annotated[bool, typer.Option(
    "--exclude-suspicious",
    help="Écarte les mentions signalées par l'audit d'authenticité (rumeur audit "
    "authenticity).",
)]  # fmt: skip


def _cols(*keys: str) -> list[str]:
    """Column headers in the run's language (rumeur.messages, ``col.<key>``)."""
    return [say(f"col.{k}") for k in keys]


def _scope(
    ws: Workspace,
    brand: list[str] | None,
    since: str | None,
    until: str | None,
    platform: list[str] | None = None,
    exclude: bool = False,
) -> Scope:
    return ws.scope(brands=brand or (), platforms=platform or (), since=since, until=until,
                    exclude_suspicious=exclude)  # fmt: skip


def _points(e: Estimate) -> str:
    """A difference of two shares in points: ``+13,2 pts [12,0 – 14,1]``."""
    n = numbers()
    if not math.isfinite(e.value):
        return "—"
    return f"{n.signed(100 * e.value, 1)} pts {n.interval(e.lo, e.hi, 1, percent=True)}"


@metrics_app.command(
    "opinion",
    epilog="Exemples :\n\n  rumeur metrics opinion --brand volta --period week\n\n"
    "  rumeur metrics opinion --by brand --by platform --json",
)
def opinion_cmd(
    brand: Brand = None, since: Since = None, until: Until = None, platform: Platform = None,
    by: Annotated[list[str] | None, typer.Option(help="brand, period, platform (répétable).")]
    = None,
    period: Period = "all", seed: Seed = 0, exclude: Exclude = False, project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:  # fmt: skip
    """Volume, auteurs distincts, parts favorables/neutres/défavorables et tonalité nette,
    non pondérées (Wilson) et pondérées par l'audience (bootstrap par auteur)."""
    keys = tuple(by or (("brand", "period") if period != "all" else ("brand",)))
    with open_workspace(project) as ws:
        scope = _scope(ws, brand, since, until, platform, exclude)
        cells = ws.opinion(scope, by=keys, period=period, seed=seed)
    if json_:
        emit_json([c.to_dict() for c in cells])
        return
    headers = [
        *(say(f"col.{k}") for k in keys),
        "n",
        say("col.authors"),
        say("col.favourable"),
        say("col.unfavourable"),
        "net",
        say("col.weighted_unfav"),
    ]
    n = numbers()
    print_figures(headers, [
        [*(c.key[k] for k in keys), n.num(c.volume), n.num(c.authors),
         *map(estimate, (c.shares["positive"], c.shares["negative"], c.net,
                         c.weighted_shares["negative"]))]
        for c in cells
    ])  # fmt: skip


@metrics_app.command(
    "debt",
    epilog="Exemples :\n\n  rumeur metrics debt --brand volta --by period --period week\n\n"
    "  rumeur metrics debt --by aspect --offset 3 --json",
)
def debt_cmd(
    brand: Brand = None, since: Since = None, until: Until = None, platform: Platform = None,
    by: Annotated[str, typer.Option(help="brand, platform, period ou aspect.")] = "brand",
    period: Period = "week",
    offset: Annotated[float, typer.Option(help="Impressions favorables pour compenser une "
                                               "impression défavorable.")] = 1.0,
    seed: Seed = 0, exclude: Exclude = False, project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:  # fmt: skip
    """Dette négative : audience défavorable / favorable, et audience favorable encore
    nécessaire."""
    with open_workspace(project) as ws:
        res = ws.debt(_scope(ws, brand, since, until, platform, exclude), by=by, period=period,
                      offset=offset, seed=seed)  # fmt: skip
    debts, slope = res.cells, res.trend_log_slope
    if json_:
        emit_json(res.to_dict())
        return
    n = numbers()
    # the ratio with two decimals and the impressions still needed as whole impressions,
    # as the report shows them
    print_figures(_cols(by, "unfav_reach", "fav_reach", "ratio", "needed"), [
        [next(iter(d.key.values())), n.num(d.unfavourable), n.num(d.favourable),
         estimate(d.ratio, pct=False, digits=2), estimate(d.needed, pct=False, digits=0)]
        for d in debts
    ])  # fmt: skip
    if slope is not None:
        trend = n.signed(100 * (math.exp(slope) - 1), 1) + n.pct_unit
        console.print(say("debt.trend", pct=trend, period=period))


@metrics_app.command(
    "sov",
    epilog="Exemples :\n\n  rumeur metrics sov --since 2025-10-01 --until 2025-11-01\n\n"
    "  rumeur metrics sov --json",
)
def sov_cmd(
    brand: Brand = None, since: Since = None, until: Until = None, platform: Platform = None,
    seed: Seed = 0, exclude: Exclude = False, project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:  # fmt: skip
    """Part de voix en volume et en audience, ajustée de la tonalité, face à la période
    précédente."""
    with open_workspace(project) as ws:
        voices = ws.share_of_voice(_scope(ws, brand, since, until, platform, exclude), seed=seed)
    if json_:
        emit_json([v.to_dict() for v in voices])
        return
    n = numbers()
    rows = []
    for v in voices:
        ch = "—"
        if v.change_test is not None and v.change is not None:
            ch = f"{n.signed(100 * v.change, 1)} pts (p = {n.num(v.change_test.p_value, 3)})"
        rows.append([v.brand, n.num(v.mentions),
                     *map(estimate, (v.volume, v.reach, v.favourable, v.unfavourable)),
                     ch])  # fmt: skip
    print_figures(_cols("brand", "mentions", "volume", "reach", "favourable", "unfavourable",
                        "change"), rows)  # fmt: skip


@metrics_app.command(
    "aspects",
    epilog="Exemples :\n\n  rumeur metrics aspects --brand volta\n\n"
    "  rumeur metrics aspects --json",
)
def aspects_cmd(
    brand: Brand = None, since: Since = None, until: Until = None, platform: Platform = None,
    seed: Seed = 0, exclude: Exclude = False, project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:  # fmt: skip
    """Les aspects qui portent l'audience défavorable ; matrice aspect × marque."""
    with open_workspace(project) as ws:
        res = ws.aspects(_scope(ws, brand, since, until, platform, exclude), seed=seed)
    d = res.drivers
    if json_:
        emit_json(res.to_dict())
        return
    n = numbers()
    print_figures(_cols("aspect", "unfav_mentions", "unfav_reach", "unfav_share", "unfav_rate"), [
        [x.aspect, n.num(x.negative_mentions), n.num(x.negative_reach), estimate(x.reach_share),
         estimate(x.negative_rate)]
        for x in d
    ])  # fmt: skip


@metrics_app.command(
    "motivations",
    epilog="Exemples :\n\n  rumeur metrics motivations --brand volta\n\n"
    "  rumeur metrics motivations --evaluate   # exactitude en validation croisée",
)
def motivations_cmd(
    brand: Brand = None, since: Since = None, until: Until = None, platform: Platform = None,
    evaluate: Annotated[bool, typer.Option(help="Affiche l'exactitude du classifieur en "
                                                "validation croisée à 5 plis.")]
    = False,
    seed: Seed = 0, exclude: Exclude = False, project: ProjectOption = None,
    json_: JsonOption = False,
) -> None:  # fmt: skip
    """Ce que la marque propose face à ce que son public demande, et l'engagement par motivation."""
    from rumeur.workspace import Workspace

    if evaluate:
        emit_json(Workspace.motivations_evaluation(seed=seed))
        return
    with open_workspace(project) as ws:
        g = ws.motivations(_scope(ws, brand, since, until, platform, exclude), seed=seed)
    if json_:
        emit_json([x.to_dict() for x in g])
        return
    # the gap is in points, signed: the public asks for more (+) or less (−) than offered
    print_figures(_cols("motivation", "brand_posts", "audience", "gap", "engagement_brand",
                        "engagement_audience"), [
        [x.motivation, estimate(x.brand_share), estimate(x.audience_share), _points(x.gap),
         estimate(x.engagement, pct=False), estimate(x.audience_engagement, pct=False)]
        for x in g
    ])  # fmt: skip


@metrics_app.command(
    "spikes",
    epilog="Exemples :\n\n  rumeur metrics spikes --brand volta --since 2025-08-01\n\n"
    "  rumeur metrics spikes --json > spikes.json",
)
def spikes_cmd(
    brand: Brand = None, since: Since = None, until: Until = None, platform: Platform = None,
    threshold: Annotated[float, typer.Option(help="Score z robuste à partir duquel une "
                                                  "tranche est signalée.")] = 5.0,
    exclude: Exclude = False, project: ProjectOption = None, json_: JsonOption = False,
) -> None:  # fmt: skip
    """Détection des bad buzz (selon l'heure et le jour de la semaine, médiane/MAD), chaque pic
    expliqué."""
    with open_workspace(project) as ws:
        spikes = ws.spikes(_scope(ws, brand, since, until, platform, exclude), threshold=threshold)
    if json_:
        emit_json([s.to_dict() for s in spikes])
        return
    n = numbers()
    for s in spikes:
        ex = s.explanation
        origin = say("spikes.origin", author=s.origin.author_handle) if s.origin else ""
        console.print(say(
            "spikes.line", brand=s.brand, metric=term("metric", s.metric),
            tone=term("sentiment", s.tone),
            start=_fmt_dt(s.start), end=_fmt_dt(s.end), observed=n.num(s.observed),
            expected=n.num(s.expected, 1), z=n.num(s.z, 1),
            terms=", ".join(t["term"] for t in ex["terms"][:5]),
            hashtags=", ".join(t["term"] for t in ex["hashtags"][:3]),
            accounts=", ".join(a["author"] for a in ex["accounts"][:3]),
        ) + origin)  # fmt: skip
    console.print(say("spikes.count", n=len(spikes)), style="dim")


def _fmt_dt(d: datetime) -> str:
    """Local time with its zone label (spike times are in the project's time zone)."""
    return d.strftime("%Y-%m-%d %H:%M %Z")


@metrics_app.command(
    "people",
    epilog="Exemples :\n\n  rumeur metrics people --brand volta --top 20\n\n"
    "  rumeur metrics people --json",
)
def people_cmd(
    brand: Brand = None, since: Since = None, until: Until = None, platform: Platform = None,
    top: Annotated[int, typer.Option(help="Combien par liste.")] = 10,
    exclude: Exclude = False, project: ProjectOption = None, json_: JsonOption = False,
) -> None:  # fmt: skip
    """Principaux promoteurs, détracteurs et auteurs influents ; détracteurs à qui l'on a
    répondu ou non."""
    with open_workspace(project) as ws:
        pp = ws.people(_scope(ws, brand, since, until, platform, exclude), top=top)
    if json_:
        emit_json(pp.to_dict())
        return
    for name, lst in (("promoters", pp.promoters), ("detractors", pp.detractors),
                      ("influential", pp.influential)):  # fmt: skip
        n = numbers()
        print_figures([*_cols("author", "mentions"), "+", "−", *_cols("reach", "answered")], [
            [p.handle or p.author, *(n.num(v) for v in (p.mentions, p.positive, p.negative,
                                                        p.reach, p.answered))]
            for p in lst
        ], title=say(f"people.{name}"))  # fmt: skip
    console.print(say("people.answered", rate=estimate(pp.answered_rate)))


@metrics_app.command(
    "refresh",
    epilog="Exemples :\n\n  rumeur metrics refresh     # après rumeur import / rumeur enrich",
)
def refresh_cmd(project: ProjectOption = None, json_: JsonOption = False) -> None:
    """Reconstruit les tables pré-agrégées que lit le tableau de bord (analytics_facts, _hourly)."""
    with open_workspace(project) as ws:
        counts = ws.refresh_rollups()
    emit_json(counts) if json_ else console.print(counts)
