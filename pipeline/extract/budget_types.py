"""The records a budget is made of: items, totals, tables and checks.

Each keeps its span (original offsets); ``to_dict`` gives the contract's JSON.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Span


@dataclass(frozen=True)
class BudgetItem:
    name: str
    amount_vnd: int | None
    years: dict
    source: str | None
    lead: str | None
    section: str | None
    span: Span
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = {"name": self.name, "amount_vnd": self.amount_vnd, "years": dict(self.years),
               "source": self.source, "lead": self.lead, "section": self.section,
               "span": self.span.to_dict()}
        out.update(self.extra)
        return out


@dataclass(frozen=True)
class BudgetTotal:
    label: str
    amount_vnd: int | None
    years: dict
    section: str | None
    span: Span
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = {"label": self.label, "amount_vnd": self.amount_vnd, "years": dict(self.years),
               "section": self.section, "span": self.span.to_dict()}
        out.update(self.extra)
        return out


@dataclass(frozen=True)
class BudgetTable:
    unit: str | None
    columns: list
    rows: list
    span: Span
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = {"unit": self.unit, "columns": list(self.columns), "rows": [list(r) for r in self.rows],
               "span": self.span.to_dict()}
        out.update(self.extra)
        return out


@dataclass(frozen=True)
class BudgetCheck:
    kind: str
    ok: bool
    expected: int | None
    actual: int | None
    span: Span | None
    note: str = ""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "ok": self.ok, "expected": self.expected, "actual": self.actual,
                "span": self.span.to_dict() if self.span else None, "note": self.note}
