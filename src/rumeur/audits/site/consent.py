"""What a visitor's browser does before they consent, seen in a real headless Chromium.

The home page is loaded in a fresh profile, without clicking anything. We record every
request the page makes (third-party ones matched against the tracker list), every cookie
set, and the consent banner if there is one: its text and the buttons of its first layer,
with their size, so that "refusing is as easy as accepting" (CNIL, lignes directrices et
recommandation cookies, 2020) can be judged on evidence.

Chromium is Debian's (``apt-get install chromium``) driven by Playwright; the path can
be given with the ``RUMEUR_CHROMIUM`` environment variable.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rumeur.audits.site.crawl import USER_AGENT, same_site
from rumeur.audits.site.legal import fold
from rumeur.audits.site.trackers import Tracker, lookup, tracking_cookie

_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]

# Runs in each frame: the smallest visible block that talks about cookies and holds
# buttons, with those buttons' text, tag and size.
_BANNER_JS = r"""
() => {
  const btnSel = 'button, a, [role=button], input[type=button], input[type=submit]';
  const attrRe =
    /cookie|consent|gdpr|rgpd|didomi|onetrust|axeptio|tarteaucitron|cookiebot|cmp|bandeau/i;
  const textRe = /cookie|traceur|tracker|consent/i;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none'
      && parseFloat(s.opacity || '1') > 0.05;
  };
  const out = [];
  for (const el of document.querySelectorAll(
      'div, section, aside, dialog, form, [role=dialog], [role=alertdialog]')) {
    if (el.closest('footer, nav, header')) continue;
    if (!visible(el)) continue;
    const cls = typeof el.className === 'string' ? el.className : '';
    const attrs = `${el.id} ${cls} ${el.getAttribute('aria-label') || ''}`;
    const text = (el.innerText || '').trim();
    if (!text || text.length > 4000) continue;
    if (!(attrRe.test(attrs) || textRe.test(text))) continue;
    if (!textRe.test(text)) continue;
    const buttons = [...el.querySelectorAll(btnSel)].filter(visible);
    if (!buttons.length) continue;
    out.push({text, buttons});
  }
  return out.map((best) => ({
    text: best.text.slice(0, 600),
    buttons: best.buttons.slice(0, 12).map((b) => {
      const r = b.getBoundingClientRect();
      const s = getComputedStyle(b);
      return {text: (b.innerText || b.value || b.getAttribute('aria-label') || '').trim(),
              tag: b.tagName.toLowerCase(), width: Math.round(r.width),
              height: Math.round(r.height), font: parseFloat(s.fontSize) || 0,
              background: s.backgroundColor};
    }),
  }));
}
"""


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    tag: str
    width: int
    height: int
    font: float
    background: str

    @property
    def area(self) -> int:
        return self.width * self.height

    def describe(self, lang: str = "fr") -> str:
        kind = (
            ("lien" if lang == "fr" else "link")
            if self.tag == "a"
            else ("bouton" if lang == "fr" else "button")
        )
        return f"« {self.text} » ({kind} {self.width}×{self.height} px)"


@dataclass(slots=True)
class Observation:
    """What the browser saw before any consent was given."""

    url: str
    requests: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    trackers: list[tuple[Tracker, str]] = field(default_factory=list)
    cookies: list[dict[str, object]] = field(default_factory=list)
    banner_text: str | None = None
    buttons: list[Button] = field(default_factory=list)

    @property
    def tracking_cookies(self) -> list[dict[str, object]]:
        return [c for c in self.cookies if c["tracking"]]

    def button(self, role: str) -> Button | None:
        for b in self.buttons:
            if button_role(b.text) == role:
                return b
        return None


_REFUSE = (
    "refuser", "tout refuser", "je refuse", "continuer sans accepter", "sans accepter",
    "reject", "decline", "deny", "non merci", "n'accepte pas", "interdire", "refuse",
)  # fmt: skip
_ACCEPT = (
    "accepter", "tout accepter", "j'accepte", "accept", "autoriser", "d'accord", "ok",
    "j'ai compris", "agree", "allow",
)  # fmt: skip
_SETTINGS = (
    "parametr", "personnalis", "preference", "gerer", "choisir", "en savoir plus",
    "settings", "customi", "manage", "options", "reglages",
)  # fmt: skip


def button_role(text: str) -> str | None:
    """``refuse``, ``accept``, ``settings`` or None, from a button's label."""
    t = fold(" ".join(text.split()))
    if any(w in t for w in _REFUSE):
        return "refuse"
    if any(w in t for w in _SETTINGS):
        return "settings"
    if any(t == w or t.startswith(w) or f" {w}" in t for w in _ACCEPT):
        return "accept"
    return None


def find_chromium() -> str | None:
    """Debian's Chromium (or the one named by RUMEUR_CHROMIUM), if installed."""
    env = os.environ.get("RUMEUR_CHROMIUM")
    if env:
        return env
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class BrowserUnavailable(Exception):
    """Chromium or Playwright is missing, or the browser could not start."""


def observe(
    url: str,
    *,
    host_resolver_rules: str | None = None,
    ignore_https_errors: bool = False,
    timeout_s: float = 20.0,
    settle_s: float = 1.5,
    extra_trackers: dict[str, str] | None = None,
) -> Observation:
    """Load ``url`` in a fresh headless Chromium without consenting and record what
    happens. ``host_resolver_rules`` (Chromium's flag) maps host names to addresses,
    which lets tests stand a loopback server in for a tracker's domain."""
    chromium = find_chromium()
    if chromium is None:
        raise BrowserUnavailable(
            "Chromium introuvable : installez-le (apt-get install chromium) ou donnez son "
            "chemin dans RUMEUR_CHROMIUM"
        )
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is a dependency
        raise BrowserUnavailable("Playwright n'est pas installé (pip install playwright)") from exc
    args = list(_FLAGS)
    if host_resolver_rules:
        args.append(f"--host-resolver-rules={host_resolver_rules}")
    obs = Observation(url=url)
    profile = tempfile.mkdtemp(prefix="rumeur-chromium-")
    try:
        with sync_playwright() as pw:
            try:
                ctx = pw.chromium.launch_persistent_context(
                    profile,
                    executable_path=chromium,
                    headless=True,
                    args=args,
                    user_agent=USER_AGENT,
                    ignore_https_errors=ignore_https_errors,
                    viewport={"width": 1280, "height": 900},
                    locale="fr-FR",
                )
            except PlaywrightError as exc:
                raise BrowserUnavailable(f"Chromium n'a pas démarré : {exc}") from exc
            try:
                page = ctx.pages[0] if ctx.pages else ctx.new_page()
                page.on("request", lambda req: obs.requests.append(req.url))
                try:
                    page.goto(url, wait_until="load", timeout=timeout_s * 1000)
                    page.wait_for_load_state("networkidle", timeout=timeout_s * 1000 / 2)
                except PlaywrightError:
                    pass  # a slow third party must not hide what was already seen
                page.wait_for_timeout(settle_s * 1000)
                for frame in page.frames:
                    try:
                        candidates = frame.evaluate(_BANNER_JS)
                    except PlaywrightError:
                        continue
                    for found in candidates or ():
                        buttons = [Button(**b) for b in found["buttons"]]
                        if not any(button_role(b.text) in ("accept", "refuse") for b in buttons):
                            continue  # a block about cookies with no choice is not a banner
                        if obs.banner_text is None or len(found["text"]) < len(obs.banner_text):
                            obs.banner_text = found["text"]
                            obs.buttons = buttons
                raw_cookies = ctx.cookies()
            finally:
                ctx.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    _classify(obs, raw_cookies, extra_trackers)
    return obs


def _classify(obs: Observation, raw_cookies: list, extra: dict[str, str] | None) -> None:
    seen_tp: set[str] = set()
    for req in obs.requests:
        if not req.startswith(("http://", "https://")) or same_site(req, obs.url):
            continue
        if req not in seen_tp:
            seen_tp.add(req)
            obs.third_party.append(req)
            tracker = lookup(urlsplit(req).hostname or "", extra)
            if tracker is not None and tracker.tracking:
                obs.trackers.append((tracker, req))
    site_host = urlsplit(obs.url).hostname or ""
    for c in raw_cookies:
        domain = str(c.get("domain", "")).lstrip(".")
        first = same_site(f"http://{domain}/", f"http://{site_host}/") or site_host.endswith(
            "." + domain
        )
        tracker = None if first else lookup(domain, extra)
        tracking = tracking_cookie(str(c["name"])) or bool(tracker and tracker.tracking)
        obs.cookies.append(
            {"name": c["name"], "domain": domain, "first_party": first, "tracking": tracking}
        )
