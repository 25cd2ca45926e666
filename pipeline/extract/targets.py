"""targets extractor (placeholder until its issue lands): leaves the contract's empty value."""
from __future__ import annotations

from ..document import Document


def extract(doc: Document) -> None:
    return None
