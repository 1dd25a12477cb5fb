"""Training and measuring the learned parts of Rawabit; extraction never imports this package.

- :mod:`.relations`: the relation typer (:mod:`rawabit.extraction.pairs`) trained on gold articles
- :mod:`.ner`, :mod:`.ner_eval`, :mod:`.corpora`, :mod:`.clusters`: the NER tagger
  (:mod:`rawabit.ner`), its training corpora, word clusters and scoring (``docs/ner.md``)
- :mod:`.cli`: ``rawabit train-relations``, ``train-ner`` and ``ner-eval``
"""
