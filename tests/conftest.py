"""Shared test helpers: the ../shared data folder beside the repo, when present."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "data" / "dev"
SEED = DEV / "2021-09-13-aq-taliban.txt"

NER_DATA = SHARED / "data" / "ner"

needs_shared = pytest.mark.skipif(
    not DEV.is_dir(), reason="../shared/data is absent (a user's own clone): dev-set tests need it"
)
needs_ner_data = pytest.mark.skipif(
    not (NER_DATA / "anercorp" / "ANERCorp_CamelLab_train.txt").exists(),
    reason=f"NER corpora not found under {NER_DATA} (the shared data folder is absent)",
)
