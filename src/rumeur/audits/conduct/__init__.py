"""The brand conduct audit (``rumeur audit conduct``): the brand's own behaviour held
against the public's red lines, each finding with its figures and evidence.

Rules (see docs/audits.md): ``frequency``, ``unsolicited``, ``wall_spam``,
``promo_share``, ``copy_paste``, ``response``, ``data_use``, ``fake_customers``; a 0-100
score whose weights are :data:`WEIGHTS`.
"""

from rumeur.audits.conduct.audit import audit_conduct
from rumeur.audits.conduct.context import ConductSettings
from rumeur.audits.conduct.model import RULES, WEIGHTS, ConductAudit, Finding

__all__ = ["RULES", "WEIGHTS", "ConductAudit", "ConductSettings", "Finding", "audit_conduct"]
