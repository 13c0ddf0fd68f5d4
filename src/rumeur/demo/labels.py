"""The demo's ground-truth sentiment follows the project's label guide
(``docs/crisis-set.md``, "Label guide"; its demo part: "The demo's ground truth"): the
label is the author's stance towards the brand, read from what the post says.

The generator draws a mood for each post, then writes text for it; where the written
post says something else than the mood drawn, the label is the post's, by these rules
(applied on what the generator wrote, never on what a model reads):

- a brand's own announcements, offers and promotions, its replies and statements are
  neutral, however enthusiastic (:data:`BRAND_VOICE`);
- news is neutral, whatever it reports (:data:`NEWS`);
- a post made of two statements takes the opinion when the other is neutral, and is
  neutral (mixed, as the demo's mixed reviews) when it both praises and complains
  (:func:`combined`);
- a question that reports a failure the author suffers (``plus de réseau depuis deux
  jours, vous pouvez regarder ?``) is negative; a question that only asks for
  information is neutral (:func:`question_label`).
"""

from __future__ import annotations

#: the label of what a brand's own accounts post (announcements, offers, promotions,
#: replies to customers, crisis statements)
BRAND_VOICE = "neu"
#: the label of news, whatever it reports
NEWS = "neu"


def combined(first: str, second: str) -> str:
    """The label of a post made of a statement labelled ``first`` and another labelled
    ``second`` (``pos`` / ``neg`` / ``neu``)."""
    if first == second or second == "neu":
        return first
    if first == "neu":
        return second
    return "neu"  # praise and complaint together: mixed


def question_label(template: str, drawn: str, failures: frozenset[str]) -> str:
    """The label of a question written from ``template`` for the mood ``drawn``:
    negative when the template reports a failure the author suffers (one of
    ``failures``), else the mood drawn."""
    return "neg" if template in failures else drawn
