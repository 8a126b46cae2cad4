"""Trust propagation algorithms: configured callables with ``to_json()``."""

from trust_engine.propagation.base import Propagation
from trust_engine.propagation.threshold import ThresholdTrust

# Earlier name of the default algorithm, kept so existing callers keep working.
SurplusTrust = ThresholdTrust

__all__ = ["Propagation", "SurplusTrust", "ThresholdTrust"]
