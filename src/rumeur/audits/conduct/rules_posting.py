"""Rules about what the brand posts: frequency, unsolicited, wall_spam, copy_paste."""

from __future__ import annotations

import bisect
import statistics
from collections import defaultdict
from datetime import datetime, timedelta

from rumeur.audits.conduct.context import Context, local_part
from rumeur.audits.conduct.cues import (
    OVERPOSTING,
    PROMO,
    jaccard,
    num_fr,
    pct_fr,
    shingles,
    skeleton,
)
from rumeur.audits.conduct.data import Post
from rumeur.audits.conduct.model import Finding, Severity

_MAX_EVIDENCE = 200


def _originals(ctx: Context) -> list[Post]:
    return [p for p in ctx.brand_posts if not p.is_reply]


def frequency(ctx: Context) -> list[Finding]:
    """Days on which an own account posted well above both its own usual day and the
    network's norm, read with the audience's response in the same days."""
    out: list[Finding] = []
    groups: dict[tuple[str, str], list[Post]] = defaultdict(list)
    for p in _originals(ctx):
        groups[(p.author, p.platform)].append(p)
    measures = ctx.measure("frequency")
    for (account, platform), posts in sorted(groups.items()):
        days: dict[str, list[Post]] = defaultdict(list)
        for p in posts:
            days[p.created_at.astimezone(ctx.tz).date().isoformat()].append(p)
        counts = {d: len(v) for d, v in days.items()}
        usual = statistics.median(counts.values())
        norm = ctx.settings.norms.get(platform, ctx.settings.default_norm)
        limit = max(norm, ctx.settings.overposting_factor * usual)
        measures[f"{account}@{platform}"] = {
            "usual_posts_per_day": usual, "norm_posts_per_day": norm, "limit": limit,
            "active_days": len(counts), "posts": len(posts),
        }  # fmt: skip
        flagged = sorted(d for d, n in counts.items() if n > limit)
        for window in _runs(flagged):
            out.append(_frequency_finding(ctx, account, platform, window, days, posts, usual, norm))
    return out


def _runs(days: list[str]) -> list[list[str]]:
    """Consecutive days (a one-day gap joins two runs)."""
    runs: list[list[str]] = []
    for d in days:
        day = datetime.fromisoformat(d)
        if runs and (day - datetime.fromisoformat(runs[-1][-1])).days <= 2:
            runs[-1].append(d)
        else:
            runs.append([d])
    return runs


def _frequency_finding(
    ctx: Context, account: str, platform: str, window: list[str],
    days: dict[str, list[Post]], posts: list[Post], usual: float, norm: float,
) -> Finding:  # fmt: skip
    inside = [p for d in window for p in days[d]]
    start = min(p.created_at for p in inside)
    end = max(p.created_at for p in inside)
    outside = [p for p in posts if p not in inside]
    eng_in = sum(p.engagement for p in inside) / len(inside)
    eng_out = sum(p.engagement for p in outside) / len(outside) if outside else None
    complaints = [
        p for p in ctx.audience
        if start - timedelta(hours=1) <= p.created_at <= end + timedelta(days=2)
        and OVERPOSTING.search(p.folded)
    ]  # fmt: skip
    span_days = (datetime.fromisoformat(window[-1]) - datetime.fromisoformat(window[0])).days + 1
    per_day = len(inside) / span_days
    drop = (1 - eng_in / eng_out) if eng_out else None
    severe = (
        len(complaints) >= 2
        or (drop is not None and drop >= 0.3)
        or per_day >= 2 * max(norm, usual)
    )
    severity: Severity = "high" if severe else "medium"
    msg = (
        f"@{account} a publié {len(inside)} messages en {span_days} jour(s) sur {platform} "
        f"({num_fr(per_day)}/jour contre {num_fr(usual, 0)} d'habitude, norme {num_fr(norm, 0)})"
    )
    if complaints:
        msg += f" ; {len(complaints)} plainte(s) du public pour excès de messages"
    return Finding(
        rule="frequency", account=account, platform=platform, start=start, end=end,
        severity=severity, message=msg,
        metrics={
            "posts": len(inside), "days": span_days, "posts_per_day": round(per_day, 2),
            "usual_posts_per_day": usual, "norm_posts_per_day": norm,
            "engagement_per_post": round(eng_in, 2),
            "usual_engagement_per_post": round(eng_out, 2) if eng_out is not None else None,
            "engagement_drop": round(drop, 3) if drop is not None else None,
            "complaints": len(complaints),
        },
        evidence=[p.mention_id for p in (complaints + inside)[:_MAX_EVIDENCE]],
        excerpts=ctx.excerpts((complaints + inside)[:8]),
    )  # fmt: skip


def _solicited(ctx: Context, p: Post, person: str, parent: Post | None) -> bool:
    """Had ``person`` addressed or talked about the brand before ``p`` (in its thread,
    or anywhere in the window before it)?"""
    if parent is not None and parent.author == person and ctx.about_brand(parent):
        return True
    times = ctx.spoke_of_brand.get(person)
    if not times:
        return False
    window = timedelta(days=ctx.settings.solicit_window_days)
    i = bisect.bisect_right(times, p.created_at)
    return i > 0 and times[i - 1] >= p.created_at - window


def unsolicited_posts(ctx: Context) -> list[tuple[Post, list[str]]]:
    """The brand's messages addressed to people who had not addressed it, with those
    people. A reply to someone's complaint or question about the brand is solicited."""
    out = []
    for p in ctx.brand_posts:
        parent = ctx.parent(p)
        persons = {h for h in p.addressed if h not in ctx.all_own}
        if parent is not None and not parent.own:
            # "@user" in a reply's text names the parent's "user@instance"
            persons = {h for h in persons if h != local_part(parent.author)}
            persons.add(parent.author)
        if not persons:
            continue
        cold = sorted(h for h in persons if not _solicited(ctx, p, h, parent))
        if cold:
            out.append((p, cold))
    return out


def unsolicited(ctx: Context) -> list[Finding]:
    groups: dict[tuple[str, str], list[tuple[Post, list[str]]]] = defaultdict(list)
    for p, who in unsolicited_posts(ctx):
        groups[(p.author, p.platform)].append((p, who))
    replies: dict[tuple[str, str], int] = defaultdict(int)
    for p in ctx.brand_posts:
        if p.is_reply or p.addressed:
            replies[(p.author, p.platform)] += 1
    out = []
    for (account, platform), items in sorted(groups.items()):
        posts = [p for p, _ in items]
        promo = [p for p in posts if PROMO.search(p.folded)]
        people = sorted({h for _, who in items for h in who})
        n = len(posts)
        severity: Severity = (
            "high" if len(promo) >= 3 or n >= 10 else "medium" if promo or n >= 3 else "low"
        )
        ordered = promo + [p for p in posts if p not in promo]
        out.append(
            Finding(
                rule="unsolicited", account=account, platform=platform,
                start=min(p.created_at for p in posts), end=max(p.created_at for p in posts),
                severity=severity,
                message=(
                    f"@{account} a interpellé {len(people)} personne(s) qui ne s'étaient pas "
                    f"adressées à la marque ({n} message(s), dont {len(promo)} promotionnel(s))"
                ),
                metrics={
                    "messages": n, "promotional": len(promo), "people": len(people),
                    "replies_and_mentions": replies[(account, platform)],
                    "share_of_replies": round(n / replies[(account, platform)], 3),
                    "window_days": ctx.settings.solicit_window_days,
                    "addressed": people[:20],
                },
                evidence=[p.mention_id for p in ordered[:_MAX_EVIDENCE]],
                excerpts=ctx.excerpts(ordered[:8]),
            )
        )  # fmt: skip
    return out


def _clusters(posts: list[Post], threshold: float) -> list[list[Post]]:
    """Greedy near-duplicate groups (Jaccard of word 3-shingles of the skeletons)."""
    groups: list[tuple[set[str], list[Post]]] = []
    for p in posts:
        sh = shingles(skeleton(p.text))
        for rep, members in groups:
            if jaccard(rep, sh) >= threshold:
                members.append(p)
                break
        else:
            groups.append((sh, [p]))
    return [m for _, m in groups]


def wall_spam(ctx: Context) -> list[Finding]:
    """The same promotional message repeated in other people's threads."""
    pushed = []
    for p in ctx.brand_posts:
        if not p.reply_to or not PROMO.search(p.folded):
            continue
        parent = ctx.parent(p)
        if parent is not None and ctx.addresses_brand(parent):
            continue  # an answer to someone who spoke to the brand is care, not spam
        pushed.append(p)
    out = []
    for members in _clusters(pushed, 0.6):
        threads = {m.reply_to for m in members}
        if len(threads) < ctx.settings.wall_spam_min_threads:
            continue
        first = members[0]
        severity: Severity = "high" if len(members) >= 10 else "medium"
        out.append(
            Finding(
                rule="wall_spam", account=first.author, platform=first.platform,
                start=min(m.created_at for m in members), end=max(m.created_at for m in members),
                severity=severity,
                message=(
                    f"le même message promotionnel a été posté {len(members)} fois dans "
                    f"{len(threads)} fils de discussion d'autres personnes"
                ),
                metrics={"messages": len(members), "threads": len(threads),
                         "accounts": sorted({m.author for m in members})},
                evidence=[m.mention_id for m in members[:_MAX_EVIDENCE]],
                excerpts=ctx.excerpts(members[:3]),
            )
        )  # fmt: skip
    return out


_MAX_LEN = {"twitter": 280, "x": 280, "bluesky": 300, "mastodon": 500}
_MAX_TAGS = {"facebook": 3, "linkedin": 5, "twitter": 3, "x": 3}


def copy_paste(ctx: Context) -> list[Finding]:
    """One message cross-posted identically on several networks instead of fitted."""
    originals = _originals(ctx)
    window = timedelta(hours=ctx.settings.copy_paste_window_hours)
    groups = []
    for cluster in _clusters(originals, 0.85):
        chunk: list[Post] = []  # the same text again a week later is another posting
        for p in sorted(cluster, key=lambda p: p.created_at):
            if chunk and p.created_at - chunk[0].created_at > window:
                groups.append(chunk)
                chunk = []
            chunk.append(p)
        groups.append(chunk)
    groups = [g for g in groups if len({p.platform for p in g}) >= 2]
    if not groups or not originals:
        return []
    crossed = {p.mention_id for g in groups for p in g}
    share = len(crossed) / len(originals)
    from rumeur.audits.conduct.cues import hashtags

    issues = []
    for g in groups:
        for p in g:
            if len(p.text) > _MAX_LEN.get(p.platform, 10**9):
                issues.append(f"{p.mention_id}: {len(p.text)} caractères sur {p.platform}")
            if len(hashtags(p.text)) > _MAX_TAGS.get(p.platform, 30):
                issues.append(f"{p.mention_id}: {len(hashtags(p.text))} hashtags sur {p.platform}")
    if len(groups) < 3 and share < 0.2:
        return []
    severity: Severity = "medium" if share >= 0.5 or issues else "low"
    posts = [p for g in groups for p in g]
    return [
        Finding(
            rule="copy_paste", account="+".join(sorted({p.author for p in posts})),
            platform="+".join(sorted({p.platform for p in posts})),
            start=min(p.created_at for p in posts), end=max(p.created_at for p in posts),
            severity=severity,
            message=(
                f"{len(groups)} message(s) publiés à l'identique sur plusieurs réseaux "
                f"({pct_fr(share)} des publications), sans adaptation au format de chacun"
            ),
            metrics={"groups": len(groups), "share_of_posts": round(share, 3),
                     "format_issues": issues[:20]},
            evidence=[p.mention_id for p in posts[:_MAX_EVIDENCE]],
            excerpts=ctx.excerpts([g[0] for g in groups[:5]]),
        )
    ]  # fmt: skip
