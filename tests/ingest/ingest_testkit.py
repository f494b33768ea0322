"""Paths and names shared by the ingest tests."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS_TEXTS = REPO / "corpus" / "texts"
SEED_PDF = REPO / "tests" / "fixtures" / "measures-seed.pdf"
MEASURES = "sh-ftz-measures-2025"
