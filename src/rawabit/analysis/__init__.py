"""Queries over the store: edges, timelines, reasons (why), contradictions, network measures, dedup.

Every query takes a read-only connection (:func:`rawabit.store.connect_ro`).
"""

from rawabit.analysis.contradictions import Contradiction, contradictions
from rawabit.analysis.edges import edges
from rawabit.analysis.network import network, signed_graph
from rawabit.analysis.resolve import resolve_actor
from rawabit.analysis.timeline import relations
from rawabit.analysis.why import Reason, why

__all__ = [
    "Contradiction",
    "Reason",
    "contradictions",
    "edges",
    "network",
    "relations",
    "resolve_actor",
    "signed_graph",
    "why",
]
