"""Shared test fixtures: where the reference material is, and skipping when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MM7_SHARED", ROOT.parent / "shared"))
OFFICIAL_XSD = SHARED / "mm7-xsd"
CORPUS = SHARED / "corpus"

requires_shared = pytest.mark.skipif(
    not OFFICIAL_XSD.is_dir(),
    reason=f"reference material not found at {SHARED} (set MM7_SHARED to its location)",
)
