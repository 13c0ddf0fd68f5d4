"""The demo corpus: three fictional French operators over 90 days.

Placeholder docstring, completed below.
"""

from rumeur.demo.brands import BRANDS
from rumeur.demo.generator import DemoCorpus, generate

__all__ = ["BRANDS", "DemoCorpus", "generate"]
