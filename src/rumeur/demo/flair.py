"""Style banks: openers, closers, fillers, emoji, abbreviations, and non-French mentions.

See :mod:`rumeur.demo.phrases` for the template syntax.
"""

from __future__ import annotations

OPENERS: dict[str, tuple[str, ...]] = {
    "pos": (
        "Franchement", "Bon", "Petit message pour dire que", "Je dois avouer que", "Honnêtement",
        "Agréablement surpris :", "Pour une fois je vais dire du bien :", "Bonne nouvelle :",
        "Ça fait plaisir", "Alors là chapeau", "Je l'avoue", "Pas souvent que je dis ça mais",
        "Mise à jour :", "Après {N} mois :", "Retour d'expérience :", "Coup de cœur du jour :",
    ),
    "neg": (
        "Sérieusement", "Bon", "Franchement", "Ras le bol", "Encore", "Incroyable", "Au secours",
        "Je craque", "Coup de gueule :", "Sans déconner", "C'est une blague ?", "Mais quelle galère",
        "Jour {N} :", "Pour info", "Vous êtes sérieux ?", "Alors", "Énorme déception", "Pfff",
    ),
    "neu": (
        "Question :", "Petite question", "Info :", "Bonjour", "Hello", "Salut à tous", "Dites",
        "Question bête", "Besoin d'aide :", "À savoir :", "Pour ceux que ça intéresse :", "Bonsoir",
    ),
}

CLOSERS: dict[str, tuple[str, ...]] = {
    "pos": (
        "Je recommande.", "Continuez comme ça !", "Client content.", "Rien à dire.",
        "Merci à l'équipe.", "Ça fait du bien.", "Je reste chez eux.", "Bravo.",
        "[Ça mérite d'être dit|Fallait que je le dise].", "Top du top.", "10/10.",
    ),
    "neg": (
        "Je résilie [dès que possible|à la fin du mois|bientôt].", "Plus jamais.",
        "[Vous perdez|Vous allez perdre] un client.", "Inadmissible.",
        "Je vais voir ailleurs.", "J'ai prévenu [mes potes|toute ma famille].",
        "Merci pour rien.", "[On en est à|Ça fait] {DUR} comme ça.", "Lamentable.",
        "J'attends [une réponse|un geste commercial].", "[UFC|60 millions] va entendre parler de vous.",
    ),
    "neu": (
        "Merci d'avance.", "Des avis ?", "Si quelqu'un sait...", "Je vous tiens au courant.",
        "Merci !", "On verra bien.", "À suivre.", "Bonne soirée.", "Des retours ?",
    ),
}

EMOJI: dict[str, tuple[str, ...]] = {
    "pos": ("😍", "👍", "🙌", "👏", "💪", "🔥", "😊", "✨", "🥳", "❤️", "😁", "🚀"),
    "neg": ("😡", "🤬", "😤", "🙄", "😩", "💩", "👎", "😒", "🤡", "😭", "🤦", "🤦‍♂️"),
    "neu": ("🤔", "📱", "📶", "🙂", "👀", "📡", "💬", "❓"),
}

#: Social abbreviations and interjections glued to texts.
TICS: dict[str, tuple[str, ...]] = {
    "pos": ("mdr", "trop bien", "grave", "jpp trop content", "ptdr", "ouf", "lol"),
    "neg": ("bof", "jpp", "mdr", "ptdr on rigole", "sérieux", "pfff", "wtf", "osef de nous"),
    "neu": ("svp", "stp", "merci", "jsp", "dsl", "pk ?", "bjr", "slt"),
}

#: Word-level abbreviations applied at random (written-French-to-SMS-French).
ABBREV: tuple[tuple[str, str], ...] = (
    (" pourquoi ", " pk "), (" beaucoup ", " bcp "), (" s'il vous plaît", " svp"),
    (" je sais pas", " jsp"), (" quand même", " qd même"), (" toujours ", " tjrs "),
    (" c'est ", " c "), (" rien ", " r1 "), (" aujourd'hui", " ajd"), (" vraiment ", " vrmt "),
    (" même ", " mm "), (" tout le monde", " tlm"), (" quelqu'un", " qqn"),
)

GENERIC_TAGS: tuple[str, ...] = (
    "#telecom", "#forfait", "#fibre", "#5G", "#4G", "#SAV", "#serviceclient", "#box",
    "#internet", "#mobile", "#operateur", "#galere", "#bonplan", "#teletravail",
)

CITIES: tuple[str, ...] = (
    "Lyon", "Marseille", "Toulouse", "Lille", "Nantes", "Rennes", "Brest", "Bordeaux",
    "Montpellier", "Strasbourg", "Grenoble", "Dijon", "Angers", "Tours", "Limoges",
    "Clermont-Ferrand", "Saint-Étienne", "Le Mans", "Amiens", "Rouen", "Caen", "Metz",
    "Nancy", "Reims", "Besançon", "Poitiers", "Pau", "Bayonne", "Perpignan", "Nîmes",
    "Avignon", "Toulon", "Nice", "Annecy", "Chambéry", "Quimper", "Lorient", "Vannes",
    "La Rochelle", "Niort", "Orléans", "Bourges", "Troyes", "Calais", "Dunkerque",
    "Valence", "Aurillac", "Rodez", "Albi", "Tarbes", "Ajaccio", "Bastia", "Colmar",
    "Mulhouse", "Belfort", "Cherbourg", "Saint-Malo", "Vichy", "Paris 11e", "Paris 18e",
    "Montreuil", "Saint-Denis", "Versailles", "Créteil", "Nanterre", "Argenteuil",
    "Villeurbanne", "Vénissieux", "Aix", "Arles", "Sète", "Agen", "Périgueux", "Gap",
)
DURATIONS: tuple[str, ...] = (
    "2 jours", "3 jours", "une semaine", "deux semaines", "10 jours", "un mois", "3 semaines",
    "48h", "72h", "ce matin", "hier soir", "5 jours", "un mois et demi", "deux mois",
    "quinze jours", "4 jours", "une heure", "20 minutes", "trois heures", "six semaines",
)
DEVICES: tuple[str, ...] = (
    "mon tel", "mon portable", "mon smartphone", "la box", "ma tablette", "le routeur",
    "mon téléphone pro", "le tel de ma fille", "mon vieux portable", "la clé 4G",
)
DAYS: tuple[str, ...] = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS: tuple[str, ...] = ("juillet", "août", "septembre", "octobre", "novembre", "juin")
OTHERS_GENERIC: tuple[str, ...] = (
    "mon ancien opérateur", "l'opérateur d'avant", "la concurrence", "mon ex-opérateur",
)

#: Non-French ordinary mentions: language -> sentiment -> templates.
FOREIGN: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "pos": (
            "[Just|Finally] switched to {B} [while living in|here in] {CITY} and [the coverage is great|5G is blazing fast|it just works]",
            "{B} customer [support|care] [sorted my issue|fixed my SIM] in {ENDUR}, [impressed|kudos]",
            "[Travelling|Studying] in France: {B} [prepaid SIM|eSIM] is [cheap|a great deal] at {PRICE} for {GB} GB",
            "[Honestly|Gotta say], {B} [fibre|home internet] has been [rock solid|flawless] [for weeks|since I moved in]",
        ),
        "neg": (
            "[No signal|Zero bars] with {B} [in|around] {CITY} [again|for the third day], [so frustrating|useless]",
            "{B} [charged me twice|overcharged me] [this month|for roaming] and support [won't answer|keeps ignoring me]",
            "[Avoid|Stay away from] {B} [if you're an expat|if you don't speak French], [support is a nightmare|contract is a trap]",
            "[Waited|Been waiting] {ENDUR} for {B} to [activate my line|ship my SIM], [still nothing|ridiculous]",
        ),
        "neu": (
            "[Anyone know if|Does anyone know whether] {B} [has good coverage in|works well in] {CITY}?",
            "[Moving to France|New in {CITY}]: {B} or {OTHERB}? [Any advice?|Recommendations welcome]",
            "Is {B}'s {GB} GB plan at {PRICE} [still available|worth it|a good deal] [for students|for a family|if I work from home]?",
            "[How do I|Can someone explain how to] [cancel|port my number to|top up] {B} [from abroad|without a French bank account|online]?",
            "[Visiting|Moving to] {CITY} [next month|in {DAY}|soon] — [which operator|is {B} ok] for [a prepaid SIM|home fibre]?",
            "{B} [just emailed me|sent me a letter] about [new terms|a price change], [not sure what it means|can anyone translate?]",
        ),
    },
    "es": {
        "pos": (
            "[De vacaciones en|Viviendo en] {CITY} con {B}: [cobertura perfecta|todo funciona genial], [muy contento|lo recomiendo]",
            "La tarjeta SIM de {B} [llegó en dos días|funciona de maravilla], {GB} GB por {PRICE}",
        ),
        "neg": (
            "[Sin cobertura|Sin señal] con {B} en {CITY} [desde hace días|otra vez], [qué desastre|fatal]",
            "{B} me [cobró dos veces|cobró de más] y [nadie responde|el servicio al cliente no contesta]",
        ),
        "neu": (
            "¿Alguien sabe si {B} [funciona bien|tiene buena cobertura] en {CITY}?",
        ),
    },
    "de": {
        "pos": (
            "[Urlaub in|Gerade in] {CITY} mit {B}: [Netz super|alles läuft prima], [sehr zufrieden|top]",
            "{B} eSIM [in fünf Minuten aktiviert|läuft einwandfrei], {GB} GB für {PRICE}",
        ),
        "neg": (
            "[Kein Netz|Keine Verbindung] mit {B} in {CITY} [seit Tagen|schon wieder], [echt ärgerlich|furchtbar]",
            "{B} hat mir [doppelt abgebucht|zu viel berechnet] und [niemand antwortet|der Kundendienst schweigt]",
        ),
        "neu": (
            "Hat jemand Erfahrung mit {B} in {CITY}? [Danke im Voraus|Lohnt sich das?]",
        ),
    },
}
#: Light dressing for non-French mentions.
FOREIGN_TAILS: dict[str, tuple[str, ...]] = {
    "en": ("lol", "smh", "any tips?", "thx", "ugh", "tbh", "fr fr", "just saying", "cheers",
           "help pls", "not impressed", "10/10", "would recommend", "never again"),
    "es": ("jaja", "gracias", "qué rabia", "increíble", "ayuda", "vale"),
    "de": ("danke", "leider", "echt jetzt?", "super", "naja", "hilfe"),
}
FOREIGN_OPENERS: dict[str, tuple[str, ...]] = {
    "en": ("Honestly,", "Quick question:", "PSA:", "Update:", "Okay so", "Not gonna lie,",
           "Day {N}:", "Heads up:", "Rant:", "FYI"),
    "es": ("Bueno,", "Pregunta:", "Ojo:", "Hola,"),
    "de": ("Also,", "Frage:", "Kurz:", "Hallo,"),
}
EN_DURATIONS: tuple[str, ...] = (
    "10 minutes", "an hour", "two days", "a week", "three weeks", "20 minutes", "5 days",
)
