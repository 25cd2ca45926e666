"""segment (placeholder): whole text is the body."""
from __future__ import annotations

from .document import Document, Segments


def segment(doc: Document) -> None:
    doc.segments = Segments(header=(0, 0), body=(0, len(doc.text)), closing=(len(doc.text), len(doc.text)))
