"""Report labels, French first, English second: one language per report.

``labels("fr")["volume"]`` -> ``"Volume de mentions"``. Every word the report prints
comes from here (or from a section provider's own table, added with :meth:`Labels.add`),
including the names of aspects, motivations, spike measures, platforms, quarantine
reasons and statistical tests, so a French report holds no English words and an English
report no French ones (``tests/report/test_language.py`` checks both).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from rumeur.messages import Text
from rumeur.report.i18n_terms import TERMS

_FR = {
    "report_title": "Rapport d'e-réputation",
    "period": "Période",
    "generated": "Généré le",
    "times_in": "heures de {tz}",
    "summary": "Synthèse",
    "contents": "Sommaire",
    "volume": "Volume de mentions",
    "volume_brand": "Mentions par jour et par marque",
    "volume_platform": "Mentions par plateforme",
    "volume_text": "{n} mentions, dont {u} sans marque reconnue.",
    "volume_summary": "{n} mentions sur la période",
    "spike_marker": "pic",
    "sentiment": "Tonalité",
    "sentiment_time": "Tonalité par semaine",
    "share_of_voice": "Part de voix",
    "top_mentions": "Mentions les plus vues",
    "accurate_note": "◆ tonalité du modèle précis (sentiment-accurate, e5-small) ; les autres "
    "viennent du modèle rapide (sentiment-fast). rumeur enrich --only sentiment-accurate "
    "--most-seen --limit N les réévalue.",
    "quarantine": "Lignes mises en quarantaine",
    "quarantine_summary": "{n} lignes en quarantaine",
    "quarantine_hint": "Détail : rumeur quarantine list ; après correction : rumeur "
    "quarantine retry.",
    "method": "Méthode et limites",
    "negative": "négatif",
    "neutral": "neutre",
    "positive": "positif",
    "unsupported": "non pris en charge",
    "unknown": "non évalué",
    "brand": "Marque",
    "platform": "Plateforme",
    "mentions": "Mentions",
    "authors": "Auteurs uniques",
    "reach": "Audience estimée",
    "date": "Date",
    "author": "Auteur",
    "text": "Texte",
    "share": "Part",
    "reason": "Motif",
    "count": "Nombre",
    "file": "Fichier",
    "q_example": "Premier cas",
    "q_lines": "Lignes",
    "none": "Aucune.",
    "unmatched": "sans marque reconnue",
    "own": "compte de la marque",
    "anonymous": "anonyme",
    "wilson_note": "Entre crochets : intervalle de confiance à 95 % (Wilson).",
    "lists": "Les mentions derrière les chiffres",
    "lists_intro": "Pour chaque chiffre lié, les {k} mentions les plus vues (cliquez pour "
    "déplier). La liste complète : rumeur mentions.",
    "shown_of": "{k} sur {n} mentions",
    "shown_top": "les {k} plus vues",
    "list_person": "Mentions de {who}",
    "list_aspect": "Audience défavorable · {aspect}",
    "list_debt": "Impressions défavorables · {brand}",
    "list_debt_week": "Impressions défavorables · semaine du {week}",
    "list_opinion_week": "{label} · semaine du {week}",
    "list_sov": "Mentions de {brand}",
    "list_motivation": "Motivation · {motivation}",
    "no_data": "Aucune donnée sur la période.",
    "models": "Modèles appliqués",
    "enricher": "Enrichisseur",
    "volume_caption": "Un point cerclé marque un jour où un pic commence : cliquez pour voir "
    "les mentions.",
    "method_text": "Les mentions sont dédupliquées (plateforme + identifiant, sinon empreinte "
    "du texte normalisé + auteur + minute). Une mention est rattachée à une marque par son nom "
    "ou ses alias (sans accents ni casse, mots entiers, hors expressions exclues), ses comptes "
    "@ et mots-dièse, ou parce qu'elle vient d'un compte de la marque. Les publications des "
    "comptes des marques sont exclues de la tonalité et de la part de voix. L'audience estimée "
    "d'une mention est son nombre de vues quand la plateforme le donne, sinon les abonnés de "
    "l'auteur × un facteur par plateforme (section [audience] de rumeur.toml) ; une réponse "
    "touche aussi une part des lecteurs du message auquel elle répond (docs/analytics.md). Les "
    "intervalles sont à 95 % (Wilson pour les parts, rééchantillonnage par auteur pour les "
    "chiffres pondérés par l'audience).",
    "a_opinion": "Opinion : favorable, neutre, défavorable",
    "a_debt": "Dette négative",
    "a_sov": "Part de voix face aux concurrents",
    "a_aspects": "Ce qui nourrit l'audience défavorable",
    "a_motivations": "Motivations : ce que la marque offre, ce que le public demande",
    "a_spikes": "Pics d'activité",
    "a_people": "Personnes : détracteurs, promoteurs, influents",
    "favourable": "Favorable",
    "unfavourable": "Défavorable",
    "neutral_share": "Neutre",
    "unfavourable_weighted": "Défavorable, pondéré par l'audience",
    "no_sentiment": "Aucune tonalité calculée sur la période : lancez « rumeur enrich » avec "
    "un modèle de tonalité.",
    "no_aspects": "Aucun aspect calculé sur la période (enrichisseur « aspects »).",
    "no_unfavourable_aspects": "Aucune mention défavorable ne juge un aspect sur la période.",
    "no_spikes": "Aucun pic anormal détecté sur la période.",
    "opinion_summary": "{brand} : {pos} de mentions favorables contre {neg} défavorables "
    "(n = {n}) ; pondéré par l'audience, {wneg} des impressions sont défavorables.",
    "weighted_note": "« Pondéré par l'audience » : chaque mention compte pour le nombre de "
    "personnes qu'elle a touchées.",
    "week_of": "semaine du",
    "opinion_weekly": "Part des mentions favorables et défavorables par semaine — {brands}",
    "debt_note": "Dette négative : impressions défavorables estimées (U) par impression "
    "favorable (F). Au-dessus de 1, la voix défavorable a été plus vue que la favorable. "
    "Méthode : docs/analytics.md.",
    "debt_brand": "Impressions défavorables par impression favorable (U / F), par marque",
    "debt_summary": "{brands} : {ratio} impression défavorable par impression favorable ; il "
    "faudrait {needed} impressions favorables de plus pour compenser (à raison de {offset} "
    "pour 1).",
    "debt_trend": "Tendance : {pct} par semaine.",
    "debt_ratio": "U / F",
    "debt_weekly": "U / F par semaine — {brands}",
    "outlier_caption": "▲ valeur hors échelle, inscrite à côté : elle n'écrase pas les autres "
    "semaines.",
    "debt_u": "Impressions défavorables (U)",
    "debt_f": "Impressions favorables (F)",
    "debt_needed": "Impressions favorables manquantes",
    "debt_platforms": "Par plateforme",
    "sov_volume": "Part des mentions",
    "sov_reach": "Part de l'audience",
    "sov_volume_col": "Part des mentions",
    "sov_reach_col": "Part de l'audience",
    "sov_fav_col": "Part des mentions favorables",
    "sov_unfav_col": "Part des mentions défavorables",
    "sov_change": "Évolution vs période précédente",
    "points": "pts",
    "sov_note": "Part des mentions favorables : part de la marque parmi toutes les mentions "
    "favorables de la période (de même pour les défavorables).",
    "sov_summary": "{brand} : {volume} des mentions, {reach} de l'audience.",
    "sov_single": "Une seule marque est citée sur la période : la part de voix demande au "
    "moins un concurrent ([[brands]] avec competitor = true dans rumeur.toml).",
    "aspect": "Aspect",
    "aspects_chart": "Part de l'audience défavorable liée à chaque aspect",
    "aspects_summary": "L'aspect le plus lié à l'audience défavorable est « {aspect} » : "
    "{share} des impressions défavorables.",
    "aspects_matrix": "Mentions qui jugent l'aspect (défavorables / favorables), par marque",
    "motivation": "Motivation",
    "offer": "Offre de la marque",
    "demand": "Demande du public",
    "gap": "Écart",
    "engagement_offer": "Engagement (marque)",
    "engagement_demand": "Engagement (public)",
    "motivations_note": "Offre : part des publications de la marque ; demande : part des "
    "messages du public ; écart : demande − offre, en points. Engagement : j'aime + partages "
    "+ réponses par message.",
    "motivations_chart": "Ce que le public demande plus que la marque ne l'offre",
    "motivations_summary": "Le public demande plus de « {motivation} » que la marque n'en "
    "offre : {gap}.",
    "tone": "Tonalité",
    "tone_negative": "négatif",
    "tone_positive": "positif",
    "tone_mixed": "mitigé",
    "origin": "origine",
    "when": "Quand",
    "measure": "Mesure",
    "observed_expected": "Observé / attendu",
    "why": "Termes en hausse · origine ou comptes moteurs",
    "spikes_note": "Un pic est une heure (ou une suite d'heures) très au-dessus de ce que les "
    "14 jours précédents laissaient attendre (z : écart en écarts-types) ; les pics d'une "
    "marque à moins d'un jour d'intervalle forment un épisode. Cliquez sur la date pour voir "
    "les mentions.",
    "more_spikes": "… et {n} autre(s) : rumeur metrics spikes.",
    "spikes_summary": "{episodes} épisode(s), {n} pic(s) ; le plus fort : {brand}, {metric}, "
    "{when} ({observed} contre {expected} attendu, z = {z}).",
    "spikes_detail": "Les {n} pics un par un",
    "n_spikes": "{n} pic(s)",
    "spikes": "Pics",
    "strongest": "Le plus fort (observé / attendu)",
    "positive_n": "Favorables",
    "negative_n": "Défavorables",
    "detractors": "Détracteurs",
    "promoters": "Promoteurs",
    "influential": "Les plus influents",
    "answered": "Mentions défavorables auxquelles un compte de la marque a répondu",
    "people_note": "Audience : la plus forte audience estimée d'une de leurs mentions. Cliquez "
    "sur un nom pour voir ses mentions.",
}

_EN = {
    "report_title": "E-reputation report",
    "period": "Period",
    "generated": "Generated on",
    "times_in": "times in {tz}",
    "summary": "Executive summary",
    "contents": "Contents",
    "volume": "Mention volume",
    "volume_brand": "Mentions per day and brand",
    "volume_platform": "Mentions per platform",
    "volume_text": "{n} mentions, {u} of them with no known brand.",
    "volume_summary": "{n} mentions over the period",
    "spike_marker": "spike",
    "sentiment": "Sentiment",
    "sentiment_time": "Sentiment per week",
    "share_of_voice": "Share of voice",
    "top_mentions": "Most-seen mentions",
    "accurate_note": "◆ sentiment from the accurate model (sentiment-accurate, e5-small); the "
    "others come from the fast model (sentiment-fast). rumeur enrich --only "
    "sentiment-accurate --most-seen --limit N re-scores them.",
    "quarantine": "Quarantined rows",
    "quarantine_summary": "{n} quarantined rows",
    "quarantine_hint": "Details: rumeur quarantine list; after a fix: rumeur quarantine retry.",
    "method": "Method and limits",
    "negative": "negative",
    "neutral": "neutral",
    "positive": "positive",
    "unsupported": "unsupported",
    "unknown": "not scored",
    "brand": "Brand",
    "platform": "Platform",
    "mentions": "Mentions",
    "authors": "Unique authors",
    "reach": "Estimated reach",
    "date": "Date",
    "author": "Author",
    "text": "Text",
    "share": "Share",
    "reason": "Reason",
    "count": "Count",
    "file": "File",
    "q_example": "First case",
    "q_lines": "Lines",
    "none": "None.",
    "unmatched": "no known brand",
    "own": "brand account",
    "anonymous": "anonymous",
    "wilson_note": "In brackets: 95% confidence interval (Wilson).",
    "lists": "The mentions behind the figures",
    "lists_intro": "For each linked figure, its {k} most-seen mentions (click to unfold). "
    "The full list: rumeur mentions.",
    "shown_of": "{k} of {n} mentions",
    "shown_top": "the {k} most seen",
    "list_person": "Mentions by {who}",
    "list_aspect": "Unfavourable reach · {aspect}",
    "list_debt": "Unfavourable impressions · {brand}",
    "list_debt_week": "Unfavourable impressions · week of {week}",
    "list_opinion_week": "{label} · week of {week}",
    "list_sov": "Mentions of {brand}",
    "list_motivation": "Motivation · {motivation}",
    "no_data": "No data over the period.",
    "models": "Models applied",
    "enricher": "Enricher",
    "volume_caption": "A circled point marks a day when a spike starts: click it to see the "
    "mentions.",
    "method_text": "Mentions are de-duplicated (platform + id, else a fingerprint of the "
    "normalised text + author + minute). A mention belongs to a brand through its name or "
    "aliases (accent- and case-insensitive, whole words, outside excluded phrases), its "
    "@handles and hashtags, or because a brand account posted it. Brand accounts' own posts "
    "are left out of sentiment and share of voice. A mention's estimated reach is its views "
    "when the platform gives them, else the author's followers times a per-platform factor "
    "([audience] in rumeur.toml); a reply also reaches part of its parent's readers "
    "(docs/analytics.md). Intervals are 95% (Wilson for shares, an author-level bootstrap "
    "for reach-weighted figures).",
    "a_opinion": "Opinion: favourable, neutral, unfavourable",
    "a_debt": "Negative debt",
    "a_sov": "Share of voice against competitors",
    "a_aspects": "What drives the unfavourable reach",
    "a_motivations": "Motivations: what the brand offers, what the audience asks for",
    "a_spikes": "Activity spikes",
    "a_people": "People: detractors, promoters, influencers",
    "favourable": "Favourable",
    "unfavourable": "Unfavourable",
    "neutral_share": "Neutral",
    "unfavourable_weighted": "Unfavourable, reach-weighted",
    "no_sentiment": "No sentiment computed over the period: run `rumeur enrich` with a "
    "sentiment model.",
    "no_aspects": "No aspects computed over the period (the `aspects` enricher).",
    "no_unfavourable_aspects": "No unfavourable mention judges an aspect over the period.",
    "no_spikes": "No abnormal spike detected over the period.",
    "opinion_summary": "{brand}: {pos} of mentions favourable vs {neg} unfavourable (n = {n}); "
    "weighted by reach, {wneg} of impressions are unfavourable.",
    "weighted_note": "\u201cReach-weighted\u201d: each mention counts for the number of people "
    "it reached.",
    "week_of": "week of",
    "opinion_weekly": "Share of favourable and unfavourable mentions per week — {brands}",
    "debt_note": "Negative debt: estimated unfavourable impressions (U) per favourable "
    "impression (F). Above 1, the unfavourable voice was seen more than the favourable one. "
    "Method: docs/analytics.md.",
    "debt_brand": "Unfavourable impressions per favourable impression (U / F), per brand",
    "debt_summary": "{brands}: {ratio} unfavourable impressions per favourable one; {needed} "
    "more favourable impressions are needed to offset them ({offset} for 1).",
    "debt_trend": "Trend: {pct} per week.",
    "debt_ratio": "U / F",
    "debt_weekly": "U / F per week — {brands}",
    "outlier_caption": "▲ value off the scale, written beside it: it does not flatten the other "
    "weeks.",
    "debt_u": "Unfavourable impressions (U)",
    "debt_f": "Favourable impressions (F)",
    "debt_needed": "Favourable impressions missing",
    "debt_platforms": "Per platform",
    "sov_volume": "Share of mentions",
    "sov_reach": "Share of reach",
    "sov_volume_col": "Share of mentions",
    "sov_reach_col": "Share of reach",
    "sov_fav_col": "Share of favourable mentions",
    "sov_unfav_col": "Share of unfavourable mentions",
    "sov_change": "Change vs previous period",
    "points": "pts",
    "sov_note": "Share of favourable mentions: the brand's part of all favourable mentions of "
    "the period (likewise for unfavourable).",
    "sov_summary": "{brand}: {volume} of mentions, {reach} of reach.",
    "sov_single": "Only one brand is mentioned over the period: share of voice needs at least "
    "one competitor ([[brands]] with competitor = true in rumeur.toml).",
    "aspect": "Aspect",
    "aspects_chart": "Share of the unfavourable reach tied to each aspect",
    "aspects_summary": "The aspect most tied to the unfavourable reach is \u201c{aspect}\u201d: "
    "{share} of unfavourable impressions.",
    "aspects_matrix": "Mentions judging the aspect (unfavourable / favourable), per brand",
    "motivation": "Motivation",
    "offer": "Brand offer",
    "demand": "Audience demand",
    "gap": "Gap",
    "engagement_offer": "Engagement (brand)",
    "engagement_demand": "Engagement (audience)",
    "motivations_note": "Offer: share of the brand's posts; demand: share of the audience's "
    "messages; gap: demand − offer, in points. Engagement: likes + shares + replies per "
    "message.",
    "motivations_chart": "What the audience asks for more than the brand offers",
    "motivations_summary": "The audience asks for more \u201c{motivation}\u201d than the brand "
    "offers: {gap}.",
    "tone": "Tone",
    "tone_negative": "negative",
    "tone_positive": "positive",
    "tone_mixed": "mixed",
    "origin": "origin",
    "when": "When",
    "measure": "Measure",
    "observed_expected": "Observed / expected",
    "why": "Rising terms · origin or driving accounts",
    "spikes_note": "A spike is an hour (or a run of hours) far above what the previous 14 days "
    "led to expect (z: distance in standard deviations); a brand's spikes less than a day "
    "apart form one episode. Click the date to see the mentions.",
    "more_spikes": "… and {n} more: rumeur metrics spikes.",
    "spikes_summary": "{episodes} episode(s), {n} spike(s); the strongest: {brand}, {metric}, "
    "{when} ({observed} vs {expected} expected, z = {z}).",
    "spikes_detail": "The {n} spikes one by one",
    "n_spikes": "{n} spike(s)",
    "spikes": "Spikes",
    "strongest": "Strongest (observed / expected)",
    "positive_n": "Favourable",
    "negative_n": "Unfavourable",
    "detractors": "Detractors",
    "promoters": "Promoters",
    "influential": "Most influential",
    "answered": "Unfavourable mentions a brand account answered",
    "people_note": "Reach: the largest estimated reach of one of their mentions. Click a name "
    "to see their mentions.",
}

LANGS: dict[str, dict[str, str]] = {"fr": _FR, "en": _EN}


def _french_spaces(text: str) -> str:
    """French typography: a no-break space before : ; ! ? % » and after «, so a line never
    starts with a colon or a percent sign."""
    text = re.sub(r" ([:;!?%»])", "\u00a0\\1", text)
    return text.replace("« ", "«\u00a0")


class Labels(Mapping[str, str]):
    """Labels of one language; a missing key shows the key itself (never the other language)."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            from rumeur.errors import RumeurError
            from rumeur.suggest import listed, unknown

            raise RumeurError(
                unknown(Text("langue de rapport inconnue", "unknown report language"), lang, LANGS),
                hint=listed(LANGS),
            )
        self.lang = lang
        self._table = LANGS[lang]

    def __getitem__(self, key: str) -> str:
        text = self._table.get(key) or key
        return _french_spaces(text) if self.lang == "fr" else text

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def add(self, lang: str, entries: Mapping[str, str]) -> None:
        """Extend a language's table (used by section providers for their own labels)."""
        LANGS[lang].update(entries)

    def term(self, kind: str, key: str) -> str:
        """The name of an identifier (``term("aspect", "price")`` -> ``prix``)."""
        text = TERMS.get(kind, {}).get(self.lang, {}).get(key, key.replace("_", " "))
        return _french_spaces(text) if self.lang == "fr" else text

    def aspect(self, key: str) -> str:
        return self.term("aspect", key)

    def motivation(self, key: str) -> str:
        return self.term("motivation", key)

    def metric(self, key: str) -> str:
        return self.term("metric", key)

    def platform(self, key: str) -> str:
        return self.term("platform", key)

    def reason(self, reason: str, code: str | None = None) -> str:
        """A quarantine reason's kind, by its code or stored text (rumeur.ingest.reasons)."""
        from rumeur.ingest.reasons import label

        text = label(code, self.lang, reason)
        return _french_spaces(text) if self.lang == "fr" else text


def labels(lang: str) -> Labels:
    return Labels(lang)
