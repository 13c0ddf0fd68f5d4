"""A fictional shop's website ("Brindille & Co", invented) served on loopback, in variants.

Each variant breaks one thing the site audit checks, so every check has a fixture that
passes it (``compliant``, served over HTTPS with a test CA) and one that fails it. The
server records every request (path and user agent) so tests can check what the crawl
fetched; ``www.google-analytics.com`` is mapped to the same loopback server in the
browser (Chromium's host resolver rules), standing for a real tracker's domain.
"""

from __future__ import annotations

import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SIREN_OK = "999 000 003"
SIREN_BAD = "999 000 004"
TRACKER_HOST = "www.google-analytics.com"

_HEAD = '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head>'
_FOOTER_LINKS = [
    ("/mentions-legales", "Mentions légales"),
    ("/cgv", "Conditions générales de vente"),
    ("/conditions-generales-d-utilisation", "CGU"),
    ("/confidentialite", "Politique de confidentialité"),
    ("/cookies", "Gestion des cookies"),
    ("/accessibilite", "Accessibilité : partiellement conforme"),
    ("/contact", "Nous contacter"),
]

_TITLES = {
    "/mentions-legales": "Mentions légales",
    "/cgv": "CGV",
    "/conditions-generales-d-utilisation": "Conditions d'utilisation",
    "/confidentialite": "Confidentialité",
    "/cookies": "Cookies",
    "/accessibilite": "Accessibilité",
    "/contact": "Contact",
}

LEGAL_NOTICE = """<h1>Mentions légales</h1>
<p>Le site brindille.example est édité par Brindille &amp; Co, SAS au capital social de
10 000 €, immatriculée au RCS de Lyon sous le numéro {siren}, dont le siège est situé
12 rue des Tisserands, 69002 Lyon.</p>
<p>Directrice de la publication : Camille Ferrand.</p>
<p>Hébergement : le site est hébergé par NuageFictif SAS, 8 avenue des Serveurs,
59100 Roubaix, téléphone : 03 20 00 00 00.</p>"""

CGV = """<h1>Conditions générales de vente</h1>
<p>Mis à jour le {updated}.</p>
<p>Les prix sont indiqués en euros toutes taxes comprises. La livraison est assurée en
France métropolitaine sous 3 à 5 jours ouvrés ; les frais de port sont affichés avant la
validation de la commande.</p>
<p>Conformément à l'article L221-18 du Code de la consommation, vous disposez d'un délai
de 14 jours pour exercer votre droit de rétractation, sans avoir à justifier de motif.</p>
<p>Tous nos produits bénéficient de la garantie légale de conformité et de la garantie
contre les vices cachés.</p>
<p>En cas de litige, vous pouvez recourir gratuitement au médiateur de la consommation :
MédiaConso Fictif, 3 place de la Médiation, 75001 Paris, www.mediaconso.example.</p>"""

CGU = """<h1>Conditions générales d'utilisation</h1><p>Version du {updated}.</p>
<p>L'utilisation du site implique l'acceptation des présentes conditions.</p>"""

PRIVACY = """<h1>Politique de confidentialité</h1><p>Dernière mise à jour : {updated}.</p>
<p>Brindille &amp; Co est responsable du traitement de vos données personnelles.</p>
<p>Les finalités des traitements sont la gestion des commandes, la relation client et,
avec votre accord, la prospection.</p>
<p>La base légale de ces traitements est l'exécution du contrat, notre intérêt légitime
ou votre consentement.</p>
<p>La durée de conservation des données clients est de 3 ans après le dernier achat.</p>
<p>Vous disposez d'un droit d'accès, de rectification, d'effacement, d'opposition et de
portabilité de vos données.</p>
<p>Notre délégué à la protection des données (DPO) est joignable à dpo@brindille.example.</p>
<p>Vous pouvez introduire une réclamation auprès de la CNIL.</p>"""

COOKIES = """<h1>Politique cookies</h1><p>Mise à jour le {updated}.</p>
<p>Nous utilisons des cookies de mesure d'audience uniquement avec votre consentement.</p>
<p>Vous pouvez retirer votre consentement à tout moment depuis le lien « Gestion des
cookies » en bas de chaque page.</p>"""

ACCESSIBILITY = """<h1>Déclaration d'accessibilité</h1>
<p>Le site brindille.example est partiellement conforme avec le RGAA 4.1.</p>"""

CONTACT = """<h1>Contact</h1><p>Service client : service@brindille.example, 04 72 00 00 01.</p>"""

BANNER_OK = """<div id="cookie-banner" class="consent-banner" style="position:fixed;bottom:0;
left:0;right:0;background:#fff;padding:16px;border-top:1px solid #ccc">
<p>Nous utilisons des cookies pour mesurer l'audience, avec votre accord.</p>
<button style="width:160px;height:40px">Tout refuser</button>
<button style="width:160px;height:40px">Tout accepter</button>
<button style="width:160px;height:40px">Personnaliser</button></div>"""

BANNER_NO_REFUSE = """<div id="cookie-banner" class="consent-banner" style="position:fixed;
bottom:0;left:0;right:0;background:#fff;padding:16px">
<p>En poursuivant votre navigation, vous acceptez nos cookies.</p>
<button style="width:200px;height:44px">Tout accepter</button>
<button style="width:200px;height:44px">Personnaliser</button></div>"""

BANNER_TINY_REFUSE = """<div id="cookie-banner" style="position:fixed;bottom:0;left:0;right:0;
background:#fff;padding:16px"><p>Ce site utilise des cookies.</p>
<button style="width:220px;height:48px">Accepter et fermer</button>
<a href="#" style="font-size:9px">continuer sans accepter</a></div>"""

TRACKER_TAG = (
    '<script src="{scheme}://' + TRACKER_HOST + ':{port}/analytics.js"></script>'
    "<script>document.cookie = '_ga=GA1.2.1234.5678; path=/';</script>"
)

SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "Content-Security-Policy": "default-src * 'unsafe-inline'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


@dataclass
class Variant:
    """What differs from the compliant site."""

    missing: tuple[str, ...] = ()  # paths not served (and not linked)
    stale: tuple[str, ...] = ()  # paths whose stated update is old
    trackers: bool = False
    banner: str | None = BANNER_OK
    robots: str = "User-agent: *\nDisallow: /prive/\n"
    extra_pages: int = 0  # product pages, to make a bigger site
    siren: str = SIREN_OK
    security_headers: bool = True
    private_link: bool = False  # a link to /prive/cgv, which robots.txt forbids
    home_extra: str = ""  # more HTML on the home page
    overrides: dict[str, str] = field(default_factory=dict)


VARIANTS = {
    "compliant": Variant(),
    "missing_pages": Variant(
        missing=(
            "/mentions-legales",
            "/cgv",
            "/confidentialite",
            "/cookies",
            "/contact",
            "/conditions-generales-d-utilisation",
            "/accessibilite",
        ),
        security_headers=False,
    ),
    "stale": Variant(
        stale=("/cgv", "/confidentialite", "/cookies", "/conditions-generales-d-utilisation")
    ),
    "trackers": Variant(trackers=True),
    "no_refuse": Variant(banner=BANNER_NO_REFUSE, trackers=False),
    "tiny_refuse": Variant(banner=BANNER_TINY_REFUSE),
    "robots": Variant(missing=("/cgv",), private_link=True),
    "incomplete": Variant(
        siren=SIREN_BAD,
        overrides={
            "/mentions-legales": "<h1>Mentions légales</h1><p>Site édité par Brindille.</p>"
            "<p>Hébergé par NuageFictif.</p>",
            "/cgv": "<h1>Conditions générales de vente</h1><p>Mis à jour le {updated}.</p>"
            "<p>Les prix sont en euros.</p>",
            "/confidentialite": "<h1>Politique de confidentialité</h1><p>Mis à jour le "
            "{updated}.</p><p>Nous respectons votre vie privée.</p>",
            "/accessibilite": "<h1>Accessibilité</h1><p>Nous faisons de notre mieux.</p>",
            "/cookies": "<h1>Politique cookies</h1><p>Mise à jour le {updated}.</p>"
            "<p>Ce site utilise des cookies.</p>",
        },
    ),
    "no_banner_trackers": Variant(trackers=True, banner=None),
    "bad_siren": Variant(siren=SIREN_BAD),
    "no_accessibility": Variant(missing=("/accessibilite",)),
    "mailto_only": Variant(
        missing=("/contact",),
        home_extra='<p>Écrivez-nous : <a href="mailto:bonjour@brindille.example">bonjour</a></p>',
    ),
}


class FixtureSite:
    """A variant of the shop served on 127.0.0.1 (HTTPS when ``tls`` is a trustme CA)."""

    def __init__(
        self,
        variant: Variant,
        *,
        recent: str = "15 septembre 2026",
        old: str = "2 mars 2023",
        tls: object | None = None,
        cert_dir: Path | None = None,
    ) -> None:
        self.variant = variant
        self.recent, self.old = recent, old
        self.requests: list[tuple[str, str, str]] = []  # (host, path, user agent)
        self.tls = tls
        self.ca_path: str | None = None
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        if tls is not None:
            assert cert_dir is not None
            cert = tls.issue_cert("127.0.0.1", "localhost", TRACKER_HOST)  # type: ignore[attr-defined]
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            cert.configure_cert(ctx)
            self.server.socket = ctx.wrap_socket(self.server.socket, server_side=True)
            self.ca_path = str(cert_dir / "ca.pem")
            tls.cert_pem.write_to_path(self.ca_path)  # type: ignore[attr-defined]
        self.port = self.server.server_address[1]
        self.scheme = "https" if tls is not None else "http"
        self.url = f"{self.scheme}://127.0.0.1:{self.port}/"
        self.resolver_rules = f"MAP {TRACKER_HOST} 127.0.0.1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FixtureSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- pages ---------------------------------------------------------------
    def pages(self) -> dict[str, str]:
        v = self.variant
        bodies = {
            "/mentions-legales": LEGAL_NOTICE,
            "/cgv": CGV,
            "/conditions-generales-d-utilisation": CGU,
            "/confidentialite": PRIVACY,
            "/cookies": COOKIES,
            "/accessibilite": ACCESSIBILITY,
            "/contact": CONTACT,
        }
        bodies.update(v.overrides)
        out = {}
        for path, body in bodies.items():
            if path in v.missing:
                continue
            updated = self.old if path in v.stale else self.recent
            out[path] = self._doc(_TITLES[path], body.format(updated=updated, siren=v.siren))
        if v.private_link:
            out["/prive/cgv"] = self._doc("CGV", CGV.format(updated=self.recent, siren=v.siren))
        for i in range(v.extra_pages):
            out[f"/produits/{i}"] = self._doc(
                f"Produit {i}",
                f"<h1>Savon n° {i}</h1><p>Un savon artisanal fictif.</p>"
                + "".join(
                    f'<a href="/produits/{(i + k) % v.extra_pages}">Voir aussi {k}</a>'
                    for k in (1, 2, 3)
                ),
            )
        out["/"] = self._home()
        return out

    def _footer(self) -> str:
        links = [(p, t) for p, t in _FOOTER_LINKS if p not in self.variant.missing]
        if self.variant.private_link:
            links.append(("/prive/cgv", "Conditions générales de vente"))
        items = "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in links)
        return f"<footer><ul>{items}</ul></footer>"

    def _doc(self, title: str, body: str) -> str:
        return (
            _HEAD.format(title=f"{title} – Brindille & Co")
            + f"<body>{body}{self._footer()}</body></html>"
        )

    def _home(self) -> str:
        v = self.variant
        products = "".join(
            f'<li><a href="/produits/{i}">Savon n° {i}</a></li>' for i in range(v.extra_pages)
        )
        tag = TRACKER_TAG.format(scheme=self.scheme, port=self.port) if v.trackers else ""
        banner = v.banner or ""
        return (
            _HEAD.format(title="Brindille & Co – savons fictifs")
            + f"<body><h1>Brindille &amp; Co</h1><p>Savons artisanaux (boutique fictive).</p>"
            f"<ul>{products}</ul>{v.home_extra}{tag}{banner}{self._footer()}</body></html>"
        )

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                host = self.headers.get("Host", "")
                site.requests.append((host, self.path, self.headers.get("User-Agent", "")))
                if host.startswith(TRACKER_HOST):
                    self._send(
                        200,
                        "/* fictional analytics */",
                        "application/javascript",
                        {"Set-Cookie": "IDE=abc123; Path=/"},
                    )
                    return
                if self.path == "/robots.txt":
                    self._send(200, site.variant.robots, "text/plain")
                    return
                page = site.pages().get(self.path.split("?")[0])
                if page is None:
                    self._send(404, "<h1>Page introuvable</h1>", "text/html; charset=utf-8")
                    return
                headers = dict(SECURITY_HEADERS) if site.variant.security_headers else {}
                if site.tls is None:
                    headers.pop("Strict-Transport-Security", None)
                self._send(200, page, "text/html; charset=utf-8", headers)

            def _send(
                self, code: int, body: str, ctype: str, headers: dict[str, str] | None = None
            ) -> None:
                data = body.encode("utf-8")
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                for k, val in (headers or {}).items():
                    self.send_header(k, val)
                self.end_headers()
                self.wfile.write(data)

        return Handler
