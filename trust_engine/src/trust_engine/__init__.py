"""trust_engine: personalized, sybil-resistant trust propagation with explanations.

Pure numpy/scipy; never imports Django. Start with :class:`TrustGraph`.
"""

from trust_engine.explain import Path
from trust_engine.graph import RankResult, TrustGraph, ViewerEdges
from trust_engine.propagation import Propagation, SurplusTrust, ThresholdTrust

__all__ = [
    "Path",
    "Propagation",
    "RankResult",
    "SurplusTrust",
    "ThresholdTrust",
    "TrustGraph",
    "ViewerEdges",
]
