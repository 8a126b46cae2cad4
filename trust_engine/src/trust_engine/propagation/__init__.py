"""Trust propagation algorithms: configured callables with ``to_json()``."""

from trust_engine.propagation.base import Propagation
from trust_engine.propagation.surplus import SurplusTrust

__all__ = ["Propagation", "SurplusTrust"]
