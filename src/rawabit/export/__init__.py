"""Export the stored graph: GEXF, GraphML, CSV, JSON Lines, Parquet.

Nodes are the actors of the selected edges (``kind``, ``name_ar``,
``name_en``); edges carry type, weights (evidence rows, independent articles,
outlets), first/last seen and the modality mix. CSV and Parquet also write the
evidence rows of those edges.
"""

from rawabit.export.writers import FORMATS, export, graph

__all__ = ["FORMATS", "export", "graph"]
