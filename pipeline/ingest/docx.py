"""Word ``.docx``: paragraphs and tables in document order, as plain lines.

A ``.docx`` is a zip of XML parts; ``word/document.xml`` holds the body. Each
paragraph is one line; each table row is one line with its cells joined by
tabs (the budget reader reads tab-separated rows). Word's automatic numbering
(``w:numPr``) keeps its labels in ``word/numbering.xml``, not in the text; they
are rendered into the line (``I.``, ``1.``, ``a)``) because the outline reader
needs them. Headers, footers, comments, deleted text and field codes are left
out.

Bounded: parts larger than ``MAX_PART_BYTES`` uncompressed are refused before
they are inflated (a zip bomb), and XML entities are not expanded.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from .errors import IngestError

ZIP_MAGIC = b"PK\x03\x04"
MAX_PART_BYTES = 64 * 1024 * 1024

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML tag: ``w("p")`` -> ``{...main}p``."""
    return f"{{{W}}}{tag}"


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC)


# -- numbering -----------------------------------------------------------------

def roman(n: int) -> str:
    """Roman numerals for upperRoman / lowerRoman lists.

    >>> roman(14), roman(2024)
    ('XIV', 'MMXXIV')
    """
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def letters(n: int) -> str:
    """Word's letter numbering: 1 -> a, 26 -> z, 27 -> aa.

    >>> letters(1), letters(4), letters(27)
    ('a', 'd', 'aa')
    """
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One level's number in Word's ``numFmt``.

    >>> [format_number(3, f) for f in ("decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman")]
    ['3', 'c', 'C', 'iii', 'III']
    """
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."        # ``%1.``, ``%1.%2.``, ``%1)``, a bullet character
    legal: bool = False      # ``w:isLgl``: every level shown as decimal


@dataclass
class Numbering:
    """Levels of each list (``numId``) and the running counters."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the list's counter at ``ilvl`` and render its label."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return bullet(level.text)
        text = level.text
        for k in range(9, -1, -1):
            if f"%{k + 1}" in text:
                lvl = levels.get(k, Level())
                n = counts.get(k, lvl.start)
                text = text.replace(f"%{k + 1}", format_number(n, "decimal" if level.legal else lvl.fmt))
        return text


def bullet(symbol: str) -> str:
    """A bullet as text: symbol-font characters (private use area) become ``•``."""
    if not symbol or any(0xF000 <= ord(ch) <= 0xF0FF for ch in symbol):
        return "•"
    return symbol


def attr(element, path: str, default: str | None = None) -> str | None:
    """``w:val`` of the first ``path`` child, e.g. ``attr(lvl, "w:numFmt")``."""
    found = element.find(path, {"w": W}) if element is not None else None
    return found.get(w("val"), default) if found is not None else default


def read_numbering(root) -> Numbering:
    numbering = Numbering()
    if root is None:
        return numbering
    abstract: dict[str, dict[int, Level]] = {}
    for node in root.iterfind("w:abstractNum", {"w": W}):
        levels = {}
        for lvl in node.iterfind("w:lvl", {"w": W}):
            levels[int(lvl.get(w("ilvl"), "0"))] = Level(
                start=int(attr(lvl, "w:start", "1") or 1),
                fmt=attr(lvl, "w:numFmt", "decimal") or "decimal",
                text=attr(lvl, "w:lvlText", "") or "",
                legal=lvl.find("w:isLgl", {"w": W}) is not None,
            )
        abstract[node.get(w("abstractNumId"), "")] = levels
    for num in root.iterfind("w:num", {"w": W}):
        levels = dict(abstract.get(attr(num, "w:abstractNumId", "") or "", {}))
        for override in num.iterfind("w:lvlOverride", {"w": W}):
            ilvl = int(override.get(w("ilvl"), "0"))
            start = attr(override, "w:startOverride")
            if start is not None and ilvl in levels:
                old = levels[ilvl]
                levels[ilvl] = Level(int(start), old.fmt, old.text, old.legal)
        numbering.levels[num.get(w("numId"), "")] = levels
    return numbering


def style_numbering(styles_root) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry numbering (``Heading 1`` numbered ``I.``): id -> (numId, ilvl)."""
    if styles_root is None:
        return {}
    own: dict[str, tuple[str | None, int | None]] = {}
    based_on: dict[str, str] = {}
    for style in styles_root.iterfind("w:style", {"w": W}):
        sid = style.get(w("styleId"), "")
        num_pr = style.find("w:pPr/w:numPr", {"w": W})
        if num_pr is not None:
            ilvl = attr(num_pr, "w:ilvl")
            own[sid] = (attr(num_pr, "w:numId"), int(ilvl) if ilvl is not None else None)
        parent = attr(style, "w:basedOn")
        if parent:
            based_on[sid] = parent
    resolved: dict[str, tuple[str, int]] = {}
    for sid in set(own) | set(based_on):
        num_id, ilvl, cur, seen = None, None, sid, set()
        while cur and cur not in seen:
            seen.add(cur)
            c_num, c_ilvl = own.get(cur, (None, None))
            num_id = num_id or c_num
            ilvl = ilvl if ilvl is not None else c_ilvl
            cur = based_on.get(cur)
        if num_id:
            resolved[sid] = (num_id, ilvl or 0)
    return resolved


# -- body ----------------------------------------------------------------------

# Elements whose text is not part of the printed body.
SKIPPED = {w("delText"), w("instrText"), w("commentReference"), w("footnoteReference"),
           w("endnoteReference"), f"{{{MC}}}Fallback"}


class BodyReader:
    """Walks ``w:body`` and renders paragraphs and table rows as lines."""

    def __init__(self, numbering: Numbering, styles: dict[str, tuple[str, int]]):
        self.numbering = numbering
        self.styles = styles

    def lines(self, body) -> list[str]:
        out: list[str] = []
        for child in body:
            self.block(child, out)
        return out

    def block(self, node, out: list[str]) -> None:
        if node.tag == w("p"):
            out.append(self.paragraph(node))
        elif node.tag == w("tbl"):
            out.extend(self.table(node))
        elif node.tag in (w("sdt"), w("customXml"), w("sdtContent")):
            for child in node:
                self.block(child, out)

    def paragraph(self, p) -> str:
        label = self.list_label(p)
        text = run_text(p)
        if label and text.strip():
            return f"{label} {text.lstrip()}"
        return text

    def list_label(self, p) -> str:
        num_pr = p.find("w:pPr/w:numPr", {"w": W})
        if num_pr is not None:
            num_id = attr(num_pr, "w:numId")
            ilvl = int(attr(num_pr, "w:ilvl", "0") or 0)
        else:
            style = attr(p, "w:pPr/w:pStyle")
            num_id, ilvl = self.styles.get(style or "", (None, 0))
        if not num_id or num_id == "0":
            return ""
        return self.numbering.label(num_id, ilvl)

    def table(self, tbl) -> list[str]:
        rows = []
        for tr in tbl.iterfind("w:tr", {"w": W}):
            cells = []
            for tc in tr.iterfind("w:tc", {"w": W}):
                parts: list[str] = []
                for child in tc:
                    self.block(child, parts)
                cells.append(" ".join(" ".join(part.split()) for part in parts if part.strip()))
            rows.append("\t".join(cells).rstrip("\t"))   # trailing empty cells say nothing
        return rows


def run_text(node) -> str:
    """The printed text under a paragraph: ``w:t``, tabs, breaks; nothing from SKIPPED."""
    parts: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if tag in SKIPPED:
                continue
            if tag == w("t"):
                parts.append(child.text or "")
            elif tag == w("tab"):
                parts.append("\t")
            elif tag in (w("br"), w("cr")):
                parts.append("\n")
            elif tag == w("noBreakHyphen"):
                parts.append("-")
            elif tag == w("pPr"):
                continue
            else:
                walk(child)

    walk(node)
    return "".join(parts)


def read_part(archive: zipfile.ZipFile, name: str):
    """Parse one XML part (None when absent), refusing parts that inflate past the limit."""
    from lxml import etree

    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise IngestError("too_large", f"{name} inflates to {info.file_size:,} bytes; "
                                       f"the limit is {MAX_PART_BYTES:,}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    with archive.open(name) as fh:
        data = fh.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise IngestError("too_large", f"{name} inflates past {MAX_PART_BYTES:,} bytes")
    return etree.fromstring(data, parser)


def read_docx(data: bytes, name: str | None = None) -> str:
    """The text of a ``.docx`` (one line per paragraph or table row)."""
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError("corrupt_docx", f"a damaged zip archive, not a readable Word .docx: {exc}") from exc
    with archive:
        try:
            document = read_part(archive, "word/document.xml")
            if document is None:
                raise IngestError("corrupt_docx", "a zip archive without word/document.xml: not a Word .docx file")
            numbering = read_numbering(read_part(archive, "word/numbering.xml"))
            styles = style_numbering(read_part(archive, "word/styles.xml"))
        except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, EOFError, ValueError) as exc:
            raise IngestError("corrupt_docx", f"the Word file is damaged: {type(exc).__name__}: {exc}") from exc
    body = document.find("w:body", {"w": W})
    if body is None:
        raise IngestError("corrupt_docx", "word/document.xml has no body")
    return "\n".join(BodyReader(numbering, styles).lines(body))
