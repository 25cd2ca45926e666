"""normalize: original text -> working text, with an offset map back.

Steps, in order (each one a list of edits applied through the offset map):
1. ``unicode_edits``: NFC, line endings, odd spaces, control and zero-width chars.
2. ``unwrap_edits``: joins lines that were hard-wrapped at a fixed width (on the
   text as it was wrapped, Markdown marks included, so line lengths are true).
3. ``markdown_edits``: emphasis marks, heading hashes, escapes, lone ``|`` lines.
4. ``repair.repair``: OCR-noise repair (its own module).
"""
from __future__ import annotations

from ..document import Document
from . import repair as repair_module
from .markdown import markdown_edits
from .unicode import unicode_edits
from .unwrap import unwrap_edits


def normalize(doc: Document) -> None:
    doc.rewrite(unicode_edits(doc.text))
    doc.rewrite(unwrap_edits(doc.text))
    doc.rewrite(markdown_edits(doc.text))
    repair_module.repair(doc)
