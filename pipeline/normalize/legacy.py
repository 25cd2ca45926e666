"""Legacy font encodings inside a Unicode file: TCVN3 / VNI mojibake -> Unicode.

A plan typed in a TCVN3 (ABC) or VNI font, read as Windows-1252 and saved as
UTF-8, reaches us as ``Céng hoµ x· héi chñ nghÜa ViÖt Nam`` (TCVN3) or
``Coäng hoøa xaõ hoäi`` (VNI). This step, the first of normalize, converts such
a document with one edit per legacy unit through the offset map, so every span
still points at the mojibake characters of the original (``µ`` for ``à``, the two
characters ``oä`` for ``ộ``).

The decision is per document and needs strong evidence
(``pipeline/ingest/legacy.py``, ``choose_reading``); a Unicode document pays
one scan for the characters that only legacy text has in quantity
(``has_legacy_signature``). In a converted document a word that is
already genuine Unicode (``Việt``, or a known syllable the reading would spoil)
is left alone, so a Unicode header above a legacy body survives.

A file that ingest decoded from raw TCVN3 / VNI bytes is already Unicode here;
this step only records the warning for it.
"""
from __future__ import annotations

from ..document import Document
from ..ingest.legacy import choose_reading, has_legacy_signature, legacy_edits

# Encodings ingest reads from raw bytes (the original text is already Unicode).
RAW_LEGACY = {"tcvn3": "TCVN3", "vni": "VNI Windows"}

def convert_legacy(doc: Document) -> None:
    """Convert a TCVN3 / VNI mojibake document to Unicode (edits on ``doc.text``).

    >>> doc = Document("Céng hoµ x· héi chñ nghÜa ViÖt Nam\\n§éc lËp - Tù do - H¹nh phóc\\n")
    >>> convert_legacy(doc)
    >>> doc.text
    'Cộng hoà xã hội chủ nghĩa Việt Nam\\nĐộc lập - Tự do - Hạnh phúc\\n'
    >>> doc.source_encoding, doc.span(0, 4), doc.original[0:4]
    ('tcvn3-mojibake', Span(start=0, end=4), 'Céng')
    """
    if doc.source_encoding in RAW_LEGACY:
        doc.warn("legacy_encoding",
                 f"the file was in the legacy {RAW_LEGACY[doc.source_encoding]} font encoding; "
                 "it was decoded to Unicode")
        return
    if not has_legacy_signature(doc.text):
        return
    decision = choose_reading(doc.text)
    reading = decision.reading
    if reading is None:
        return
    edits = legacy_edits(doc.text, reading, keep_unicode=True)
    if not edits:
        return
    doc.rewrite(edits)
    doc.source_encoding = f"{reading.name}-mojibake"
    doc.warn("legacy_encoding",
             f"the text was typed in a legacy {reading.variant} font and saved as Windows-1252 "
             f"characters ({len(edits)} converted to Unicode; known Vietnamese words "
             f"{decision.before.share:.0%} before, {decision.after.share:.0%} after)")
