"""Training and measuring the learned parts of Rawabit; extraction never imports this package.

- :mod:`.relations`: the relation typer (:mod:`rawabit.extraction.pairs`) trained on gold articles
- :mod:`.kb`: the actors of gold articles that the knowledge base lacks, as actor-file entries
  (``data/actors/60-train-gold.yaml``, ``tools/build_train_actors.py``)
- :mod:`.ner`, :mod:`.ner_eval`, :mod:`.corpora`, :mod:`.clusters`: the NER tagger
  (:mod:`rawabit.ner`), its training corpora, word clusters and scoring (``docs/ner.md``)
- :mod:`.cli`: ``rawabit train-relations``, ``train-ner`` and ``ner-eval``
"""
