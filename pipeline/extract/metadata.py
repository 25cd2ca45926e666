"""metadata (placeholder)."""
from __future__ import annotations

from ..document import Document


def extract(doc: Document) -> None:
    return None
