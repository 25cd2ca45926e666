"""Corpus tables: one pandas table per kind of item across a whole output folder.

    kh-extract tables OUTDIR -o TABLEDIR [--format csv|parquet] [--bom]

Eight tables: ``documents`` (one row per output, failures included with their
error), ``legal_basis``, ``citations``, ``sections`` (the heading tree
flattened: ``path``, ``parent``, ``level``), ``budget_items``,
``budget_totals``, ``targets`` and ``warnings``. Every item row starts with
``doc_file`` (the output's path within OUTDIR) and ``index`` (its position in
its list), then its span (``start``, ``end``, ``page``). Money is an integer
number of đồng (nullable ``Int64``); per-year amounts are a JSON object in
``years``. CSV is UTF-8 (``--bom`` adds the byte-order mark Excel needs to
read it as UTF-8); Parquet is written with pyarrow.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from .items import KINDS, Kind, items_of
from .outdir import Entry, read_outdir

FORMATS = ("csv", "parquet")
KEY_COLUMNS = ["doc_file", "index", "start", "end", "page"]

# The contract's fields of each kind, in this order; any other key an item
# carries follows them, sorted by name.
FIELDS: dict[str, list[str]] = {
    "legal_basis": ["doc_type", "number", "issued_date", "issuer", "subject", "section", "text"],
    "citation": ["doc_type", "number", "issued_date", "issuer", "subject", "section", "text"],
    "section": ["path", "parent", "level", "label", "title", "kind"],
    "budget_item": ["name", "amount_vnd", "amount_max_vnd", "years", "source", "lead", "section"],
    "budget_total": ["label", "amount_vnd", "years"],
    "target": ["value", "range_min", "range_max", "unit", "comparator", "subject", "deadline_year",
               "section", "text"],
    "warning": ["code", "severity", "message"],
}
DOCUMENT_COLUMNS = [
    "doc_file", "status", "source_file", "sha256", "format", "pages", "chars",
    "doc_type", "number", "issuer", "place", "issued_date", "title", "period_from", "period_to",
    "signer_name", "signer_title", "is_plan", "doc_kind", "budget_total_vnd",
    *[f"n_{kind.table}" for kind in KINDS],
    "warnings_info", "warnings_warning", "warnings_error", "repairs",
    "error_stage", "error_code", "error_message",
]
# Whole numbers that may be missing: nullable Int64, never float.
INTEGER_COLUMNS = {"index", "start", "end", "page", "level", "amount_vnd", "amount_max_vnd", "deadline_year",
                   "pages", "chars", "period_from", "period_to", "budget_total_vnd", "repairs",
                   "warnings_info", "warnings_warning", "warnings_error", *[f"n_{k.table}" for k in KINDS]}
FLOAT_COLUMNS = {"value", "range_min", "range_max"}


def document_budget(result: dict) -> int | None:
    """The document's budget in đồng: its largest stated total, else the sum of its items.

    >>> document_budget({"budget": {"totals": [{"amount_vnd": 5}, {"amount_vnd": 9}], "items": []}})
    9
    >>> document_budget({"budget": {"totals": [], "items": [{"amount_vnd": 2}, {"amount_vnd": None}]}})
    2
    >>> document_budget({"budget": {"totals": [], "items": []}}) is None
    True
    """
    budget = result.get("budget") or {}
    totals = [t["amount_vnd"] for t in budget.get("totals") or [] if t.get("amount_vnd") is not None]
    if totals:
        return max(totals)
    amounts = [i["amount_vnd"] for i in budget.get("items") or [] if i.get("amount_vnd") is not None]
    return sum(amounts) if amounts else None


def item_row(entry: Entry, item) -> dict:
    """One table row: the keys, the span, then the item's fields (a range split in two).

    >>> from .items import Item
    >>> item = Item("target", 2, {"value": 59.0, "range": [59.0, 62.0], "unit": "%"}, {"start": 5, "end": 9})
    >>> row = item_row(Entry(Path("a.json"), "a.json", result={}), item)
    >>> row["doc_file"], row["index"], row["start"], row["page"], row["range_max"]
    ('a.json', 2, 5, None, 62.0)
    """
    row = {"doc_file": entry.name, "index": item.index, "start": item.start, "end": item.end, "page": item.page}
    fields = dict(item.fields)
    bounds = fields.pop("range", None)
    if isinstance(bounds, list) and len(bounds) == 2:
        row["range_min"], row["range_max"] = bounds
    row.update(fields)
    return row


def document_row(entry: Entry) -> dict:
    """The ``documents`` row of one output or one failure."""
    if entry.result is None:
        error = entry.error or {}
        source = error.get("file")
        return {"doc_file": entry.name, "status": "error",
                "source_file": Path(source).name if isinstance(source, str) else None,
                "error_stage": error.get("stage"), "error_code": error.get("code"),
                "error_message": error.get("message")}
    result = entry.result
    source, doc, quality = result["source"], result.get("document") or {}, result.get("quality") or {}
    period, signer = doc.get("period") or {}, doc.get("signer") or {}
    severities = quality.get("warnings_by_severity") or {}
    row = {
        "doc_file": entry.name, "status": "ok", "source_file": source.get("file"),
        "sha256": source.get("sha256"), "format": source.get("format"), "pages": source.get("pages"),
        "chars": source.get("chars"),
        **{key: doc.get(key) for key in ("doc_type", "number", "issuer", "place", "issued_date", "title")},
        "period_from": period.get("from"), "period_to": period.get("to"),
        "signer_name": signer.get("name"), "signer_title": signer.get("title"),
        "is_plan": quality.get("is_plan"), "doc_kind": quality.get("doc_kind"),
        "budget_total_vnd": document_budget(result),
        **{f"n_{kind.table}": len(items_of(result, kind)) for kind in KINDS},
        **{f"warnings_{level}": severities.get(level) for level in ("info", "warning", "error")},
        "repairs": quality.get("repairs"),
    }
    return row


def tidy_column(name: str, values: pd.Series) -> pd.Series:
    """One dtype per column: Int64 for whole numbers, Float64, boolean, else text (JSON for lists).

    >>> tidy_column("amount_vnd", pd.Series([1447000000, None], dtype=object)).tolist()
    [1447000000, <NA>]
    >>> tidy_column("years", pd.Series([{"2016": 5}, None], dtype=object)).tolist()
    ['{"2016": 5}', <NA>]
    """
    if name in INTEGER_COLUMNS:
        return values.astype("Int64")
    if name in FLOAT_COLUMNS:
        return values.astype("Float64")
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return values.astype("boolean")
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return values.astype("Int64")
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return values.astype("Float64")
    as_text = values.map(lambda v: v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False))
    return as_text.astype("string")


def frame(rows: list[dict], leading: list[str]) -> pd.DataFrame:
    """A table with the leading columns first (present even with no rows), then the rest sorted."""
    extra = sorted({key for row in rows for key in row} - set(leading))
    columns = leading + extra
    data = {col: pd.Series([row.get(col) for row in rows], dtype=object) for col in columns}
    return pd.DataFrame({col: tidy_column(col, series) for col, series in data.items()}, columns=columns)


def kind_table(entries: list[Entry], kind: Kind) -> pd.DataFrame:
    rows = [item_row(entry, item) for entry in entries if entry.result is not None
            for item in items_of(entry.result, kind)]
    return frame(rows, KEY_COLUMNS + FIELDS[kind.name])


def corpus_tables(entries: list[Entry]) -> dict[str, pd.DataFrame]:
    """The eight tables of an output folder's entries, by name."""
    tables = {"documents": frame([document_row(e) for e in entries], DOCUMENT_COLUMNS)}
    for kind in KINDS:
        tables[kind.table] = kind_table(entries, kind)
    return tables


def write_tables(tables: dict[str, pd.DataFrame], table_dir: Path, fmt: str = "csv",
                 bom: bool = False) -> list[Path]:
    """Write each table as ``<name>.csv`` or ``<name>.parquet``; return the paths."""
    if fmt not in FORMATS:
        raise ValueError(f"format={fmt!r}: allowed values are {', '.join(map(repr, FORMATS))}")
    table_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        path = table_dir / f"{name}.{fmt}"
        if fmt == "csv":
            table.to_csv(path, index=False, encoding="utf-8-sig" if bom else "utf-8")
        else:
            table.to_parquet(path, engine="pyarrow", index=False)
        written.append(path)
    return written


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kh-extract tables",
                                     description="One table per kind of item across an output folder.")
    parser.add_argument("out_dir", type=Path, metavar="OUTDIR", help="a folder of kh-extract outputs")
    parser.add_argument("-o", "--tables", type=Path, required=True, metavar="TABLEDIR", help="where to write the tables")
    parser.add_argument("--format", choices=FORMATS, default="csv", help="csv (default) or parquet")
    parser.add_argument("--bom", action="store_true", help="start each CSV with a UTF-8 byte-order mark (for Excel)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """``kh-extract tables``: 0 written, 1 no outputs found, 2 usage error."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not args.out_dir.is_dir():
        print(f"kh-extract tables: no such folder: {args.out_dir}", file=sys.stderr)
        return 2
    entries, skipped = read_outdir(args.out_dir)
    for note in skipped:
        print(f"kh-extract tables: skipped {note}", file=sys.stderr)
    if not entries:
        print(f"kh-extract tables: no outputs in {args.out_dir}", file=sys.stderr)
        return 1
    tables = corpus_tables(entries)
    write_tables(tables, args.tables, args.format, args.bom)
    rows = ", ".join(f"{name} {len(table)}" for name, table in tables.items())
    print(f"kh-extract tables: {rows} -> {args.tables}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
