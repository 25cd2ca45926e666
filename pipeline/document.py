"""The Document that flows through the stages, and the small value types it carries.

The original text is never changed. Stages that rewrite text (normalize, repair)
produce a new *working* text together with an :class:`OffsetMap` that sends every
working-text position back to a position in the original. Extractors search the
working text and report spans in ORIGINAL offsets through :meth:`Document.span`.
"""
from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field
from typing import Any, Iterable


@dataclass(frozen=True)
class Span:
    """Half-open character range ``[start, end)`` into the original text."""

    start: int
    end: int

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end}


# Severity of a warning by its code. ``info``: a routine repair the reader may
# skip (one per repaired word); ``warning``: a doubt a reviewer should look at;
# ``error``: a part of the document that could not be read. Codes not listed
# are warnings.
SEVERITY_BY_CODE = {
    "ocr_repair": "info",
    "legacy_encoding": "info",
    "ocr_page": "info",
    "page_failed": "error",
    "page_timeout": "error",
    "pages_skipped": "error",
    "low_ocr_confidence": "warning",
}
SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True)
class Warning_:
    """A recoverable problem: something repaired, doubted or not parsed."""

    code: str
    message: str
    span: Span | None = None
    severity: str = ""

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", SEVERITY_BY_CODE.get(self.code, "warning"))
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity {self.severity!r} is not one of {SEVERITIES}")

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "span": self.span.to_dict() if self.span else None,
        }


@dataclass(frozen=True)
class PageWord:
    """A word on a page: its ORIGINAL range ``[start, end)``, page (1-based), box
    ``(x0, top, x1, bottom)`` in PDF points from the page's top-left corner, and
    its OCR confidence (0-100; None for a word of a text layer)."""

    start: int
    end: int
    page: int
    bbox: tuple[float, float, float, float]
    conf: float | None = None


@dataclass(frozen=True)
class Edit:
    """Replace working-text ``[start, end)`` by ``replacement``."""

    start: int
    end: int
    replacement: str


def without_overlaps(edits: Iterable[Edit]) -> list[Edit]:
    """Edits sorted by position; of two overlapping edits the earlier (then longer) one stays."""
    kept: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, -e.end)):
        if kept and edit.start < kept[-1].end:
            continue
        kept.append(edit)
    return kept


# The offsets' machine type: 32-bit ("i"), as a document is refused past 50 MB
# long before its offsets pass 2**31; half the memory of 64-bit offsets.
OFFSET_TYPE = "i"


class OffsetMap:
    """Maps every character of a derived text back to its source in the original.

    ``starts[i]`` and ``ends[i]`` give the original range that derived character
    ``i`` came from (one extra ``starts`` entry maps the end of the text). A
    replacement spreads its new characters over the replaced original run; an
    inserted character maps to an empty range where it was inserted.

    >>> m = OffsetMap.identity(5)
    >>> text, m2 = m.apply("abcde", [Edit(1, 3, "X")])
    >>> text
    'aXde'
    >>> m2.span(1, 2)   # 'X' came from original 'bc'
    (1, 3)
    >>> m2.span(2, 4)   # 'de'
    (3, 5)
    >>> text, m3 = m2.apply(text, [Edit(4, 4, "**")])   # marks after the end
    >>> m3.span(0, 4)   # 'aXde' still ends where 'e' ends
    (0, 5)
    """

    __slots__ = ("starts", "ends")

    def __init__(self, starts: array, ends: array):
        self.starts = starts
        self.ends = ends

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        import numpy                    # one C loop instead of millions of Python ints
        starts = array(OFFSET_TYPE)
        starts.frombytes(numpy.arange(length + 1, dtype=numpy.int32).tobytes())
        return cls(starts, starts[1:])

    def __len__(self) -> int:
        return len(self.ends)

    def to_working(self, original_offset: int) -> int:
        """The first derived position whose source starts at or after ``original_offset``."""
        return bisect.bisect_left(self.starts, original_offset)

    def to_original(self, pos: int) -> int:
        pos = min(max(pos, 0), len(self.starts) - 1)
        return self.starts[pos]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` covering the derived range ``[start, end)``."""
        o_start = self.to_original(start)
        if end <= start:
            return o_start, o_start
        end = min(end, len(self.ends))
        return o_start, max(self.ends[end - 1], o_start)

    def apply(self, text: str, edits: Iterable[Edit]) -> tuple[str, "OffsetMap"]:
        """Apply non-overlapping edits to ``text``; return the new text and its map."""
        edits = sorted(edits, key=lambda e: (e.start, e.end))
        parts: list[str] = []
        starts, ends = array(OFFSET_TYPE), array(OFFSET_TYPE)
        cursor = 0
        for edit in edits:
            if edit.start < cursor:
                raise ValueError(f"overlapping edit at {edit.start}")
            parts.append(text[cursor:edit.start])
            starts.extend(self.starts[cursor:edit.start])
            ends.extend(self.ends[cursor:edit.start])
            parts.append(edit.replacement)
            n_old, n_new = edit.end - edit.start, len(edit.replacement)
            if n_old == n_new:
                starts.extend(self.starts[edit.start:edit.end])
                ends.extend(self.ends[edit.start:edit.end])
            elif n_new:
                run_start = self.starts[edit.start]
                run_end = self.ends[edit.end - 1] if n_old else run_start
                width = run_end - run_start
                for k in range(n_new):
                    starts.append(run_start + (k * width) // n_new)
                    ends.append(run_end if k == n_new - 1 else run_start + ((k + 1) * width) // n_new)
            cursor = edit.end
        parts.append(text[cursor:])
        starts.extend(self.starts[cursor:])
        ends.extend(self.ends[cursor:])
        return "".join(parts), OffsetMap(starts, ends)


@dataclass
class Section:
    """A numbered item of the outline (``I.``, ``1.``, ``a)``, ``Phụ lục II``)."""

    label: str
    level: int
    title: str
    kind: str
    span: Span
    numbering: str = ""          # the numbering family: roman, arabic, multi, letter, ...
    children: list["Section"] = field(default_factory=list)
    path: str = ""               # label path from the root, e.g. "IV.2.a"
    body_end: int = 0            # original offset where this section's content ends

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "level": self.level,
            "title": self.title,
            "kind": self.kind,
            "path": self.path,
            "span": self.span.to_dict(),
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class Segments:
    """Where the parts of a Decree-30 layout sit, as working-text ranges."""

    header: tuple[int, int] = (0, 0)
    body: tuple[int, int] = (0, 0)
    closing: tuple[int, int] = (0, 0)
    tail: tuple[int, int] = (0, 0)       # after the closing: appendices
    # A document attached to a decision that issues it ("KẾ HOẠCH" / "(Kèm theo
    # Quyết định số ...)" after the decision's articles): from its type line to
    # the end of the text; (0, 0) when there is none. It lies inside body or tail.
    attached: tuple[int, int] = (0, 0)


@dataclass
class Document:
    """One input document and everything extracted from it so far."""

    original: str
    source_file: str | None = None
    source_format: str = "text"
    pages: int | None = None
    page_starts: list[int] = field(default_factory=list)   # original offset of each page
    words: list[PageWord] = field(default_factory=list)     # page words by start (PDF, OCR): bbox of spans
    sha256: str = ""
    # How the file's bytes became text: utf-8, utf-16, cp1258, tcvn3, vni (set by
    # ingest), or tcvn3-mojibake / vni-mojibake (set by normalize); None for a str input.
    source_encoding: str | None = None

    text: str = ""                       # working text (normalized, repaired)
    offsets: OffsetMap | None = None     # working -> original

    segments: Segments = field(default_factory=Segments)
    metadata: dict[str, Any] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)    # roots of the tree
    flat_sections: list[Section] = field(default_factory=list)
    legal_basis: list = field(default_factory=list)
    citations: list = field(default_factory=list)
    budget: dict[str, list] = field(
        default_factory=lambda: {"items": [], "totals": [], "tables": [], "checks": []}
    )
    targets: list = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    # Signals about the input as a whole (is it a plan, which header parts were
    # found, per-page OCR decisions, ...): filled by the stages, see output.py.
    quality: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # ingest/text.py hands over the decoded text tagged with its encoding
        if self.source_encoding is None:
            self.source_encoding = getattr(self.original, "encoding", None)
        if type(self.original) is not str:
            self.original = str(self.original)
        if not self.text:
            self.text = self.original
        if self.offsets is None:
            self.offsets = OffsetMap.identity(len(self.text))

    # -- offsets -------------------------------------------------------
    def span(self, start: int, end: int) -> Span:
        """The ORIGINAL span of the working-text range ``[start, end)``."""
        s, e = self.offsets.span(start, end)
        return Span(s, e)

    def rewrite(self, edits: Iterable[Edit]) -> None:
        """Apply edits to the working text, keeping the map to the original."""
        edits = list(edits)
        if edits:
            self.text, self.offsets = self.offsets.apply(self.text, edits)

    def warn(self, code: str, message: str, start: int | None = None, end: int | None = None) -> None:
        """Record a warning; ``start``/``end`` are working-text offsets."""
        span = self.span(start, end) if start is not None and end is not None else None
        self.warnings.append(Warning_(code, message, span))

    def warn_span(self, code: str, message: str, span: Span | None) -> None:
        """Record a warning whose span is already in original offsets."""
        self.warnings.append(Warning_(code, message, span))

    def content_ranges(self) -> list[tuple[int, int]]:
        """Working ranges that hold the document's content: body and tail (the
        whole text before the segment stage has run)."""
        ranges = [r for r in (self.segments.body, self.segments.tail) if r[1] > r[0]]
        return ranges or [(0, len(self.text))]

    def page_of(self, original_offset: int) -> int | None:
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, original_offset)

    def words_in(self, start: int, end: int) -> list[PageWord]:
        """The page words overlapping the ORIGINAL range ``[start, end)`` (the word
        at ``start`` for an empty range)."""
        i = bisect.bisect_right(self.words, start, key=lambda w: w.end)
        found = []
        for word in self.words[i:]:
            if word.start >= max(end, start + 1):
                break
            found.append(word)
        return found

    def bbox(self, start: int, end: int) -> list[float] | None:
        """The box around the words of ``[start, end)`` on the page where it starts."""
        words = self.words_in(start, end)
        if not words:
            return None
        page = words[0].page
        boxes = [w.bbox for w in words if w.page == page]
        return [min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes)]

    # -- outline lookups ------------------------------------------------
    def section_chain(self, original_offset: int) -> list[Section]:
        """The sections containing the offset, outermost first (``I``, ``I.2``, ``I.2.a``).

        Found by bisecting the sections' starts and climbing to the parents (the
        outline is read once per document; extractors ask for every number).
        """
        starts, parents = self._outline_index()
        k = bisect.bisect_right(starts, original_offset) - 1
        chain = []
        while k >= 0:
            sec = self.flat_sections[k]
            if original_offset < max(sec.body_end, sec.span.end):
                chain.append(sec)
            k = parents[k]
        return chain[::-1]

    def _outline_index(self) -> tuple[list[int], list[int]]:
        """Section starts in outline order, and for each section the index of the
        section whose range holds its start (-1: none), found by one sweep."""
        key = (id(self.flat_sections), len(self.flat_sections))
        if getattr(self, "_outline_key", None) != key:
            parents = [-1] * len(self.flat_sections)
            open_: list[int] = []
            for k, sec in enumerate(self.flat_sections):
                while open_ and self._section_end(open_[-1]) <= sec.span.start:
                    open_.pop()
                parents[k] = open_[-1] if open_ else -1
                open_.append(k)
            self._outline_cache = ([sec.span.start for sec in self.flat_sections], parents)
            self._outline_key = key
        return self._outline_cache

    def _section_end(self, k: int) -> int:
        sec = self.flat_sections[k]
        return max(sec.body_end, sec.span.end)

    def section_at(self, original_offset: int) -> Section | None:
        """The innermost section containing the offset."""
        chain = self.section_chain(original_offset)
        return chain[-1] if chain else None

    def section_path_at(self, original_offset: int) -> str | None:
        sec = self.section_at(original_offset)
        return sec.path if sec else None

    def section_kind_at(self, original_offset: int) -> str | None:
        sec = self.section_at(original_offset)
        return sec.kind if sec else None
