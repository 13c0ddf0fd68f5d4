"""Small hand-written French resources: polarity words, emoji, emoticons, slang, negators,
idioms and irony markers. Written for Rumeur (no external lexicon is copied); words are
stored without accents (see :func:`rumeur.nlp.features.strip_accents`).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


POSITIVE = _words(
    """
    bien bon bonne bons bonnes super genial geniale excellent excellente parfait parfaite
    top adore adorer aime aimer aimé merveilleux merveilleuse magnifique sublime formidable
    fantastique incroyable extra impeccable efficace rapide agreable sympa sympathique
    heureux heureuse ravi ravie content contente satisfait satisfaite recommande recommander
    bravo merci felicitations chapeau genialissime top-notch delicieux delicieuse
    savoureux savoureuse meilleur meilleure meilleurs beau belle beaux superbe qualite
    fiable pratique simple clair claire professionnel professionnelle serviable aimable
    chaleureux chaleureuse accueillant accueillante reactif reactive bravo cool kiffe kif
    kiffer gg ouf dingue pepite love enchante enchantee confiance plaisir reussi reussie
    facile fluide nickel nikel gentil gentille competent competente honnete genie
    """
)

NEGATIVE = _words(
    """
    mal mauvais mauvaise nul nulle nuls nulles horrible affreux affreuse catastrophe
    catastrophique decu decue decevant decevante deception honte honteux honteuse
    arnaque arnaqueur escroc escroquerie voleur voleurs vol scandale scandaleux
    scandaleuse inadmissible inacceptable lamentable pitoyable minable naze pourri pourrie
    lent lente lenteur panne bug bugue plante probleme problemes souci soucis galere
    retard attente cher chere chers cheres trop-cher colere enerve enervee marre furieux
    furieuse degoute degoutee degoutant degueulasse deguelasse immonde sale triste
    ennuyeux ennuyeuse ennui chiant chiante fuyez fuir eviter evitez jamais-plus pire
    rate ratee raté mediocre insupportable inutile incompetent incompetente impoli
    impolie desagreable froid froide bof moyen moyenne spam harcelement pub pubs
    mensonge menteur menteurs faux fausse peur inquiet inquiete inquietant grave-nul
    perdu perdue casse cassee abime abimee defectueux defectueuse rembourse-pas
    """
)

# fmt: off
#: emoji → polarity (+1 / -1); others are kept as their own token only
EMOJI = {
    "😀": 1, "😃": 1, "😄": 1, "😁": 1, "😊": 1, "🙂": 1, "😍": 1, "🥰": 1, "😘": 1,
    "🤩": 1, "👍": 1, "👏": 1, "🙏": 1, "💪": 1, "🎉": 1, "❤": 1, "❤️": 1, "💖": 1,
    "💕": 1, "💯": 1, "✨": 1, "🔥": 1, "😎": 1, "👌": 1, "🥳": 1, "😋": 1, "♥": 1,
    "😂": 0, "🤣": 0, "😅": 0, "😉": 0, "🙃": 0, "🤔": 0, "😏": 0,
    "😡": -1, "🤬": -1, "😠": -1, "😤": -1, "😢": -1, "😭": -1, "😞": -1, "😔": -1,
    "😩": -1, "😫": -1, "🙁": -1, "☹": -1, "😒": -1, "🙄": -1, "👎": -1, "💩": -1,
    "🤮": -1, "🤢": -1, "😱": -1, "😨": -1, "😰": -1, "💔": -1, "😖": -1, "😣": -1,
    "😑": -1, "😐": 0, "😶": 0, "😮": 0, "😲": 0, "🤯": 0,
}

#: emoticons (matched on the raw text, before punctuation is split) → marker token
EMOTICONS = {
    ":)": "xxsmile", ":-)": "xxsmile", ":))": "xxsmile", "=)": "xxsmile", ":D": "xxsmile",
    ":-D": "xxsmile", "xD": "xxlaugh", "XD": "xxlaugh", ";)": "xxwink", ";-)": "xxwink",
    "<3": "xxsmile", "^^": "xxsmile", "^_^": "xxsmile", ":p": "xxwink", ":P": "xxwink",
    ":(": "xxsad", ":-(": "xxsad", ":((": "xxsad", ":'(": "xxsad", ":/": "xxsad",
    ":-/": "xxsad", ":|": "xxmeh", "-_-": "xxsad", ">:(": "xxsad", "</3": "xxsad",
}

#: slang and abbreviations → expansion (the original token is kept as well)
SLANG = {
    "mdr": "mdr xxlaugh", "mdrr": "mdr xxlaugh", "ptdr": "ptdr xxlaugh",
    "xptdr": "ptdr xxlaugh", "lol": "lol xxlaugh", "jpp": "jpp marre", "bof": "bof xxmeh",
    "mouais": "mouais xxmeh",
    "bg": "beau", "slt": "salut", "stp": "s'il te plait", "svp": "s'il vous plait",
    "tkt": "t'inquiete", "jsp": "je sais pas", "osef": "on s'en fiche", "wtf": "wtf xxneg",
    "pk": "pourquoi", "pq": "pourquoi", "bcp": "beaucoup", "tjrs": "toujours",
    "tjs": "toujours", "pr": "pour", "ds": "dans", "cc": "coucou", "dsl": "desole",
    "nimp": "n'importe quoi", "grave": "grave", "vrmt": "vraiment", "mm": "meme",
}

NEGATORS = frozenset({"pas", "ne", "n", "jamais", "rien", "aucun", "aucune", "sans", "ni",
                      "guere", "personne", "non", "nul-part"})
#: words that end a negation scope besides punctuation
SCOPE_END = frozenset({"mais", "et", "car", "parce", "pourtant", "sinon", "cependant",
                       "alors", "donc", "que", "qui", "quand"})

#: fixed expressions whose meaning is not the sum of their words, rewritten into a plain
#: paraphrase before negation marking (accent-free, canonical spacing). The paraphrase
#: uses frequent opinion words, so the model's learned weights apply to the idiom.
IDIOMS = {
    "pas mal du tout": "tres bien",
    "pas mal": "bien",
    "pas terrible": "decevant",
    "pas top": "decevant",
    "pas fou": "decevant",
    "pas ouf": "decevant",
    "pas de souci": "parfait",
    "pas de soucis": "parfait",
    "pas de probleme": "parfait",
    "aucun probleme": "parfait",
    "aucun souci": "parfait",
    "sans probleme": "parfait",
    "sans souci": "parfait",
    "sans soucis": "parfait",
    "rien a redire": "parfait",
    "rien a dire": "parfait",
    "aucun regret": "tres bien",
    "n'importe quoi": "nul",
    "nimporte quoi": "nul",
    "que du bonheur": "excellent",
    "plus jamais": "jamais xxneg",
    "j'en peux plus": "marre",
    "j' en peux plus": "marre",
    "foutage de gueule": "honteux",
    "merci pour rien": "nul xxirony",
    "mon oeil": "xxirony",
    "ou pas": "xxirony",
    "quelle blague": "nul xxirony",
    "tu parles": "xxirony",
}

#: markers after which positive words are read as ironic (their polarity is inverted)
IRONY = ("#ironie", "#sarcasme", "/s", "🙄", "🙃", "xxirony", "ironie")
# fmt: on
