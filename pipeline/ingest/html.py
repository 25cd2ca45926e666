"""HTML (portal pages, Word's "Save as Web Page"): the visible text as lines.

Parsed with lxml's HTML parser, which accepts the tag soup both kinds of page
are made of (``<p class=MsoNormal>``, ``<o:p>``, conditional comments). Block
elements (``p``, ``div``, ``h1``...``li``, ``br``) end a line; each table row is
one line with its cells joined by tabs; ``script``, ``style``, ``nav``,
``header``, ``footer``, ``aside``, ``form`` and the ``head`` are dropped.
Whitespace inside a block collapses to single spaces as a browser shows it,
except in ``pre``; a no-break space is a space.
"""
from __future__ import annotations

import re

import regex

from .errors import IngestError
from .text import decode_text

DROPPED = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
           "head", "title", "meta", "link", "iframe", "object", "svg", "button", "select", "option"}
BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "blockquote", "pre", "section", "article", "main", "center", "address", "figure",
          "figcaption", "table", "tbody", "thead", "tfoot", "caption", "hr", "body", "html", "fieldset"}
CELLS = {"td", "th"}

# The start of an HTML document: ``<!DOCTYPE html``, ``<html``, or a page
# fragment beginning with a common tag (``<meta``, ``<head``, ``<body``, ``<div``, ``<p``).
HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|div|p|table)[\s>/]",
                        re.IGNORECASE | re.DOTALL)
# ``<meta charset="windows-1258">`` / ``content="text/html; charset=utf-8"``.
META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
# ``<?xml version="1.0" encoding="utf-8"?>``: lxml refuses it in a decoded string.
XML_DECLARATION = regex.compile(r"^\s*<\?xml[^>]*\?>")
SPACES = regex.compile(r"[ \t\r\n\f\u00a0]+")


def is_html(data: bytes) -> bool:
    """Whether the bytes start like an HTML page.

    >>> is_html(b"<!DOCTYPE html><html><body><p>x</p></body></html>"), is_html(b"Ke hoach <b>")
    (True, False)
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return bool(HTML_START.match(head))


def decode_html(data: bytes) -> str:
    """Bytes -> str by the page's declared charset, else as a text file is decoded."""
    match = META_CHARSET.search(data[:4096])
    if match:
        try:
            return data.decode(match.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


class LineWriter:
    """Collects inline text into lines; blocks and rows end a line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def text(self, value: str, preformatted: bool = False) -> None:
        if value:
            self.current.append(value if preformatted else SPACES.sub(" ", value))

    def blank_line(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def end_line(self) -> None:
        line = "".join(self.current)
        self.current = []
        if "\n" in line:                    # preformatted text keeps its lines
            self.lines.extend(part.rstrip() for part in line.split("\n"))
        elif line.strip():
            self.lines.append(SPACES.sub(" ", line).strip())


def cell_text(cell) -> str:
    """A table cell's text on one line (its paragraphs joined by spaces)."""
    writer = LineWriter()
    walk(cell, writer)
    writer.end_line()
    return " ".join(line for line in writer.lines if line)


def walk(node, writer: LineWriter, preformatted: bool = False) -> None:
    writer.text(node.text or "", preformatted)
    for child in node:
        tag = child.tag.lower().split("}")[-1] if isinstance(child.tag, str) else None
        if tag is None or tag in DROPPED:        # comments, processing instructions, dropped parts
            pass
        elif tag == "br":
            writer.end_line()
        elif tag == "tr":
            writer.end_line()
            cells = [cell_text(c) for c in child if isinstance(c.tag, str) and c.tag.lower() in CELLS]
            if any(cells):
                writer.lines.append("\t".join(cells).rstrip("\t"))
        elif tag in BLOCKS:
            writer.end_line()
            before = len(writer.lines)
            walk(child, writer, preformatted or tag == "pre")
            writer.end_line()
            if tag == "p" and len(writer.lines) == before:
                writer.blank_line()             # <p>&nbsp;</p>: the space a reader sees
        else:
            walk(child, writer, preformatted)
        writer.text(child.tail or "", preformatted)


def read_html(data: bytes) -> str:
    """The visible text of an HTML page, one line per block or table row."""
    import lxml.html
    from lxml import etree

    text = XML_DECLARATION.sub("", decode_html(data), count=1)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError("corrupt_html", f"cannot parse the HTML page: {exc}") from exc
    body = root.find("body")
    writer = LineWriter()
    walk(body if body is not None else root, writer)
    writer.end_line()
    while writer.lines and writer.lines[-1] == "":
        writer.lines.pop()
    return "\n".join(writer.lines)
