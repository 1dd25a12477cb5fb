"""Training and measuring the learned parts of Rawabit; extraction never imports this package.

- :mod:`.train`: ``rawabit train``, every shipped learned file rebuilt from the shared data
- :mod:`.pairs`: the pair model (:mod:`rawabit.extraction.pairs`) and the actor-listing model
  (:mod:`rawabit.extraction.salience`) trained on gold articles; :mod:`.priors`: the corpus priors
- :mod:`.folds`: ``rawabit eval --folds K``, out-of-fold scores and the learning curve
- :mod:`.learners`: other learners on the same features (LightGBM, a small network), for comparison
- :mod:`.kb`: the actors of gold articles that the knowledge base lacks, as actor-file entries
  (``data/actors/60-train-gold.yaml``)
- :mod:`.ner`, :mod:`.ner_eval`, :mod:`.corpora`, :mod:`.clusters`: the NER tagger
  (:mod:`rawabit.ner`), its training corpora, word clusters and scoring (``docs/ner.md``)
- :mod:`.cli`: ``rawabit train``, ``train-ner`` and ``ner-eval``
"""
