"""normalize: original text -> working text, with an offset map back.

Steps, in order (each one a list of edits applied through the offset map):
1. ``unicode_edits``: NFC, line endings, odd spaces, control and zero-width chars.
2. One reader for the way the text was written down, chosen from its content:
   - Markdown (``markdown_edits``): blocks and soft wraps as CommonMark reads
     them, tables to rows, inline marks removed;
   - page layout as ``pdftotext -layout`` writes it (``layout_edits``):
     wrapped lines joined, column gaps to tabs, indentation dropped;
   - plain text (``unwrap_edits``): lines hard-wrapped at a fixed width joined.
3. ``numbers.repair_numbers``: digits OCR read as letters (``S.000``), then
   ``repair.repair``: OCR-noise repair of words (its own module).

After step 2 every text has the same line semantics: one line per paragraph,
heading or table row, table cells separated by tabs.
"""
from __future__ import annotations

from ..document import Document
from . import repair as repair_module
from .layout import is_laid_out, layout_edits
from .legacy import convert_legacy
from .markdown import is_markdown, markdown_edits
from .numbers import repair_numbers
from .unicode import unicode_edits
from .unwrap import unwrap_edits


def text_form(text: str) -> str:
    """How the text was written down: ``markdown``, ``layout`` or ``plain``."""
    if is_markdown(text):
        return "markdown"
    if is_laid_out(text):
        return "layout"
    return "plain"


READERS = {"markdown": markdown_edits, "layout": layout_edits, "plain": unwrap_edits}


def normalize(doc: Document) -> None:
    convert_legacy(doc)          # TCVN3 / VNI mojibake -> Unicode (normalize/legacy.py)
    doc.rewrite(unicode_edits(doc.text))
    form = text_form(doc.text)
    doc.quality["text_form"] = form
    doc.rewrite(READERS[form](doc.text))
    if repair_module.ENABLED:
        repair_numbers(doc)
    repair_module.repair(doc)
