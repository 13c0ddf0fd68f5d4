"""Audits: findings with their evidence, each a sub-package or module of its own.

- :mod:`rumeur.audits.authenticity`: fake praise, coordinated campaigns and review
  manipulation (near-duplicate texts across accounts, coordination within a short
  interval, fresh one-off accounts, rating bursts, reply rings).

This package imports nothing on its own: each audit is loaded when asked for.
"""
