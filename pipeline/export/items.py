"""Every extracted item of one result, with its kind and its index in its list.

The review page highlights these items and the corpus tables give one row to
each, so both read them here: a page and a table always count the same items.
Sections are a tree in the output; here they are flattened in document order
(pre-order), each with its ``path``, ``level`` and the path of its parent.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator


@dataclass(frozen=True)
class Kind:
    name: str            # item kind, as the page's data-kind: "budget_item"
    label: str           # for people: "Budget item"
    table: str           # corpus table name: "budget_items"
    items: Callable[[dict], list[dict]]


@dataclass(frozen=True)
class Item:
    """One extracted item: ``fields`` is its JSON object without ``span`` (and without ``children``)."""

    kind: str
    index: int
    fields: dict
    span: dict | None

    @property
    def key(self) -> str:
        """Unique within a document: the page's element id and the side panel's link.

        >>> Item("target", 3, {}, None).key
        'target-3'
        """
        return f"{self.kind}-{self.index}"

    @property
    def start(self) -> int | None:
        return self.span["start"] if self.span else None

    @property
    def end(self) -> int | None:
        return self.span["end"] if self.span else None

    @property
    def page(self) -> int | None:
        return self.span.get("page") if self.span else None


def flatten_sections(sections: list[dict], parent: str | None = None) -> list[dict]:
    """The heading tree in document order; each node without ``children``, with ``parent``.

    >>> tree = [{"label": "I", "path": "I", "level": 1, "children": [
    ...     {"label": "1", "path": "I.1", "level": 2, "children": []}]}]
    >>> [(s["path"], s["parent"]) for s in flatten_sections(tree)]
    [('I', None), ('I.1', 'I')]
    """
    flat: list[dict] = []
    for node in sections:
        own = {k: v for k, v in node.items() if k != "children"}
        own["parent"] = parent
        flat.append(own)
        flat.extend(flatten_sections(node.get("children") or [], node.get("path") or node.get("label")))
    return flat


def _budget(key: str) -> Callable[[dict], list[dict]]:
    return lambda result: (result.get("budget") or {}).get(key) or []


def _list(key: str) -> Callable[[dict], list[dict]]:
    return lambda result: result.get(key) or []


# In the order the page's side panel lists them. Citations include the legal
# basis again (the contract's ``citations`` is every reference), so a legal
# basis item and its citation share a span: the page nests one in the other.
KINDS: tuple[Kind, ...] = (
    Kind("legal_basis", "Legal basis", "legal_basis", _list("legal_basis")),
    Kind("citation", "Citation", "citations", _list("citations")),
    Kind("section", "Section heading", "sections", lambda r: flatten_sections(r.get("sections") or [])),
    Kind("budget_item", "Budget item", "budget_items", _budget("items")),
    Kind("budget_total", "Budget total", "budget_totals", _budget("totals")),
    Kind("target", "Target", "targets", _list("targets")),
    Kind("warning", "Warning", "warnings", _list("warnings")),
)
KIND_BY_NAME = {kind.name: kind for kind in KINDS}


def items_of(result: dict, kind: Kind) -> list[Item]:
    """The items of one kind, in output order.

    >>> result = {"targets": [{"value": 100.0, "unit": "%", "span": {"start": 4, "end": 9}}]}
    >>> [(i.key, i.start, i.end, i.fields) for i in items_of(result, KIND_BY_NAME["target"])]
    [('target-0', 4, 9, {'value': 100.0, 'unit': '%'})]
    """
    out = []
    for index, obj in enumerate(kind.items(result)):
        fields = {k: v for k, v in obj.items() if k not in ("span", "children")}
        out.append(Item(kind.name, index, fields, obj.get("span")))
    return out


def all_items(result: dict) -> Iterator[Item]:
    """Every item of every kind, kind by kind in ``KINDS`` order."""
    for kind in KINDS:
        yield from items_of(result, kind)
