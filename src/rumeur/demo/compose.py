"""Compose varied mention texts from the phrase banks, with social-media noise.

A :class:`Composer` expands templates (``[a|b]`` alternatives, ``{SLOT}`` fillers) and
dresses them up: openers, closers, emoji, hashtags, abbreviations (mdr, bof, svp...),
dropped accents, typos, all-caps shouting and irony. Everything draws from one
``random.Random`` so the output is deterministic for a seed.
"""

from __future__ import annotations

import random
import re
import unicodedata

from rumeur.demo import flair, phrases
from rumeur.demo.brands import VOICES
from rumeur.demo.event_phrases import CARE_FOLLOWUPS
from rumeur.demo.labels import combined
from rumeur.demo.scripted_phrases import REVIEW_TITLES

_ALT = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{([A-Z]+)\}")
_PRICES = (4, 5, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 19, 20, 22, 24, 25, 29, 32, 34, 39, 44, 49)
_GBS = (5, 10, 20, 30, 40, 50, 60, 70, 80, 100, 130, 150, 200, 250, 300)
_IRONY = (
    "Merci {B} pour ce [magnifique|formidable|merveilleux] service 👏👏",
    "[Bravo|Génial|Super] {B}, [vraiment|encore] [du grand art|un sans-faute]... 🙃",
    "[J'adore|Quel plaisir] [payer|payer plein pot] pour [ça|ce service], merci {B} 🙂",
)
_SIGNS = ("^Léa", "^Marc", "^Sofiane", "^Julie", "^Karim", "^Élodie", "^Tom", "^Nadia", "^Paul")
_EMOJI_RE = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u200d\ufe0f]")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


class Composer:
    """Text factory bound to one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        #: brand ids named through ``{OTHER}`` since the last :meth:`reset`
        self.others: list[str] = []

    def reset(self) -> None:
        self.others = []

    # -- primitives ---------------------------------------------------------------------
    def price(self, lo: int = 0) -> tuple[int, str]:
        r = self.rng
        euros = r.choice([p for p in _PRICES if p > lo] or [lo + 5])
        style = r.random()
        cents = r.choice(("99", "99", "99", "90", "00"))
        if style < 0.5:
            text = f"{euros},{cents} €"
        elif style < 0.75:
            text = f"{euros},{cents}€"
        elif style < 0.9:
            text = f"{euros}€{cents}"
        else:
            text = f"{euros} euros"
        return euros, text

    def slot(self, name: str, brand: str, ctx: dict[str, str]) -> str:
        r = self.rng
        v = VOICES[brand]
        if name in ctx:
            return ctx[name]
        if name == "B":
            return r.choice(v.refs)
        if name == "CARE":
            return "@" + v.care
        if name == "CITY":
            return r.choice(flair.CITIES)
        if name == "PRICE":
            return self.price()[1]
        if name in ("OLD", "NEW"):
            old, old_t = self.price()
            new_t = self.price(old + 1)[1]
            ctx["OLD"], ctx["NEW"] = old_t, new_t
            return ctx[name]
        if name == "DUR":
            return r.choice(flair.DURATIONS)
        if name == "ENDUR":
            return r.choice(flair.EN_DURATIONS)
        if name == "SPEED":
            n = r.choice((r.randint(1, 40), r.randint(50, 400), r.randint(500, 950)))
            return f"{n} {r.choice(('Mb/s', 'Mbit/s', 'Mbps', 'mega'))}"
        if name == "GB":
            return str(r.choice(_GBS))
        if name == "DEV":
            return r.choice(flair.DEVICES)
        if name == "DAY":
            return r.choice(flair.DAYS)
        if name == "MONTH":
            return r.choice(flair.MONTHS)
        if name == "N":
            return str(r.randint(2, 9))
        if name == "H":
            return str(r.randint(3, 30))
        if name == "OTHER":
            others = [b for b in VOICES if b != brand]
            pick = r.choice((*others, *others, *flair.OTHERS_GENERIC))
            if pick in VOICES:
                self.others.append(pick)
                return VOICES[pick].short
            return pick
        if name == "OTHERB":
            pick = r.choice([b for b in VOICES if b != brand])
            self.others.append(pick)
            return VOICES[pick].short
        if name == "CODE":
            return r.choice(v.codes)
        if name == "TAG":
            return v.hashtag
        if name == "LINK":
            path = r.choice(("offres", "forfaits", "aide", "box", "5g", "bons-plans", "appli"))
            return f"https://{v.site}/{path}?utm_source=social&c={r.randint(100, 999)}"
        if name == "TICKET":
            return str(r.randint(10_000_000, 99_999_999))
        if name == "SIGN":
            return r.choice(_SIGNS)
        if name == "E":
            return r.choice(flair.EMOJI["neg"])
        return ctx.get(name, "")

    def expand(self, template: str, brand: str, ctx: dict[str, str] | None = None) -> str:
        ctx = {} if ctx is None else ctx
        text = template
        while "[" in text:
            new = _ALT.sub(lambda m: self.rng.choice(m.group(1).split("|")), text)
            if new == text:
                break
            text = new
        return _SLOT.sub(lambda m: self.slot(m.group(1), brand, ctx), text)

    # -- noise --------------------------------------------------------------------------
    def _typo(self, text: str) -> str:
        words = text.split(" ")
        idx = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
        if not idx:
            return text
        i = self.rng.choice(idx)
        w = words[i]
        j = self.rng.randrange(1, len(w) - 2)
        swap = self.rng.random() < 0.5
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :] if swap else w[:j] + w[j] + w[j:]
        words[i] = w
        return " ".join(words)

    def dress(
        self,
        core: str,
        brand: str,
        sentiment: str,
        *,
        social: bool = True,
        opener: bool = True,
        noise: bool = True,
    ) -> str:
        """Add openers, closers, emoji, tics and noise around a core sentence."""
        r = self.rng
        s = sentiment
        parts: list[str] = []
        if opener and r.random() < 0.42:
            opener_text = self.expand(r.choice(flair.OPENERS[s]), brand)
            if opener_text[-1] not in ".:!?":
                core = core[0].lower() + core[1:]
            parts.append(opener_text)
        if s == "neg" and r.random() < 0.06:
            core = core.upper()
        if core[-1] not in ".!?…":
            core += r.choice(
                ("", "", ".", " !", " !!!", "...", " ?!") if s != "neu" else ("", "", ".")
            )
        parts.append(core)
        if r.random() < 0.34:
            parts.append(self.expand(r.choice(flair.CLOSERS[s]), brand))
        text = " ".join(parts)
        if social and r.random() < 0.22:
            tic = r.choice(flair.TICS[s])
            text = f"{tic} {text}" if r.random() < 0.4 else f"{text} {tic}"
        if noise and r.random() < 0.22:
            text = " " + text + " "
            for a, b in r.sample(flair.ABBREV, 4):
                text = text.replace(a, b)
            text = text.strip()
        if r.random() < 0.18:
            text = text.lower()
        if r.random() < 0.1:
            text = strip_accents(text)
        if noise and r.random() < 0.12:
            text = self._typo(text)
        if social and r.random() < 0.45:
            text += " " + "".join(r.choice(flair.EMOJI[s]) for _ in range(r.choice((1, 1, 2, 3))))
        if social and r.random() < 0.16:
            tags = [r.choice(flair.GENERIC_TAGS)]
            if r.random() < 0.5:
                tags.append("#" + VOICES[brand].hashtag)
            text += " " + " ".join(tags)
        return text

    # -- whole texts --------------------------------------------------------------------
    def core(self, brand: str, sentiment: str, aspect: str) -> tuple[str, str]:
        """A post's sentences for the mood ``sentiment``, and the post's label: a second
        statement of another mood changes it (:func:`rumeur.demo.labels.combined`)."""
        r = self.rng
        if sentiment == "neg" and r.random() < 0.07:
            return self.expand(r.choice(_IRONY), brand), sentiment
        text = self.expand(r.choice(phrases.BANK[aspect][sentiment]), brand)
        label = sentiment
        if r.random() < 0.45:
            other = r.choices(phrases.ASPECTS, phrases.ASPECT_WEIGHTS)[0]
            s2 = sentiment if r.random() < 0.75 else r.choice(("pos", "neg", "neu"))
            extra = self.expand(r.choice(phrases.BANK[other][s2]), brand)
            glue = r.choice((". ", ". ", " et ", ", ", ". En plus ", ". Par contre ", "\n"))
            if glue in (" et ", ", "):
                extra = extra[0].lower() + extra[1:]
            text = text + glue + extra
            label = combined(sentiment, s2)
        return text, label

    def ordinary(self, brand: str, sentiment: str, aspect: str, lang: str = "fr") -> str:
        """A post for the mood ``sentiment`` (see :meth:`ordinary_post`)."""
        return self.ordinary_post(brand, sentiment, aspect, lang)[0]

    def ordinary_post(
        self, brand: str, sentiment: str, aspect: str, lang: str = "fr"
    ) -> tuple[str, str]:
        """(text, label) of an ordinary post for the mood ``sentiment``: the label is the
        written post's (:mod:`rumeur.demo.labels`)."""
        if lang != "fr":
            r = self.rng
            text = self.expand(r.choice(flair.FOREIGN[lang][sentiment]), brand)
            if r.random() < 0.5:
                opener = self.expand(r.choice(flair.FOREIGN_OPENERS[lang]), brand)
                text = f"{opener} {text[0].lower()}{text[1:]}"
            if r.random() < 0.6:
                text += " " + r.choice(flair.FOREIGN_TAILS[lang])
            if r.random() < 0.5:
                text += " " + "".join(
                    r.choice(flair.EMOJI[sentiment]) for _ in range(r.randint(1, 2))
                )
            if r.random() < 0.2:
                text += " #" + VOICES[brand].hashtag
            return text, sentiment
        text, label = self.core(brand, sentiment, aspect)
        return self.dress(text, brand, sentiment), label

    def review(self, brand: str, sentiment: str, aspect: str) -> tuple[str, str, float]:
        """(title, body, rating) for the review-site export; bodies run 1-5 sentences."""
        r = self.rng
        title = r.choice(REVIEW_TITLES[sentiment])
        n = r.choice((1, 2, 2, 3, 3, 4, 5))
        # a mixed (neutral) review weighs good and bad points rather than asking questions
        moods = ("pos", "neg") if sentiment == "neu" else (sentiment,)
        used: set[str] = set()
        sentences: list[str] = []
        for k in range(max(n, len(moods))):
            asp = aspect if k == 0 else r.choices(phrases.ASPECTS, phrases.ASPECT_WEIGHTS)[0]
            tpl = r.choice(phrases.BANK[asp][moods[k % len(moods)]])
            if tpl in used:
                continue
            used.add(tpl)
            sentences.append(self.expand(tpl, brand))
        if r.random() < 0.5:
            sentences.append(self.expand(r.choice(flair.CLOSERS[sentiment]), brand))
        sep = r.choice((". ", ". ", ".\n", ".\n\n"))
        body = sep.join(x if x[-1] in "!?" else x.rstrip(".") + "." for x in sentences)
        body = body.replace(".. ", ". ")
        if r.random() < 0.1:
            body = strip_accents(body)
        rating = {
            "pos": r.choice((4.0, 4.5, 5.0, 5.0)),
            "neg": r.choice((1.0, 1.0, 1.5, 2.0)),
            "neu": r.choice((2.5, 3.0, 3.0, 3.5)),
        }[sentiment]
        return title, body, rating

    def with_detail(self, text: str, brand: str, sentiment: str, p: float = 0.6) -> str:
        """Append a sentence from the aspect banks (more context, less repetition)."""
        if self.rng.random() >= p:
            return text
        aspect = self.rng.choices(phrases.ASPECTS, phrases.ASPECT_WEIGHTS)[0]
        extra = self.expand(self.rng.choice(phrases.BANK[aspect][sentiment]), brand)
        sep = "" if text[-1] in ".!?" else self.rng.choice((".", " !", "..."))
        return f"{text}{sep} {extra}"

    def followup(self, sentiment: str, brand: str) -> str:
        return self.expand(self.rng.choice(CARE_FOLLOWUPS[sentiment]), brand)


def normalise(text: str) -> str:
    """The form used to measure duplicates: lower-case, no accents/emoji/punctuation/digits,
    @handles, #tags and links removed."""
    t = re.sub(r"https?://\S+|[@#]\w[\w.-]*", " ", text.lower())
    t = strip_accents(_EMOJI_RE.sub(" ", t))
    t = re.sub(r"[^a-z]+", " ", t)
    return " ".join(t.split())
