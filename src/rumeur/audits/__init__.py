"""Audits: the brand's own conduct and trust factors held against the public's red lines,
and the authenticity of what the public seems to say.

Each audit returns findings with their evidence (the sentence, element or mentions that
justify them), so every verdict can be checked by a person:

- :mod:`rumeur.audits.site`: the trust factors of a brand's website (legal pages and their
  freshness, cookies and trackers before consent, security headers).
- :mod:`rumeur.audits.authenticity`: fake praise, coordinated campaigns and review
  manipulation (near-duplicate texts across accounts, coordination within a short
  interval, fresh one-off accounts, rating bursts, reply rings).
"""
