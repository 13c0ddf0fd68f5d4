"""The three fictional operators of the demo corpus, and what the generator knows about them.

* **Volta Mobile** (``volta``) is "our" brand: answers its customers fast, suffers the
  bad-buzz network outage (#VoltaEnPanne).
* **Nexa Télécom** (``nexa``) is a competitor: slow customer care, and the brand praised by
  the coordinated fake-customer campaign.
* **Cerise** (``cerise``) is a competitor whose name is also an ordinary French word (the
  fruit, "la cerise sur le gâteau"...): brand matching needs :data:`CERISE_EXCLUDE`. Its
  own account posts too often and spams promotional replies; most complaints about
  intrusive ads and data use target it.

All names, handles and sites are invented (``.example`` domains).
"""

from __future__ import annotations

from dataclasses import dataclass

from rumeur.config import Brand

#: Phrases where "cerise" is the fruit or an idiom, not the operator.
CERISE_EXCLUDE: tuple[str, ...] = (
    "cerise sur le gâteau",
    "tarte à la cerise",
    "clafoutis à la cerise",
    "confiture de cerise",
    "jus de cerise",
    "glace à la cerise",
    "yaourt à la cerise",
    "tomate cerise",
    "tomates cerise",
    "rouge cerise",
    "noyau de cerise",
    "temps des cerises",
    "cerise confite",
    "cerise noire",
)

BRANDS: tuple[Brand, ...] = (
    Brand(
        id="volta",
        name="Volta Mobile",
        aliases=("Volta", "VoltaMobile"),
        handles=("voltamobile", "volta_sav", "voltamobile.bsky.social", "volta-sav.bsky.social"),
        hashtags=("voltamobile", "volta", "voltaenpanne"),
        exclude=("volta du fleuve", "lac volta", "alessandro volta"),
        own_accounts=(
            "voltamobile",
            "volta_sav",
            "voltamobile.bsky.social",
            "volta-sav.bsky.social",
        ),
        competitor=False,
    ),
    Brand(
        id="nexa",
        name="Nexa Télécom",
        aliases=("Nexa", "Nexa Telecom", "NexaTélécom", "NexaTelecom"),
        handles=(
            "nexatelecom",
            "nexa_assistance",
            "nexatelecom.bsky.social",
            "nexa-assistance.bsky.social",
        ),
        hashtags=("nexatelecom", "nexa"),
        exclude=(),
        own_accounts=(
            "nexatelecom",
            "nexa_assistance",
            "nexatelecom.bsky.social",
            "nexa-assistance.bsky.social",
        ),
        competitor=True,
    ),
    Brand(
        id="cerise",
        name="Cerise",
        aliases=("Cerise Mobile", "Cerise Télécom", "CeriseMobile"),
        handles=(
            "cerise_mobile",
            "cerise_aide",
            "cerise-mobile.bsky.social",
            "cerise-aide.bsky.social",
        ),
        hashtags=("cerisemobile", "cerise"),
        exclude=CERISE_EXCLUDE,
        own_accounts=(
            "cerise_mobile",
            "cerise_aide",
            "cerise-mobile.bsky.social",
            "cerise-aide.bsky.social",
        ),
        competitor=True,
    ),
)


@dataclass(frozen=True, slots=True)
class BrandVoice:
    """Generator-side facts about a brand: how people name it, its accounts and habits."""

    id: str
    short: str  # what people type: "Volta"
    refs: tuple[str, ...]  # ways to name it in running text
    main: str  # main account handle
    care: str  # customer-care handle
    main_name: str
    care_name: str
    hashtag: str  # the tag people use
    site: str
    codes: tuple[str, ...]  # promo codes
    weight: float  # share of ordinary traffic
    sentiment: tuple[float, float]  # (positive, negative) share of ordinary mentions
    care_median_s: float  # median care response time (seconds)
    care_answer_rate: float


VOICES: dict[str, BrandVoice] = {
    "volta": BrandVoice(
        id="volta",
        short="Volta",
        refs=(
            "Volta",
            "Volta",
            "Volta Mobile",
            "@voltamobile",
            "volta",
            "#VoltaMobile",
            "VOLTA",
            "Volta mobile",
        ),
        main="voltamobile",
        care="volta_sav",
        main_name="Volta Mobile",
        care_name="Volta Mobile - Service Client",
        hashtag="VoltaMobile",
        site="volta-mobile.example",
        codes=("VOLTA20", "RENTREEVOLTA", "VOLTAFIBRE"),
        weight=0.40,
        sentiment=(0.41, 0.14),
        care_median_s=22 * 60,
        care_answer_rate=0.93,
    ),
    "nexa": BrandVoice(
        id="nexa",
        short="Nexa",
        refs=(
            "Nexa",
            "Nexa",
            "Nexa Télécom",
            "@nexatelecom",
            "nexa",
            "Nexa Telecom",
            "#NexaTelecom",
            "NEXA",
        ),
        main="nexatelecom",
        care="nexa_assistance",
        main_name="Nexa Télécom",
        care_name="Nexa Télécom Assistance",
        hashtag="NexaTelecom",
        site="nexa-telecom.example",
        codes=("NEXA15", "NEXAPLUS", "BIENVENUENEXA"),
        weight=0.33,
        sentiment=(0.31, 0.23),
        care_median_s=31 * 3600,
        care_answer_rate=0.62,
    ),
    "cerise": BrandVoice(
        id="cerise",
        short="Cerise",
        refs=(
            "Cerise",
            "Cerise",
            "Cerise Mobile",
            "@cerise_mobile",
            "cerise",
            "#CeriseMobile",
            "Cerise Télécom",
            "CERISE",
        ),
        main="cerise_mobile",
        care="cerise_aide",
        main_name="Cerise Mobile",
        care_name="Cerise - On vous aide",
        hashtag="CeriseMobile",
        site="cerise-mobile.example",
        codes=("CERISE50", "CERISEDEAL", "CROQUELA5G"),
        weight=0.27,
        sentiment=(0.34, 0.21),
        care_median_s=5 * 3600,
        care_answer_rate=0.74,
    ),
}

BRAND_IDS: tuple[str, ...] = tuple(b.id for b in BRANDS)
OUR_BRAND = "volta"
AMBIGUOUS_WORD = "cerise"

#: News sites and their handles (fictional).
NEWS_OUTLETS: tuple[tuple[str, str, int], ...] = (
    ("lecho_numerique", "L'Écho Numérique", 182_000),
    ("telecom_hebdo", "Télécom Hebdo", 64_000),
    ("la_depeche_tech", "La Dépêche Tech", 241_000),
    ("quotidien_ouest", "Le Quotidien de l'Ouest", 310_000),
    ("conso_futee", "Conso Futée", 97_000),
    ("reseaux_infos", "Réseaux & Infos", 38_000),
)
