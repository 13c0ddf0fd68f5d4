"""Known trackers: which third-party hosts and cookies follow people across sites.

The domain list is WhoTracks.me's tracker database (MIT licence; see
``data/trackers.json`` and ``scripts/build_trackers.py``). A request is a tracker's when
its host is one of those domains or a subdomain of one, and the domain's category is a
tracking one (advertising, analytics, social media...; not CDNs, hosting or what the
database calls essential, such as tag managers, which only load other scripts).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

#: categories of the database that follow people (the others are infrastructure)
NOT_TRACKING = frozenset({"cdn", "hosting", "essential"})

#: cookie names set by common audience, advertising and session-replay tools
_TRACKING_COOKIES = re.compile(
    r"^(_ga(_.*)?|_gid|_gat.*|__utm[a-z]+|_gcl_.*|_fbp|_fbc|fr|_hj.*|IDE|test_cookie|"
    r"_uet(sid|vid)|MUID|_clck|_clsk|_pin_unauth|_ttp|_scid|_tt_enable_cookie|"
    r"__hs(tc|sc|sid)|hubspotutk|_mkto_trk|ajs_(user|anonymous)_id|mp_.*_mixpanel|"
    r"_ym_.*|yandexuid|criteo.*|cto_bundle|__qca|_rdt_uuid|li_(sugr|fat_id)|bcookie|"
    r"_pk_(id|ses)\..*|AMCV_.*|s_(cc|sq|vi)|_dc_gtm_.*)$"
)


@dataclass(frozen=True, slots=True)
class Tracker:
    domain: str
    name: str
    company: str
    category: str

    @property
    def tracking(self) -> bool:
        return self.category not in NOT_TRACKING


@cache
def _domains() -> dict[str, tuple[str, str, str]]:
    raw = resources.files("rumeur.audits.site").joinpath("data/trackers.json").read_text("utf-8")
    return {d: (v[0], v[1], v[2]) for d, v in json.loads(raw)["domains"].items()}


def lookup(host: str, extra: dict[str, str] | None = None) -> Tracker | None:
    """The tracker a host belongs to, by the longest matching domain suffix.
    ``extra`` adds domains (domain -> name), treated as advertising trackers."""
    host = host.lower().rstrip(".")
    table = _domains()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        dom = ".".join(parts[i:])
        if extra and dom in extra:
            return Tracker(dom, extra[dom], extra[dom], "advertising")
        if dom in table:
            name, company, cat = table[dom]
            return Tracker(dom, name, company, cat)
    return None


def tracking_cookie(name: str) -> bool:
    """True for the names of well-known audience and advertising cookies."""
    return bool(_TRACKING_COOKIES.match(name))
