"""Turn overlapping item spans into properly nested ``<mark>`` elements.

HTML elements must nest, spans need not: a target can sit inside a section
heading, a citation inside a legal-basis item, and two items can cross
(``[a (b] c)``). The text is cut at every span boundary and walked once with a
stack of open marks. A mark that must close while marks opened after it are
still open closes them first and reopens them as *continuations*. So every item
has exactly one *first* piece, which carries its ``data-kind``, ``data-start``,
``data-end`` and id; continuation pieces carry only the item's colour and a
reference to it.

    "I. MỤC TIÊU"  section 0..11, target 3..11, warning 0..5
    -> <mark section><mark warning>I. <mark target>MỤ</mark></mark><cont target>C TIÊU</cont></mark>

A zero-width span (a warning at a point) becomes an empty mark; a page break
of a PDF becomes a page anchor. Neither adds characters, so the text of the
page is exactly the original text.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..export.items import KINDS, Item

KIND_ORDER = {kind.name: n for n, kind in enumerate(KINDS)}


@dataclass
class Mark:
    """One piece of an item's highlight; ``first`` is the piece that stands for the item."""

    item: Item
    first: bool
    children: list = field(default_factory=list)
    tag = "mark"


@dataclass(frozen=True)
class PageAnchor:
    """Where page ``page`` of a PDF starts in the text."""

    page: int
    tag = "page"


def placeable(items: list[Item], length: int) -> tuple[list[Item], list[Item]]:
    """(items whose span lies inside a text of ``length``, the others).

    >>> good = Item("target", 0, {}, {"start": 2, "end": 4})
    >>> outside = Item("target", 1, {}, {"start": 2, "end": 40})
    >>> nowhere = Item("warning", 0, {}, None)
    >>> [[i.key for i in part] for part in placeable([good, outside, nowhere], 10)]
    [['target-0'], ['target-1', 'warning-0']]
    """
    inside, other = [], []
    for item in items:
        ok = item.span is not None and 0 <= item.start <= item.end <= length
        (inside if ok else other).append(item)
    return inside, other


def page_starts(text: str) -> dict[int, int]:
    """Offset -> page number for pages 2.. of a PDF text (pages are joined by a form feed).

    >>> page_starts("one\\ftwo\\fthree")
    {4: 2, 8: 3}
    """
    starts, page = {}, 1
    for offset, char in enumerate(text):
        if char == "\f":
            page += 1
            starts[offset + 1] = page
    return starts


def nest(text: str, items: list[Item], anchors: dict[int, int] | None = None) -> list:
    """The text as a list of strings, ``Mark`` and ``PageAnchor`` nodes (marks hold children).

    Items must be placeable (see ``placeable``). An outer item opens before an
    inner one starting at the same offset (the longer span first).

    >>> section = Item("section", 0, {}, {"start": 0, "end": 11})
    >>> target = Item("target", 0, {}, {"start": 3, "end": 11})
    >>> warning = Item("warning", 0, {}, {"start": 0, "end": 5})
    >>> print(outline(nest("I. MỤC TIÊU", [section, target, warning])))
    <section-0>|<warning-0>|I. |<target-0>|MỤ|</>|</>|<~target-0>|C TIÊU|</>|</>
    """
    opening: dict[int, list[Item]] = defaultdict(list)
    closing: dict[int, set[str]] = defaultdict(set)
    empty: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        if item.start == item.end:
            empty[item.start].append(item)
        else:
            opening[item.start].append(item)
            closing[item.end].add(item.key)
    anchors = anchors or {}
    bounds = sorted({0, len(text), *opening, *closing, *empty, *anchors})

    root: list = []
    stack: list[Mark] = []

    def add(node) -> None:
        (stack[-1].children if stack else root).append(node)

    cursor = 0
    for pos in bounds:
        if pos > cursor:
            add(text[cursor:pos])
        cursor = pos
        ending = closing.get(pos, set())
        if ending:
            reopen: list[Item] = []
            while ending & {mark.item.key for mark in stack}:
                mark = stack.pop()
                if mark.item.key not in ending:
                    reopen.append(mark.item)
            for item in reversed(reopen):          # outermost first
                piece = Mark(item, first=False)
                add(piece)
                stack.append(piece)
        if pos in anchors:
            add(PageAnchor(anchors[pos]))
        for item in empty.get(pos, []):
            add(Mark(item, first=True))
        for item in sorted(opening.get(pos, []), key=lambda i: (-i.end, KIND_ORDER[i.kind], i.index)):
            mark = Mark(item, first=True)
            add(mark)
            stack.append(mark)
    return root


def outline(nodes: list) -> str:
    """A compact picture of a node list, for tests: ``<key>`` opens, ``<~key>`` continues, ``</>`` closes."""
    parts: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, PageAnchor):
            parts.append(f"[page {node.page}]")
        else:
            parts.append(f"<{'' if node.first else '~'}{node.item.key}>")
            for child in node.children:
                walk(child)
            parts.append("</>")

    for node in nodes:
        walk(node)
    return "|".join(parts)
