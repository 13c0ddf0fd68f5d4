"""Rumeur's hand-curated French emotion lexicon (written for this project, accent-free).

Entries are *stems*: a token matches when it starts with the stem (``enerv`` matches
``enerve``, ``enervant``, ``enervee``), except stems ending in ``$`` which must match the
whole token. Multi-word cues are matched on the token string. Emoji count as words.
Seven emotions, as in Plutchik's wheel minus anticipation: anger, joy (joy/satisfaction),
sadness (sadness/disappointment), fear (fear/worry), surprise, disgust, trust.
"""

from __future__ import annotations

EMOTION_NAMES = ("anger", "joy", "sadness", "fear", "surprise", "disgust", "trust")

# fmt: off
STEMS: dict[str, tuple[str, ...]] = {
    "anger": (
        "colere", "enerv", "furieu", "furax", "rage", "rageant", "scandal", "inadmissible",
        "inacceptable", "honte$", "honteu", "marre", "ras-le-bol", "exasper", "agace",
        "agacant", "insupport", "revolt", "indign", "arnaque", "arnaqueur", "escro",
        "voleur", "voleurs", "vol$", "foutage", "foutent", "fout$", "saoul", "soule",
        "gonfl", "fache", "grr", "stop$", "remboursez", "degage", "pff", "abus",
        "abusif", "abusive", "abuse$", "mepris", "irrespect", "lamentable", "jpp$",
        "😡", "🤬", "😠", "😤", "👿", "💢",
    ),
    "joy": (
        "heureu", "content", "ravi$", "ravie$", "ravis$", "joie", "joyeu", "bonheur",
        "genial", "super$", "top$", "adore", "j'adore", "kiff", "merveill", "parfait",
        "excellent", "bravo", "felicit", "satisf", "enchant", "plaisir", "trop-bien",
        "chouette", "youpi", "enfin$", "cool$", "formidable", "magnifique", "sublime",
        "fantastique", "delicieu", "regal", "merci", "top-", "nickel", "impeccable",
        "😀", "😃", "😄", "😁", "😊", "🙂", "😍", "🥰", "🤩", "🥳", "🎉", "❤", "💖",
        "💕", "😋", "👏", "xxsmile", "xxlaugh", "mdr", "ptdr",
    ),
    "sadness": (
        "triste", "tristesse", "decu", "decue", "decev", "deception", "dommage",
        "malheureu", "deprim", "desole", "regret", "helas", "snif", "pleur", "chagrin",
        "abattu", "decourag", "las$", "lasse$", "navr", "peine$", "perdu", "manque",
        "😢", "😭", "😞", "😔", "🙁", "☹", "💔", "😿", "xxsad",
    ),
    "fear": (
        "peur", "inquiet", "inquiete", "inquietant", "inquietude", "angoiss", "crain",
        "crainte", "effray", "terrifi", "panique", "stress", "danger", "risque",
        "menace", "pirat", "fuite", "hack", "vulnerab", "flipp", "redoute", "alarm",
        "anxi", "securite", "espion", "surveill", "traqu", "😨", "😰", "😱", "😟", "😧",
    ),
    "surprise": (
        "surpri", "etonn", "incroyable", "inattendu", "choque", "choquant", "stupefi",
        "hallucin", "halluc", "wow", "waouh", "oh$", "jamais-vu", "sidere", "bluff",
        "inimaginable", "dingue", "ouf$", "quoi$", "serieux$", "vraiment$",
        "😮", "😲", "😯", "🤯", "😳", "😱", "xxexcl",
    ),
    "disgust": (
        "degout", "degueu", "deguel", "ecoeur", "immonde", "repugn", "ignoble", "infect",
        "gerb", "vomi", "beurk", "berk", "crade", "sale$", "salete", "puant", "pue$",
        "nausea", "ecoeurant", "abject", "minable", "pourri", "cafard", "moisi",
        "🤮", "🤢", "💩",
    ),
    "trust": (
        "confiance", "fiable", "fiabilite", "serieu", "honnete", "honnetete", "recommand",
        "professionnel", "competent", "rassur", "transparen", "fidele", "securis",
        "garanti", "tenu$", "tiennent", "engagement", "loyal", "sur$", "solide",
        "valeur-sure", "conseill", "ecoute", "🤝", "👍", "💯",
    ),
}

#: multi-word cues (on the space-joined marked tokens), added to the stems' hits
PHRASES: dict[str, tuple[str, ...]] = {
    "anger": ("en ai marre", "ras le bol", "se moque", "foutent de", "c'est une honte"),
    "surprise": ("je n'en reviens pas", "jamais vu", "pas croyable", "? !", "! ?"),
    "trust": ("je recommande", "en confiance", "parole tenue", "je conseille"),
    "fear": ("mes donnees", "donnees personnelles", "j'ai peur", "fait peur"),
    "sadness": ("c'est dommage", "quel dommage"),
}
# fmt: on
