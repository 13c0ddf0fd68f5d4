"""A double of X API v2, written from its documentation (docs.x.com/x-api):

- ``GET /2/tweets/search/recent`` (``query`` with ``-is:retweet`` and ``lang:xx``
  honoured, ``max_results`` 10–100, ``since_id``, ``start_time`` within 7 days,
  ``next_token``/``pagination_token``), ``GET /2/users/:id/tweets`` and
  ``/2/users/:id/mentions`` (``max_results`` 5–100, ``pagination_token``),
  ``GET /2/users/by/username/:username``; ``expansions=author_id`` fills
  ``includes.users``;
- answers newest first with ``meta`` (``newest_id``, ``oldest_id``, ``result_count``,
  ``next_token``); an empty answer is ``{"meta": {"result_count": 0}}``;
- problem bodies (``title``, ``detail``, ``type``, ``status``): 401 for a wrong bearer
  token, 400 ``invalid-request`` (with ``errors[].parameters``) for a bad parameter or
  page token, 429 ``Too Many Requests`` past the window's ``rate_limit`` requests, 429
  ``UsageCapExceeded`` once ``usage_cap`` posts were read in the month;
- ``x-rate-limit-limit``/``-remaining``/``-reset`` (epoch seconds) on every answer;
- a post whose author is suspended comes without its author, with an ``errors`` entry.

The corpus: customers' posts about the fictional brand Fibrelia (every other one names
``@fibrelia_sav``: the mentions timeline), the brand's replies (every 5th post, in the
thread of the post before it), reposts (every 10th).
"""

from __future__ import annotations

import itertools
import math
import string
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from rumeur.connectors.doubles import payloads as p
from rumeur.connectors.doubles._mounted import Answer, MountedApi, bearer, iso_ms, j

X_BASE = 1_862_000_000_000_000_000
OWN_ID = "1580000000000000001"
OWN_USERNAME = "fibrelia_sav"
TOKEN_PREFIX = "b26v89c19zqg8o3f"
PROBLEM = "https://api.twitter.com/2/problems/"


def post_id(i: int) -> str:
    return str(X_BASE + i * 4_194_304_000)


def _index(post: str) -> int:
    return (int(post) - X_BASE) // 4_194_304_000


def user(k: int) -> dict[str, Any]:
    """Customer k's ``User`` (``user.fields=created_at,public_metrics,verified``)."""
    name = p.NAMES[k % len(p.NAMES)]
    return {"id": str(1_600_000_000 + k), "name": f"{name} {k}",
            "username": f"{name.lower().replace('é', 'e').replace('è', 'e')}_{k}",
            "created_at": f"20{12 + k % 12}-0{1 + k % 9}-1{k % 10}T09:30:00.000Z",
            "verified": k % 17 == 0,
            "public_metrics": {"followers_count": 40 + k * 37 % 5000, "following_count": 180,
                               "tweet_count": 900 + k, "listed_count": k % 4,
                               "like_count": 2000}}  # fmt: skip


OWN_USER = {"id": OWN_ID, "name": "Fibrelia SAV", "username": OWN_USERNAME,
            "created_at": "2015-03-02T10:00:00.000Z", "verified": True,
            "public_metrics": {"followers_count": 48_200, "following_count": 310,
                               "tweet_count": 21_500, "listed_count": 120,
                               "like_count": 800}}  # fmt: skip


def is_own(i: int) -> bool:
    return i % 5 == 4


def is_repost(i: int) -> bool:
    return i % 10 == 7


def author_of(i: int) -> dict[str, Any]:
    return OWN_USER if is_own(i) else user(i % 40)


def lang_of(i: int) -> str:
    return "en" if i % 20 == 13 else "fr"


def names_own(i: int) -> bool:
    """Post i names ``@fibrelia_sav`` (it is in the mentions timeline)."""
    return i % 2 == 0 and not is_own(i)


def suspended(i: int) -> bool:
    return i % 50 == 11


class XDouble(MountedApi):
    """X API v2 under ``/2/``; ``bearer_token`` is the only token accepted."""

    def __init__(
        self,
        *,
        bearer_token: str = "AAAAAAAAAAAAAAAAAAAAAFibreliaDoubleToken",
        rate_limit: int = 450,
        window: float = 900.0,
        usage_cap: int | None = None,
        **kwargs: Any,
    ) -> None:
        if kwargs.get("epoch") is None:  # recent search reaches back 7 days: 2 days ago
            now = datetime.fromtimestamp((kwargs.get("clock") or time.time)(), UTC)
            kwargs["epoch"] = now.replace(minute=0, second=0, microsecond=0) - timedelta(days=2)
        super().__init__(**kwargs)
        self.bearer_token = bearer_token
        self.rate_limit = rate_limit
        self.window = window
        self.usage_cap = usage_cap
        #: posts returned in ``data`` (what X bills), this month
        self.posts_read = 0
        #: requests answered 429 (rate limit or usage cap)
        self.rejected = 0
        self._windows: dict[str, tuple[float, int]] = {}

    def tweet(self, i: int) -> dict[str, Any]:
        """Post i as X returns it with the ``tweet.fields`` Rumeur asks for."""
        author = author_of(i)
        tid = post_id(i)
        text = p.text(i)
        refs: list[dict[str, str]] = []
        conversation = tid
        out: dict[str, Any] = {}
        if is_own(i):
            parent = author_of(i - 1)
            text = (f"@{parent['username']} Bonjour, nous sommes désolés pour ce souci. "
                    f"Pouvez-vous nous écrire en message privé ? (#{i})")  # fmt: skip
            refs = [{"type": "replied_to", "id": post_id(i - 1)}]
            conversation = post_id(i - 1)
            out["in_reply_to_user_id"] = parent["id"]
        elif is_repost(i):
            orig = author_of(i - 2)
            text = f"RT @{orig['username']}: {p.text(i - 2)}"[:140]
            refs = [{"type": "retweeted", "id": post_id(i - 2)}]
        elif names_own(i):
            text = f"@{OWN_USERNAME} {text}"
        lang = lang_of(i)
        if lang == "en":
            text = f"Fibrelia support has been useless for two days, still no fix (#{i})"
        out.update({
            "id": tid, "text": text, "author_id": author["id"],
            "created_at": iso_ms(self.when(i)), "conversation_id": conversation,
            "lang": lang, "edit_history_tweet_ids": [tid],
            "public_metrics": {"retweet_count": i % 7, "reply_count": i % 3,
                               "like_count": (i * 13) % 90, "quote_count": i % 2,
                               "bookmark_count": 0, "impression_count": 150 + i * 11 % 4000},
        })  # fmt: skip
        if refs:
            out["referenced_tweets"] = refs
        return out

    # -- HTTP ------------------------------------------------------------------
    def handle(
        self, method: str, path: str, q: dict[str, str], headers: Mapping[str, str], body: bytes
    ) -> Answer | None:
        if not path.startswith("/2/"):
            return None
        self.count(path)
        if bearer(headers) != self.bearer_token:
            return _problem(401, "Unauthorized", "Unauthorized", "about:blank")
        route = "search" if path == "/2/tweets/search/recent" else None
        parts = path.strip("/").split("/")
        if len(parts) == 4 and parts[1] == "users" and parts[3] in ("tweets", "mentions"):
            route = parts[3]
        if len(parts) == 5 and parts[1:4] == ["users", "by", "username"]:
            route = "username"
        if route is None:
            return _problem(404, "Not Found Error", f"Unknown path {path}", "about:blank")
        limit_headers, over = self._rate(route)
        if over:
            self.rejected += 1
            status, h, b, s = _problem(429, "Too Many Requests", "Too Many Requests",
                                       "about:blank")  # fmt: skip
            return status, {**h, **limit_headers}, b, s
        if route == "username":
            status, h, b, s = self._username(parts[4])
        else:
            status, h, b, s = self._timeline(route, parts[2] if route != "search" else "", q)
        return status, {**h, **limit_headers}, b, s

    def _first_at_or_after(self, start: str) -> int:
        """The index of the first post dated ``start`` or later."""
        when = datetime.fromisoformat(start.replace("Z", "+00:00"))
        return max(0, math.ceil((when - self.epoch).total_seconds() / self.spacing))

    def _rate(self, route: str) -> tuple[dict[str, str], bool]:
        now = self.clock()
        with self.lock:
            start, used = self._windows.get(route, (now, 0))
            if now >= start + self.window:
                start, used = now, 0
            used += 1
            self._windows[route] = (start, used)
        headers = {"x-rate-limit-limit": str(self.rate_limit),
                   "x-rate-limit-remaining": str(max(0, self.rate_limit - used)),
                   "x-rate-limit-reset": str(int(start + self.window + 0.999))}  # fmt: skip
        return headers, used > self.rate_limit

    def _username(self, name: str) -> Answer:
        if name.lower() == OWN_USERNAME:
            return 200, {}, j({"data": OWN_USER}), None
        return 200, {}, j({"errors": [{
            "value": name, "detail": f"Could not find user with username: [{name}].",
            "title": "Not Found Error", "resource_type": "user", "parameter": "username",
            "resource_id": name, "type": PROBLEM + "resource-not-found"}]}), None  # fmt: skip

    def _timeline(self, route: str, uid: str, q: dict[str, str]) -> Answer:
        low = 10 if route == "search" else 5
        try:
            size = int(q.get("max_results", 10))
        except ValueError:
            size = -1
        if not low <= size <= 100:
            value = q.get("max_results")
            return _invalid("max_results", f"The `max_results` query parameter value "
                            f"[{value}] is not between {low} and 100")  # fmt: skip
        n = self.visible()
        lo, hi = 0, n  # the posts asked for are lo..hi-1, read newest first
        if q.get("start_time"):
            lo = max(lo, self._first_at_or_after(q["start_time"]))
        if q.get("since_id"):
            floor = self._first_at_or_after(iso_ms(self.now() - timedelta(days=7)))
            if route == "search" and _index(q["since_id"]) < floor:  # older than 7 days
                return _invalid("since_id", "Please use a 'since_id' that is larger than "
                                f"{post_id(floor)}")  # fmt: skip
            lo = max(lo, _index(q["since_id"]) + 1)
        token = q.get("next_token") or q.get("pagination_token")
        if token:
            below = _untoken(token)
            if below is None:
                return _invalid("pagination_token", f"Invalid token: {token}")
            hi = min(hi, below)
        keep = _keeper(route, uid)
        if route == "search":
            query = q.get("query", "")
            if not query.strip() or len(query) > 512:
                return _invalid("query", "Query must be between 1 and 512 characters")
            start = q.get("start_time")
            oldest = self.now() - timedelta(days=7)
            if start and start < iso_ms(oldest)[:19]:
                return _invalid("start_time", f"Invalid 'start_time':'{start}'. 'start_time' "
                                f"must be on or after {iso_ms(oldest)}")  # fmt: skip
            langs = [w[5:] for w in query.split() if w.startswith("lang:")]
            no_rt = "-is:retweet" in query

            def matches(i: int) -> bool:
                return not (no_rt and is_repost(i)) and all(lang_of(i) == x for x in langs)

            keep = matches

        rows = list(itertools.islice((i for i in range(hi - 1, lo - 1, -1) if keep(i)), size + 1))
        page, more = rows[:size], len(rows) > size
        if not page:
            return 200, {}, j({"meta": {"result_count": 0}}), None
        with self.lock:
            if self.usage_cap is not None and self.posts_read + len(page) > self.usage_cap:
                self.rejected += 1
                return _problem(429, "UsageCapExceeded", "Usage cap exceeded: Monthly product "
                                "cap", PROBLEM + "usage-capped", account_id=1_777_000,
                                product_name="standard-basic", period="Monthly",
                                scope="Product")  # fmt: skip
            self.posts_read += len(page)
        data = [self.tweet(i) for i in page]
        users, errors = {}, []
        for i in page:
            if suspended(i):
                uid_ = author_of(i)["id"]
                errors.append({"value": uid_, "detail": f"User has been suspended: [{uid_}].",
                               "title": "Forbidden", "resource_type": "user",
                               "parameter": "author_id", "resource_id": uid_,
                               "type": PROBLEM + "resource-not-found"})  # fmt: skip
            else:
                users[author_of(i)["id"]] = author_of(i)
        meta = {"newest_id": data[0]["id"], "oldest_id": data[-1]["id"],
                "result_count": len(data)}  # fmt: skip
        if more:
            meta["next_token"] = TOKEN_PREFIX + _base36(page[-1])
        out: dict[str, Any] = {"data": data, "includes": {"users": list(users.values())},
                               "meta": meta}  # fmt: skip
        if errors:
            out["errors"] = errors
        served = [d["id"] for d in data if not is_repost(_index(d["id"]))]
        return 200, {}, j(out), ("x", served)


def _keeper(route: str, uid: str) -> Any:
    """Which posts a timeline lists: the own account's, or those that mention it."""
    if route == "search":
        return lambda i: True
    if uid != OWN_ID:
        return lambda i: False
    return is_own if route == "tweets" else names_own


def _base36(n: int) -> str:
    digits = string.digits + string.ascii_lowercase
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def _untoken(token: str) -> int | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    try:
        return int(token[len(TOKEN_PREFIX) :], 36)
    except ValueError:
        return None


def _problem(status: int, title: str, detail: str, kind: str, **extra: Any) -> Answer:
    body = {"title": title, "detail": detail, "type": kind, "status": status, **extra}
    if status == 429 and "account_id" in extra:
        body.pop("status")  # X's usage-cap problem carries no status member
    return status, {"Content-Type": "application/problem+json"}, j(body), None


def _invalid(parameter: str, message: str) -> Answer:
    body = {"errors": [{"parameters": {parameter: [message]}, "message": message}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": PROBLEM + "invalid-request"}  # fmt: skip
    return 400, {"Content-Type": "application/json"}, j(body), None
