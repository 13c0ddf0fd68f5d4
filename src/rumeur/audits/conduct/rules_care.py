"""Rules about how the brand treats its public: response, data_use, fake_customers,
and promo_share (what it offers against what people follow it for)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import datetime

from rumeur.audits.conduct.context import Context
from rumeur.audits.conduct.cues import (
    COMPLAINT,
    DATA_COMPLAINT,
    DATA_REQUEST,
    PRIVATE_CHANNEL,
    PROMO,
    QUESTION,
    fold,
    num_fr,
    pct_fr,
)
from rumeur.audits.conduct.data import Post
from rumeur.audits.conduct.model import Finding, Severity

_MAX_EVIDENCE = 200

#: share of poll respondents citing each reason to follow a brand (they could give
#: several: promotions 48 %, practical 27 %, exclusive 21 %, exchange 16 %)
POLL_REFERENCE = {"promotions": 0.48, "practical": 0.27, "exclusive": 0.21, "exchange": 0.16}


def is_complaint(p: Post) -> bool:
    if p.rating is not None and p.rating <= 2:
        return True
    if p.sentiment is not None:
        return p.sentiment == "negative"
    return bool(COMPLAINT.search(p.folded))


def _quantile(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def _main_account(ctx: Context, platform: str) -> str:
    """The brand's most active account on a network (its first own account if none)."""
    counts: dict[str, int] = defaultdict(int)
    for p in ctx.brand_posts:
        if p.platform == platform:
            counts[p.author] += 1
    if counts:
        return max(sorted(counts), key=lambda a: counts[a])
    return sorted(ctx.own)[0] if ctx.own else ctx.brand.id


def _rate(items: list[Post], answered: set[str]) -> float | None:
    return sum(p.mention_id in answered for p in items) / len(items) if items else None


def _business_hours(ts: datetime, ctx: Context) -> bool:
    local = ts.astimezone(ctx.tz)
    return local.weekday() < 5 and 9 <= local.hour < 18


def response(ctx: Context) -> list[Finding]:
    """Questions and complaints addressed to the brand: how many get an answer, how fast
    (median and 90th percentile, by network, in and out of business hours)."""
    first_reply: dict[tuple[str, str], datetime] = {}
    for p in ctx.posts:
        if p.author in ctx.own and p.reply_to:
            key = (p.platform, p.reply_to)
            if key not in first_reply or p.created_at < first_reply[key]:
                first_reply[key] = p.created_at
    asks = [p for p in ctx.audience if ctx.addresses_brand(p)]
    by_platform: dict[str, list[Post]] = defaultdict(list)
    for p in asks:
        if QUESTION.search(p.text) or is_complaint(p):
            by_platform[p.platform].append(p)
    out = []
    measures = ctx.measure("response")
    active = {p.platform for p in ctx.brand_posts}
    for platform, items in sorted(by_platform.items()):
        if platform not in active:
            # the brand's accounts post nothing here that we collect: their answers, if
            # any, are not in the data, so "unanswered" would be a guess
            measures[platform] = {"addressed": len(items), "brand_active": False}
            continue
        answered: list[tuple[Post, float]] = []
        unanswered: list[Post] = []
        for p in items:
            when = first_reply.get((p.platform, p.external_id or ""))
            if when is not None and when >= p.created_at:
                answered.append((p, (when - p.created_at).total_seconds() / 3600))
            else:
                unanswered.append(p)
            ctx.response_status[p.mention_id] = when is not None and when >= p.created_at
        questions = [p for p in items if QUESTION.search(p.text)]
        complaints = [p for p in items if is_complaint(p)]
        ans_ids = {p.mention_id for p, _ in answered}
        q_rate = (
            sum(p.mention_id in ans_ids for p in questions) / len(questions) if questions else None
        )
        c_rate = (
            sum(p.mention_id in ans_ids for p in complaints) / len(complaints)
            if complaints
            else None
        )
        hours = [h for _, h in answered]
        biz = [h for p, h in answered if _business_hours(p.created_at, ctx)]
        off = [h for p, h in answered if not _business_hours(p.created_at, ctx)]
        m = {
            "addressed": len(items), "questions": len(questions), "complaints": len(complaints),
            "answered": len(answered), "answer_rate": round(len(answered) / len(items), 3),
            "question_answer_rate": round(q_rate, 3) if q_rate is not None else None,
            "complaint_answer_rate": round(c_rate, 3) if c_rate is not None else None,
            "median_hours": round(statistics.median(hours), 2) if hours else None,
            "p90_hours": round(_quantile(hours, 0.9), 2) if hours else None,
            "median_hours_business": round(statistics.median(biz), 2) if biz else None,
            "median_hours_off_hours": round(statistics.median(off), 2) if off else None,
            "target_answer_rate": ctx.settings.response_target,
        }  # fmt: skip
        measures[platform] = m
        rate = len(answered) / len(items)
        slow = m["median_hours"] is not None and m["median_hours"] > ctx.settings.response_hours
        open_complaints = [p for p in unanswered if is_complaint(p)]
        if len(items) < 5 or (
            rate >= ctx.settings.response_target and not slow and len(open_complaints) < 3
        ):
            continue
        severity: Severity = "high" if rate < 0.4 else "medium" if rate < 0.65 or slow else "low"
        open_complaints.sort(key=lambda p: -(p.followers or 0))
        rest = [p for p in unanswered if p not in open_complaints]
        shown = open_complaints + rest
        account = _main_account(ctx, platform)
        out.append(
            Finding(
                rule="response", account=account, platform=platform,
                start=min(p.created_at for p in items), end=max(p.created_at for p in items),
                severity=severity,
                message=(
                    f"{len(answered)} sur {len(items)} questions et plaintes adressées à la marque "
                    f"ont reçu une réponse ({pct_fr(rate)}, objectif ≥ 65\u00a0%)"
                    + (f", délai médian {num_fr(m['median_hours'])} h" if m["median_hours"] else "")
                    + f" ; {len(open_complaints)} plainte(s) sans réponse"
                ),
                metrics=m,
                evidence=[p.mention_id for p in shown[:_MAX_EVIDENCE]],
                excerpts=ctx.excerpts(shown[:8]),
            )
        )  # fmt: skip
    return out


def data_use(ctx: Context) -> list[Finding]:
    """The public complaining about the use of its personal data; the brand asking for
    personal data in public replies (instead of a private channel)."""
    out = []
    items = [p for p in ctx.audience if DATA_COMPLAINT.search(p.folded)]
    if items:
        n = len(items)
        nets = sorted({p.platform for p in items})
        platform = "+".join(nets)
        severity: Severity = "high" if n >= 5 else "medium" if n >= 2 else "low"
        out.append(
            Finding(
                rule="data_use", account=_main_account(ctx, nets[0]), platform=platform,
                start=items[0].created_at, end=items[-1].created_at, severity=severity,
                message=f"{n} message(s) du public se plaignent de l'usage de leurs données "
                f"personnelles (revente, démarchage, RGPD…), sur {len(nets)} réseau(x)",
                metrics={"complaints": n, "kind": "audience_complaints",
                         "by_network": {k: sum(p.platform == k for p in items) for k in nets}},
                evidence=[p.mention_id for p in items[:_MAX_EVIDENCE]],
                excerpts=ctx.excerpts(items[:8]),
            )
        )  # fmt: skip
    asks: dict[tuple[str, str], list[Post]] = defaultdict(list)
    for p in ctx.brand_posts:
        if DATA_REQUEST.search(p.folded) and not PRIVATE_CHANNEL.search(p.folded):
            asks[(p.author, p.platform)].append(p)
    for (account, platform), items in sorted(asks.items()):
        severity = "high" if len(items) >= 3 else "medium"
        out.append(
            Finding(
                rule="data_use", account=account, platform=platform,
                start=items[0].created_at, end=items[-1].created_at, severity=severity,
                message=f"@{account} a demandé des données personnelles en public "
                f"{len(items)} fois, sans passer par un canal privé",
                metrics={"requests": len(items), "kind": "public_data_requests"},
                evidence=[p.mention_id for p in items[:_MAX_EVIDENCE]],
                excerpts=ctx.excerpts(items[:8]),
            )
        )  # fmt: skip
    return out


def fake_customers(ctx: Context) -> list[Finding]:
    """Accounts tied to the brand praising it as if they were customers: the brand's own
    accounts reviewing it, and accounts named after the brand that only ever praise it."""
    out = []
    reviews = [
        p for p in ctx.posts
        if ctx.in_period(p) and p.author in ctx.own
        and (p.platform == "reviews" or p.rating is not None)
    ]  # fmt: skip
    if reviews:
        out.append(
            Finding(
                rule="fake_customers", account=reviews[0].author, platform=reviews[0].platform,
                start=reviews[0].created_at, end=reviews[-1].created_at, severity="high",
                message=f"un compte de la marque a publié {len(reviews)} avis sur elle-même",
                metrics={"reviews": len(reviews), "kind": "own_account_reviews"},
                evidence=[p.mention_id for p in reviews[:_MAX_EVIDENCE]],
                excerpts=ctx.excerpts(reviews[:5]),
            )
        )  # fmt: skip
    campaigns: dict[str, list[Post]] = defaultdict(list)
    for p in ctx.audience:
        cid = ctx.suspicious.get(p.mention_id, "")
        if cid and (p.sentiment == "positive" or (p.rating or 0) >= 4):
            campaigns[cid].append(p)
    for cid, items in sorted(campaigns.items()):
        if len(items) < 3:
            continue
        out.append(
            Finding(
                rule="fake_customers", account=f"campagne {cid}",
                platform="+".join(sorted({p.platform for p in items})),
                start=items[0].created_at, end=items[-1].created_at, severity="high",
                message=f"{len(items)} éloges de la marque par {len({p.author for p in items})} "
                "comptes coordonnés (audit d'authenticité)",
                metrics={"mentions": len(items), "accounts": len({p.author for p in items}),
                         "campaign": cid, "kind": "coordinated_praise"},
                evidence=[p.mention_id for p in items[:_MAX_EVIDENCE]],
                excerpts=ctx.excerpts(items[:5]),
            )
        )  # fmt: skip
    terms = {fold(t).replace(" ", "") for t in ctx.brand.terms} | {fold(ctx.brand.id)}
    terms = {t for t in terms if len(t) >= 4}
    by_author: dict[str, list[Post]] = defaultdict(list)
    for p in ctx.audience:
        if p.author and p.author not in ctx.own and any(t in fold(p.author) for t in terms):
            by_author[p.author].append(p)
    for author, items in sorted(by_author.items()):
        pos = [p for p in items if p.sentiment == "positive" or (p.rating or 0) >= 4]
        neg = [p for p in items if p.sentiment == "negative" or (p.rating or 5) <= 2]
        if len(pos) < 2 or neg:
            continue
        out.append(
            Finding(
                rule="fake_customers", account=author, platform=items[0].platform,
                start=items[0].created_at, end=items[-1].created_at, severity="medium",
                message=f"@{author}, un compte au nom de la marque, l'a louée {len(pos)} fois "
                "comme un client, sans jamais une critique",
                metrics={"positive": len(pos), "messages": len(items), "kind": "brand_named"},
                evidence=[p.mention_id for p in pos[:_MAX_EVIDENCE]],
                excerpts=ctx.excerpts(pos[:5]),
            )
        )  # fmt: skip
    return out


def promo_share(ctx: Context) -> list[Finding]:
    """The brand's posts by motivation against what its audience asks for (and the
    poll's reference shares): a brand that mostly sells when people mostly ask for
    practical help or exchange is out of step."""
    from rumeur.analytics.motivation import MOTIVATIONS, classify
    from rumeur.analytics.stats import difference

    own = [p for p in ctx.brand_posts if not p.is_reply]
    aud = ctx.audience
    if len(own) < 5 or len(aud) < 5:
        return []
    own_labels = [m for m, _ in classify([p.text for p in own])]
    aud_labels = [m for m, _ in classify([p.text for p in aud])]
    shares: dict[str, dict[str, float]] = {}
    for m in MOTIVATIONS:
        kb, ka = own_labels.count(m), aud_labels.count(m)
        gap = difference(kb, len(own), ka, len(aud))
        shares[m] = {
            "brand_share": round(kb / len(own), 3), "audience_share": round(ka / len(aud), 3),
            "gap": round(gap.value, 3), "gap_lo": round(gap.lo, 3), "gap_hi": round(gap.hi, 3),
        }  # fmt: skip
        if m in POLL_REFERENCE:
            shares[m]["poll_reference"] = POLL_REFERENCE[m]
    ctx.measure("promo_share").update(shares)
    promo = shares["promotions"]
    # the poll's reference: promotions are the first reason to follow a brand (48 % of
    # people; 43 % of the reasons given): up to that share, the offer meets stated demand
    stated = POLL_REFERENCE["promotions"] / sum(POLL_REFERENCE.values())
    if (
        promo["brand_share"] <= stated
        or promo["gap"] < ctx.settings.promo_gap
        or promo["gap_lo"] <= 0
    ):
        return []
    own_promo = [p for p, m in zip(own, own_labels, strict=True) if m == "promotions"]
    extra = [p for p in own if PROMO.search(p.folded) and p not in own_promo]
    severity: Severity = "high" if promo["brand_share"] >= 0.6 else "medium"
    return [
        Finding(
            rule="promo_share", account="+".join(sorted({p.author for p in own})[:3]),
            platform="+".join(sorted({p.platform for p in own})),
            start=own[0].created_at, end=own[-1].created_at, severity=severity,
            message=(
                f"{pct_fr(promo['brand_share'])} des publications de la marque sont "
                f"promotionnelles (référence du sondage : {pct_fr(stated)} des raisons de suivre "
                f"une marque) quand {pct_fr(promo['audience_share'])} des messages du public en "
                f"demandent (écart {pct_fr(promo['gap'], True)}, IC 95\u00a0% "
                f"{pct_fr(promo['gap_lo'], True)} à {pct_fr(promo['gap_hi'], True)})"
            ),
            metrics={"shares": shares, "posts": len(own), "audience_messages": len(aud),
                     "poll_reference_share": round(stated, 3)},
            evidence=[p.mention_id for p in (own_promo + extra)[:_MAX_EVIDENCE]],
            excerpts=ctx.excerpts(own_promo[:5]),
        )
    ]  # fmt: skip
