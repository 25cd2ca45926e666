"""OCR-noise repair (placeholder until its issue lands): no edits."""
from __future__ import annotations

from ..document import Document


def repair(doc: Document) -> None:
    return None
