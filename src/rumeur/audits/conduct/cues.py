"""French (and some English) cues the conduct rules read in messages.

Each list is a regular expression over the folded text (lower case, accents removed);
the rule that uses it says what a match means. They are deliberately explicit, so a
finding can always be traced to the words that raised it.
"""

from __future__ import annotations

import re
import unicodedata

#: a brand message that sells: codes, discounts, offers, links to shop
PROMO = re.compile(
    r"\bcode(?: promo)? [a-z0-9]{3,}|\bpromo\b|-\s?\d{1,2}\s?%|"
    r"\d{1,2}\s?% (?:de )?(?:reduc|remise|off)|"
    r"\breduction\b|\bremise\b|\bsoldes?\b|\boffres? (?:speciale|exclusive|limitee|flash|"
    r"de bienvenue)|\bofferts?\b|\bprofite[zr]?\b|\bjusqu'a -|\bbon plan\b|"
    r"\bventes? (?:privees?|flash)|\bau lieu de\b|\bsans engagement\b|\bdiscount\b|"
    r"\bon sale\b|\bdeal\b|\bshop now\b"
)

#: the audience complaining that the brand posts or writes too much
OVERPOSTING = re.compile(
    r"trop de (?:pubs?|messages?|posts?|publications?|notifs?|notifications?|mails?)|"
    r"\bspam+(?:e|ent|ez|er|ing)?\b|harcel|\barretez\b|ca suffit|on sature|sature[sz]? de|"
    r"vous (?:nous )?(?:saoulez|soulez|gonflez|inondez)|\binondent\b|desabonn|unfollow|"
    r"matraqu|overdose de|tous les jours des pubs|encore une pub|chaque heure"
)

#: the audience complaining about the use of their personal data
DATA_COMPLAINT = re.compile(
    r"mes donnees|donnees personnelles|\brgpd\b|\bgdpr\b|\bcnil\b|revend\w* (?:mes|nos|les) "
    r"(?:donnees|coordonnees|infos)|revente|demarch|prospection|harcelement commercial|"
    r"comment (?:avez-vous|vous avez) (?:eu|obtenu) mon (?:numero|mail|adresse)|"
    r"pourquoi (?:avez-vous|vous avez) mon (?:numero|mail|adresse)|"
    r"je n'ai jamais donne mon|sans mon (?:accord|consentement)|"
    r"appel\w* (?:commerciaux|publicitaires)|sms (?:publicitaires|commerciaux)|"
    r"droit (?:a l'oubli|d'opposition)|supprime[zr]? mes donnees"
)

#: a brand reply asking for personal data in public
DATA_REQUEST = re.compile(
    r"(?:envoye[zr]|donne[zr]|indique[zr]|communique[zr]|partage[zr]|transmet\w*)[- ](?:nous|moi)"
    r"(?:[- ](?:ici|en commentaire|en reponse))?\s+(?:votre|vos|ton|tes)\s+"
    r"(?:numero|telephone|adresse|e-?mail|mail|nom complet|date de naissance|iban|rib|"
    r"coordonnees|numero de client|identifiant)"
)

#: the reply sends the exchange to a private channel (then asking for data is fine)
PRIVATE_CHANNEL = re.compile(
    r"\bmp\b|message prive|messages prives|\bdm\b|\bdms?\b|en prive|messagerie privee|"
    r"formulaire|espace client|private message"
)

#: a question or information request
QUESTION = re.compile(
    r"\?|^(?:comment|pourquoi|quand|ou|est-ce que|qui|quel|quelle|combien)\b|"
    r"\b(?:savez-vous|pouvez-vous|pourriez-vous|quelqu'un sait|une idee)\b"
)

#: a complaint, for when sentiment is not scored
COMPLAINT = re.compile(
    r"\b(?:nul|nulle|honte|scandale|inadmissible|arnaque|toujours pas|jamais recu|en panne|"
    r"rembourse|remboursement|plainte|inacceptable|decu|decue|colere|pas normal|"
    r"aucune reponse|sans reponse|panne|bug|bloque)\b"
)

_HANDLE = re.compile(r"(?<![\w@])@([A-Za-z0-9_][A-Za-z0-9_.-]{1,60}(?:@[A-Za-z0-9_.-]+)?)")
_HASHTAG = re.compile(r"(?<!\w)#\w+")
_URL = re.compile(r"https?://\S+")


def fold(text: str | None) -> str:
    text = (text or "").replace("\u2019", "'").lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def handles(text: str | None) -> list[str]:
    """@handles addressed in a text, lower case, without '@' (Mastodon's user@host kept)."""
    return [h.lower().rstrip(".") for h in _HANDLE.findall(text or "")]


def hashtags(text: str | None) -> list[str]:
    return [h.lower() for h in _HASHTAG.findall(text or "")]


def skeleton(text: str | None) -> str:
    """A message with its addressees, links, numbers and punctuation removed: two
    messages that differ only by whom they address or a tracking link look the same."""
    t = _URL.sub(" ", _HANDLE.sub(" ", text or ""))
    t = fold(t)
    t = re.sub(r"\d+", "0", t)
    t = re.sub(r"[^\w#]+", " ", t)
    return " ".join(t.split())


def shingles(text: str, k: int = 3) -> set[str]:
    words = text.split()
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def excerpt(text: str | None, n: int = 140) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= n else t[: n - 1] + "…"


def pct_fr(share: float, signed: bool = False) -> str:
    """``0.473`` -> ``47 %`` (French typography: a no-break space before %)."""
    v = round(100 * share)
    return f"{'+' if signed and v > 0 else ''}{v}\u00a0%".replace("-", "\u2212")


def num_fr(x: float, digits: int = 1) -> str:
    """``0.42`` -> ``0,4`` (French decimal comma)."""
    return f"{x:.{digits}f}".replace(".", ",")
