"""Orchestrates a demo corpus: population, scripted events, ordinary traffic, files.

See :mod:`rumeur.demo` for the file shapes and the ground truth.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from rumeur.config import Brand
from rumeur.demo import background, campaigns, conduct, events, social, tables, threads, truth
from rumeur.demo.brands import BRANDS
from rumeur.demo.compose import Composer
from rumeur.demo.model import AVIS, BLUESKY, CHANNEL_FILES, MASTODON, VEILLE, Item
from rumeur.demo.people import People
from rumeur.demo.scene import Scene
from rumeur.demo.timeline import Clock

DEFAULT_END = datetime(2025, 10, 31, 23, 59, tzinfo=UTC)
GROUND_TRUTH = "ground_truth.json"
_VIEWS = ("twitter", "tiktok", "youtube", "instagram")


@dataclass(frozen=True)
class DemoCorpus:
    """What :func:`generate` wrote."""

    files: list[Path]  # mastodon.jsonl, bluesky.jsonl, avis_clients.csv, veille_export.csv
    ground_truth: Path
    brands: tuple[Brand, ...]
    start: datetime
    end: datetime
    n_mentions: int


#: the fewest mentions the scripted events fit in (``rumeur demo --mentions``)
MIN_MENTIONS = 2000


def _engagement(items: list[Item], nrng: np.random.Generator) -> None:
    """Likes/shares/replies/views correlated with followers (and scandal)."""
    n = len(items)
    noise = nrng.lognormal(0.0, 1.0, n)
    share_frac = nrng.beta(1.5, 8.0, n)
    view_mult = nrng.lognormal(0.0, 0.7, n)
    extra_replies = nrng.poisson(0.6, n)
    for k, it in enumerate(items):
        f = it.author.followers
        rate = 0.012 * (1.8 if it.drawn == "neg" else 1.0)
        if it.kind in ("fake_praise", "brand_spam_reply"):
            rate = 0.05
        base = 1 + rate * f
        if it.parent is not None:
            base *= 0.4
        likes = int(base * noise[k]) if it.channel != AVIS else 0
        it.likes = likes
        it.shares = int(likes * share_frac[k] * (2.0 if it.event == "bad_buzz" else 1.0))
        it.replies = len(it.children) + (
            int(extra_replies[k] * math.log10(10 + f))
            if it.channel != AVIS and it.kind != "fake_praise"
            else 0
        )
        if it.platform in _VIEWS:
            it.views = int(f * 0.6 * view_mult[k] + likes * 25 + 10)
    for ev in items:
        if ev.kind == "bad_buzz" and ev.author.kind == "influencer":
            ev.likes, ev.shares = max(ev.likes, 18_000), max(ev.shares, 9_500)
            ev.views = max(ev.views or 0, 2_400_000)


def _fix_reply_times(items: list[Item], end: datetime) -> None:
    """A reply is always after its parent, and before the end of the period."""
    for it in items:
        if it.parent is not None and it.created <= it.parent.created:
            room = end - it.parent.created
            it.created = it.parent.created + min(timedelta(seconds=45), room / 2)


def generate(
    out_dir: Path,
    *,
    seed: int = 42,
    n_mentions: int = 24000,
    end: datetime | None = None,
    days: int = 90,
) -> DemoCorpus:
    """Write the demo corpus into ``out_dir`` (created if needed); same arguments, same bytes.

    ``end`` (default 2025-10-31 23:59 UTC; a naive datetime is read as UTC) closes the
    ``days``-long period. Raises ValueError below 2,000 mentions (the events would not fit).
    """
    if n_mentions < MIN_MENTIONS:
        raise ValueError(
            f"n_mentions must be at least {MIN_MENTIONS} for the scripted events to fit"
        )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    end = end or DEFAULT_END
    end = end.replace(tzinfo=UTC) if end.tzinfo is None else end.astimezone(UTC)  # naive = UTC
    start = end - timedelta(days=days)
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    people = People(rng, nrng, max(1500, n_mentions // 4))
    sc = Scene(
        rng=rng,
        comp=Composer(rng),
        people=people,
        clock=Clock(rng, start, end),
        start=start,
        end=end,
    )

    scale = n_mentions / 24000
    events.outage(sc, round(1320 * scale))
    events.fake_campaign(sc, max(150, min(300, round(220 * scale))))
    spam_ev = events.spammer(sc, round(312 * scale))
    events.intrusive_ads(sc, round(720 * scale))
    background.brand_posts(sc, per_day=1.0 * scale)
    background.audience_asks(sc, round(288 * scale))
    background.news(sc, round(190 * scale))
    background.non_brand(sc, round(190 * scale))
    n_spam_replies = round(216 * scale)
    n_bomb, n_ring = max(30, round(40 * scale)), max(24, round(36 * scale))
    target = n_mentions - n_spam_replies - conduct.count(scale) - n_bomb - n_ring
    while len(sc.items) < target:
        budget = target - len(sc.items)
        if rng.random() < 0.12:
            threads.care_exchange(sc, budget)
        else:
            threads.ordinary(sc, budget)
    conduct.script(sc, scale)
    events.spam_replies(sc, spam_ev, n_mentions - len(sc.items) - n_bomb - n_ring)
    campaigns.review_bomb(sc, n_bomb)
    campaigns.sockpuppet_ring(sc, n_ring)
    items = sc.items
    _fix_reply_times(items, end)
    items.sort(key=lambda i: i.created)
    _engagement(items, nrng)

    by_channel = {ch: [i for i in items if i.channel == ch] for ch in CHANNEL_FILES}
    social.mastodon_ids(by_channel[MASTODON])
    social.bluesky_ids(by_channel[BLUESKY])
    tables.veille_ids(by_channel[VEILLE])
    tables.veille_ids(by_channel[VEILLE])  # second pass: forum URLs name their root's id
    tables.avis_ids(by_channel[AVIS], rng)

    handles = {p.handle: p for p in people.all}
    paths = {ch: out_dir / name for ch, name in CHANNEL_FILES.items()}
    broken: list[dict[str, str]] = []
    lines = [social.dumps(social.mastodon_status(i, handles)) for i in by_channel[MASTODON]]
    for k in range(3):
        pos = rng.randrange(len(lines))
        full = lines[pos]
        cut = full[: len(full) * (k + 1) // 5]
        lines.insert(pos, cut)
        broken.append(
            {"file": CHANNEL_FILES[MASTODON], "line": str(pos + 1), "reason": "truncated JSON"}
        )
    paths[MASTODON].write_text("\n".join(lines) + "\n", encoding="utf-8")
    indexed_lag = [timedelta(seconds=rng.randint(1, 40)) for _ in by_channel[BLUESKY]]
    paths[BLUESKY].write_text(
        "".join(
            social.dumps(social.bluesky_post(i, handles, i.created + lag)) + "\n"
            for i, lag in zip(by_channel[BLUESKY], indexed_lag, strict=True)
        ),
        encoding="utf-8",
    )
    tables.write_avis(paths[AVIS], by_channel[AVIS], end, rng)
    broken += tables.write_veille(paths[VEILLE], by_channel[VEILLE], rng)
    # line numbers of truncated lines shift as later ones are inserted before them: recompute
    masto_lines = paths[MASTODON].read_text(encoding="utf-8").splitlines()
    bad = [str(n) for n, line in enumerate(masto_lines, 1) if not line.endswith("}")]
    for b, n in zip((x for x in broken if x["file"] == CHANNEL_FILES[MASTODON]), bad, strict=True):
        b["line"] = n

    gt = out_dir / GROUND_TRUTH
    truth.write(
        gt,
        items=items,
        events=sc.events,
        care=sc.care,
        spam_accounts=sc.spam_accounts,
        fake_accounts=sc.fake_accounts,
        broken=broken,
        meta={
            "seed": seed,
            "n_mentions": len(items),
            "start": tables.utc_iso(start),
            "end": tables.utc_iso(end),
            "days": days,
            "bluesky_followers": {i.author.did: i.author.followers for i in by_channel[BLUESKY]},
        },
    )
    files = [paths[MASTODON], paths[BLUESKY], paths[AVIS], paths[VEILLE]]
    return DemoCorpus(
        files=files, ground_truth=gt, brands=BRANDS, start=start, end=end, n_mentions=len(items)
    )
