"""Data several report sections share, loaded once per report (cached on the context),
and the cells they show estimates in."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from rumeur.analytics import audience as _audience
from rumeur.analytics import frame
from rumeur.analytics.spikes import Spike, SpikeSettings, scan
from rumeur.analytics.stats import Estimate
from rumeur.report.blocks import Cell
from rumeur.report.build import ReportContext
from rumeur.report.fmt import Fmt


def scalar(ctx: ReportContext, sql: str, params: list[Any] | None = None) -> Any:
    """The first column of the first row of ``sql`` (None when there is none)."""
    rows = ctx.store.query(sql, params)
    return next(iter(rows[0].values())) if rows else None


def _cache(ctx: ReportContext) -> dict[str, Any]:
    return ctx.cache


def rows(ctx: ReportContext) -> list[dict[str, Any]]:
    """One row per (mention, brand) of the period, brand accounts included, with text
    (:func:`rumeur.analytics.frame.load`); the period includes its end."""
    c = _cache(ctx)
    if "rows" not in c:
        aud = _audience.from_project(ctx.project)
        loaded = frame.load(
            ctx.store, frame.Scope(since=ctx.start, include_own=True), aud, with_text=True,
            max_rows=ctx.project.max_rows,
        ).rows  # fmt: skip
        c["rows"] = [r for r in loaded if r["created_at"] <= ctx.end]
        ctx.lists.add_rows(c["rows"])
    out: list[dict[str, Any]] = c["rows"]
    return out


def public_rows(ctx: ReportContext) -> list[dict[str, Any]]:
    """:func:`rows` without the brands' own posts."""
    return [r for r in rows(ctx) if not r["is_own_account"]]


def spikes(ctx: ReportContext) -> list[Spike]:
    """Spikes of the period (strongest evidence first as :func:`scan` orders them)."""
    c = _cache(ctx)
    if "spikes" not in c:
        settings = SpikeSettings(timezone=ctx.project.timezone, lang=ctx.lang)
        c["spikes"] = scan(public_rows(ctx), ctx.start, ctx.end, settings)
    out: list[Spike] = c["spikes"]
    return out


def pct_cell(fmt: Fmt, e: Estimate) -> Cell:
    """A share with its interval on a second, muted line."""
    if not math.isfinite(e.value):
        return Cell("—")
    return Cell(fmt.pct(e.value), fmt.interval(e.lo, e.hi, percent=True))


def val_cell(fmt: Fmt, e: Estimate, digits: int = 2) -> Cell:
    if not math.isfinite(e.value):
        return Cell("—")
    return Cell(fmt.num(e.value, digits), fmt.interval(e.lo, e.hi, digits))


def ours(ctx: ReportContext) -> list[str]:
    """The project's own brands (all brands when none is marked as ours)."""
    return [b.id for b in ctx.project.brands if not b.competitor] or list(ctx.brands)


def week_start(key: str) -> datetime:
    """``2025-W39`` -> the Monday of that ISO week (naive, local)."""
    return datetime.strptime(key + "-1", "%G-W%V-%u")


__all__ = ["ours", "pct_cell", "public_rows", "rows", "scalar", "spikes", "val_cell", "week_start"]
