"""Render the review pages: one per output, and the batch index, with Jinja2.

Every page is one HTML file that opens from disk: styles, scripts and the
Plotly library are inlined, page images are files beside the page, and a
Content-Security-Policy forbids fetching anything from the network. All text
of a document goes through Jinja2's autoescaping.
"""
from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..export.items import KIND_BY_NAME, KINDS, Item, all_items
from ..export.outdir import Entry
from ..export.tables import document_budget
from .charts import Chart, ocr_confidences, plotly_js
from .formatting import clip, money
from .highlight import nest, page_starts, placeable
from .sources import Original

SUMMARY_CHARS = 90      # characters of an item's one-line summary in the side panel


def summary(item: Item) -> str:
    """What the side panel shows for an item, in one line.

    >>> summary(Item("legal_basis", 0, {"doc_type": "Nghị định", "number": "64/2007/NĐ-CP"}, None))
    'Nghị định 64/2007/NĐ-CP'
    >>> summary(Item("target", 0, {"comparator": ">=", "value": 90.0, "unit": "%", "text": "90% hồ sơ"}, None))
    '≥ 90 % — 90% hồ sơ'
    """
    f = item.fields
    if item.kind in ("legal_basis", "citation"):
        return clip(" ".join(str(f[k]) for k in ("doc_type", "number") if f.get(k)) or f.get("text"), SUMMARY_CHARS)
    if item.kind == "section":
        return clip(f"{f.get('path') or f.get('label')}. {f.get('title') or ''}", SUMMARY_CHARS)
    if item.kind == "budget_item":
        return clip(f"{money(f.get('amount_vnd'))} — {f.get('name') or ''}", SUMMARY_CHARS)
    if item.kind == "budget_total":
        return clip(f"{money(f.get('amount_vnd'))} — {f.get('label') or ''}", SUMMARY_CHARS)
    if item.kind == "target":
        sign = {"=": "", ">": "> ", ">=": "≥ ", "<": "< ", "<=": "≤ "}.get(f.get("comparator"), "")
        value = f.get("value")
        shown = f"{value:g}" if isinstance(value, (int, float)) else str(value)
        return clip(f"{sign}{shown} {f.get('unit') or ''} — {f.get('text') or ''}", SUMMARY_CHARS)
    if item.kind == "warning":
        return clip(f"{f.get('code')}: {f.get('message') or ''}", SUMMARY_CHARS)
    return clip(json.dumps(f, ensure_ascii=False), SUMMARY_CHARS)


def fields_tip(item: Item) -> str:
    """Every field of an item, one ``key: value`` per line: the hover text.

    >>> print(fields_tip(Item("target", 0, {"value": 90.0, "unit": "%", "subject": None}, {"start": 3, "end": 9})))
    Target
    value: 90.0
    unit: %
    subject: —
    span: 3–9
    """
    lines = [KIND_BY_NAME[item.kind].label]
    for key, value in item.fields.items():
        shown = "—" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        lines.append(f"{key}: {clip(str(shown), 300)}")
    if item.span:
        lines.append(f"span: {item.start}–{item.end}" + (f", page {item.page}" if item.page else ""))
    return "\n".join(lines)


def text_filter(value: str) -> Markup:
    """Escape document text, keeping carriage returns (an HTML parser would drop a raw one).

    >>> text_filter("a < b\\r\\n")
    Markup('a &lt; b&#13;\\n')
    """
    return Markup(str(escape(value)).replace("\r", "&#13;"))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("pipeline.review", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["text"] = text_filter
    env.filters["money"] = money
    return env


@dataclass(frozen=True)
class PanelItem:
    item: Item
    summary: str
    tip: str
    placed: bool            # highlighted in the text (its span lies in the text found)
    page_href: str | None   # link to the image of the item's page


def relative_href(from_page: str, to_file: str) -> str:
    """A link from one file of the review folder to another (both relative to the folder).

    >>> relative_href("dev/a.html", "index.html"), relative_href("a.html", "a.pages/page-2.png")
    ('../index.html', 'a.pages/page-2.png')
    """
    return posixpath.relpath(to_file, posixpath.dirname(from_page) or ".")


def document_page(entry: Entry, original: Original, page_name: str,
                  page_images: dict[int, str] | None = None) -> str:
    """The review page of one output. ``page_images``: page number -> image path in the review folder."""
    result = entry.result
    items = list(all_items(result))
    text = original.text
    placed, unplaced = placeable(items, len(text)) if text is not None else ([], items)
    placed_keys = {i.key for i in placed}
    images = {n: relative_href(page_name, path) for n, path in (page_images or {}).items()}
    groups = []
    for kind in KINDS:
        members = [PanelItem(i, summary(i), fields_tip(i), i.key in placed_keys, images.get(i.page))
                   for i in items if i.kind == kind.name]
        groups.append({"kind": kind, "items": members})
    paged = text is not None and bool(result["source"].get("pages"))
    context = {
        "entry": entry, "result": result, "source": result["source"],
        "doc": result.get("document") or {}, "quality": result.get("quality") or {},
        "original": original, "groups": groups, "kinds": KINDS,
        "nodes": nest(text, placed, page_starts(text) if paged else None) if text is not None else None,
        "tips": {i.key: fields_tip(i) for i in placed},
        "highlighted": len(placed),
        "unplaced": [i for i in unplaced if i.span is not None] if text is not None else [],
        "ocr_pages": ocr_pages(result), "page_images": images,
        "budget": document_budget(result),
        "index_href": relative_href(page_name, "index.html"),
    }
    return environment().get_template("document.html").render(context)


def ocr_pages(result: dict) -> list[dict]:
    """``quality.pages`` as rows for the page (number, method, confidence, chars, reason)."""
    rows = []
    for n, page in enumerate((result.get("quality") or {}).get("pages") or [], start=1):
        if isinstance(page, dict):
            confidence = ocr_confidences({"quality": {"pages": [page]}})
            rows.append({"number": page.get("page", page.get("number", n)), "method": page.get("method"),
                         "confidence": confidence[0] if confidence else None,
                         "chars": page.get("chars"), "reason": page.get("reason")})
    return rows


@dataclass(frozen=True)
class IndexRow:
    entry: Entry
    href: str | None
    counts: dict[str, int]
    problems: tuple[str, ...]


def index_page(rows: list[IndexRow], charts: list[Chart], skipped: list[str], title: str) -> str:
    context = {"rows": rows, "charts": charts, "kinds": KINDS, "skipped": skipped, "title": title,
               "plotly_js": Markup(plotly_js()) if any(c.figure for c in charts) else None,
               "budget": document_budget}
    return environment().get_template("index.html").render(context)
