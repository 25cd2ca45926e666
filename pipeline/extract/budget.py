"""Budget extractor: fills ``doc.budget`` with items, totals, tables and checks.

Sources, in the order they are read:

1. tables, as the table model finds them (``pipeline.table_model``: every
   table one structure whatever its source, each with a ``kind``); only a
   ``budget`` table is read for money, by ``budget_table``, with the number
   convention and the header order decided by the table's own sums; the
   others are kept in ``tables`` with their kind;
2. garbled OCR tables (``budget_garbled``): only rows whose name and numbers
   stand together and whose numbers add up;
3. amounts in prose (``budget_inline``: ``Tổng kinh phí: 100 triệu đồng`` under a
   task, ``Nguồn ngân sách tỉnh: 31,6 tỷ đồng``, lists whose parts sum to a
   stated total), the sums deciding what is a total.

Every arithmetic relation is a ``BudgetCheck``; a failed one is also a warning.
Money is integer đồng throughout.
"""
from __future__ import annotations

import regex
from rapidfuzz import fuzz

from .. import grid, money, table_model
from ..document import Document, Span, Warning_
from . import budget_garbled, budget_inline, budget_table, targets
from .budget_table import (Reading, cell_value, choose_unit, compute_values, read_model_table, repair_by_arithmetic,
                           table_checks)
from .budget_types import BudgetCheck, BudgetItem, BudgetTable, BudgetTotal

# ---------------------------------------------------------------- patterns

# A whole-plan total label (not a source): "Tổng kinh phí", "Tổng vốn", "Tổng cộng"
TOTAL_WORD = regex.compile(r"^T[ổôo]?n?g\b", regex.IGNORECASE)

# A source label: "Nguồn ngân sách tỉnh", "Vốn sự nghiệp", "Ngân sách huyện, xã"
SOURCE_LABEL = regex.compile(r"^(?:Nguồn\s+(?:vốn\s+)?(?P<src>.+)|(?P<src2>(?:Vốn|Ngân\s*sách)\b.*))$",
                             regex.IGNORECASE)

# The source named in a parenthesis after an amount.
# "(từ nguồn ngân sách TW theo Quyết định 48/2009/QĐ-TTg)" -> "ngân sách TW theo Quyết định 48/2009/QĐ-TTg"
PAREN_SOURCE = regex.compile(r"\(\s*(?:từ\s+)?nguồn\s+(?P<src>[^()]+?)\s*\)", regex.IGNORECASE)

# A source named inside a label: "Kinh phí thực hiện năm 2024 từ nguồn ngân sách tỉnh"
LABEL_SOURCE = regex.compile(r"(?:từ\s+)?nguồn\s+(?P<src>.+)$", regex.IGNORECASE)

# A total sentence about the whole plan, wherever it stands:
# "Tổng kinh phí thực hiện Kế hoạch", "Tổng kinh phí ... giai đoạn 2011-2015", "toàn tỉnh"
WHOLE_PLAN = regex.compile(r"kế\s*hoạch|giai\s*đoạn|toàn\s*bộ|toàn\s*tỉnh|chương\s*trình", regex.IGNORECASE)

# Who leads a task, in its bullets: "Giao phòng CNTT chủ trì thực hiện."
TASK_LEAD = regex.compile(r"Giao\s+(?P<lead>[^.;\n]{2,80}?)\s+chủ\s*trì", regex.IGNORECASE)

# A numbered line, where the lines that belong to one task stop:
# "1. Hỗ trợ trang thiết bị cho phòng VHTT ...:"
NUMBERED_LINE = regex.compile(r"^(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s+(?P<title>[^\n]+)$",
                                 regex.MULTILINE)

# A heading about money: "VII. KINH PHÍ THỰC HIỆN", "V. LỘ TRÌNH VÀ KINH PHÍ"
BUDGET_HEADING = regex.compile(r"kinh\s*phí|ngân\s*sách|nguồn\s*vốn", regex.IGNORECASE)


def _clean(text: str) -> str:
    return regex.sub(r"\s+", " ", text).strip().strip(":").strip()


# ---------------------------------------------------------------- entry


def extract(doc: Document) -> None:
    """Fill ``doc.budget`` and add warnings for what could not be read or did not add up.

    Only a plan (or a decision issuing one), news about a plan and a text with
    a part on funding (``V. KINH PHÍ THỰC HIỆN``) have a budget of their own: in
    any other text (a Q&A page, a law, an encyclopedia page) amounts are fines,
    prices or history, and only the tables are listed.
    """
    text = doc.text
    doc_convention = document_convention(text)
    found = table_model.find_tables(text, doc.content_ranges(), grid.source_of(doc))
    if not has_budget(doc):
        doc.budget = {"items": [], "totals": [], "checks": [],
                      "tables": [_other_table_out(doc, t) for t in found]}
        return
    budget_tables = [t for t in found if t.kind == "budget"]
    readings = [r for r in (read_model_table(t, doc_convention) for t in budget_tables) if r is not None]
    _summary_rows(readings)
    _inherit_units(readings)
    if doc.source_format.endswith("ocr"):
        for reading in readings:
            for k, printed, repaired, why in repair_by_arithmetic(reading):
                row = reading.rows[k]
                doc.warn("ocr_repair", f"amount {printed!r} -> {repaired!r}: {why}, "
                                       "one digit apart from the amount read", row.start, row.end)
    items, totals, out_tables, checks = [], [], [], []
    for n, reading in enumerate(readings):
        for code, message in reading.notes:
            doc.warn(code, message, reading.raw.start, reading.raw.end)
        out_tables.append(_table_out(doc, reading))
        table_items, table_totals = _rows_out(doc, reading, n)
        items += table_items
        totals += table_totals
        checks += _checks_out(doc, reading, n)
    checks += _cross_table_checks(doc, readings)
    out_tables += [_other_table_out(doc, t) for t in found if t.kind != "budget"]
    covered = [(t.start, t.end) for t in found]
    garbled = budget_garbled.recover(doc, covered)
    items += garbled.items
    totals += garbled.totals
    checks += garbled.checks
    out_tables += garbled.tables
    inline_items, inline_totals, inline_checks = _inline(doc, covered, doc_convention)
    items += inline_items
    totals += inline_totals
    checks += inline_checks
    checks += _appendix_checks(inline_items + inline_totals, totals)
    for check in checks:
        if not check.ok:
            _warn_span(doc, "budget_check_failed",
                       f"{check.kind}: expected {check.expected}, computed {check.actual} ({check.note})",
                       check.span)
    items.sort(key=lambda x: x.span.start)
    totals.sort(key=lambda x: x.span.start)
    doc.budget = {"items": items, "totals": totals, "tables": out_tables, "checks": checks}


# A part of a plan on funding, numbered as a plan's parts are: "V. KINH PHÍ THỰC
# HIỆN", "IV. VỐN ĐẦU TƯ", "II. NGUỒN LỰC VÀ KINH PHÍ" (a plan excerpt without its
# header still has its budget).
FUNDING_PART = regex.compile(
    r"(?m)^[ \t]*[IVXLC]{1,6}[.)][ \t]*[^\n]{0,40}?(?i:kinh\s*phí|nguồn\s*vốn|vốn\s*đầu\s*tư|dự\s*toán)")


def has_budget(doc: Document) -> bool:
    """Whether the text may state a budget of its own (see ``extract``)."""
    if targets.target_scope(doc, targets.vocabulary()) is not None:
        return True
    return doc.metadata.get("doc_type") is None and bool(FUNDING_PART.search(doc.text))


def _warn_span(doc: Document, code: str, message: str, span: Span | None) -> None:
    doc.warnings.append(Warning_(code, message, span))


# A version-like number that proves no convention: "công nghiệp 4.0", "Web 2.0".
VERSION_NUMBER = regex.compile(r"\d\.0")


def document_convention(text: str) -> str | None:
    """The convention the document's numbers prove by their form, when they agree.

    Vietnamese writing is the prior: the Vietnamese convention wins a tie, the
    English one only with four times the evidence (a stray "0.94" must not
    outvote twenty "3,55%").

    >>> document_convention("Nguồn ngân sách tỉnh: 31,6 tỷ đồng; 2.500.000 đồng")
    'vi'
    >>> document_convention("quy mô 2,6km; cách mạng công nghiệp 4.0")
    'vi'
    >>> document_convention("1.447 và 500") is None
    True
    """
    votes = {money.VI: 0, money.EN: 0}
    for m in money.NUMBER.finditer(text):
        conv = money.convention_of(m.group())
        if conv and not regex.fullmatch(r"\d{1,2}[.,]\d{1,2}[.,]\d{2,4}", m.group()) \
                and not VERSION_NUMBER.fullmatch(m.group()):
            votes[conv] += 1
    if votes[money.EN] >= max(1, 4 * votes[money.VI]):
        return money.EN
    if votes[money.VI] >= max(1, votes[money.EN]):
        return money.VI
    return None


def _inherit_units(readings: list[Reading]) -> None:
    """A table without a unit whose group/total rows repeat another table's (same
    printed values under each one's convention) takes that table's unit."""
    for reading in readings:
        if reading.raw.unit or reading.convention is None:
            continue
        mine = _total_signature(reading)
        for other in readings:
            if other is reading or not other.raw.unit or other.convention is None:
                continue
            if mine and mine == _total_signature(other):
                reading.raw.unit = other.raw.unit
                reading.notes = [n for n in reading.notes if n[0] != "budget_unit_assumed"]
                reading.notes.append(("budget_unit_inherited",
                                      f"the table prints no unit; its totals repeat another table's, "
                                      f"whose unit is {other.raw.unit[1]}"))
                choose_unit(reading)
                compute_values(reading)
                break


def _summary_rows(readings: list[Reading]) -> None:
    """A group-numbered row (``I``, ``II``) with nothing under it that repeats
    another table's group row (same number and name: a summary table over a
    detailed one) is a group total, not an item of its own; the two tables'
    amounts are then checked against each other."""
    groups: dict[str, list[str]] = {}
    for reading in readings:
        for row in reading.rows:
            if row.kind == "group":
                groups.setdefault(row.label, []).append(_row_name(reading, row))
    for reading in readings:
        for row in reading.rows:
            if row.kind != "item" or not row.label or not budget_table.GROUP_LABEL.match(row.label):
                continue
            name = _row_name(reading, row)
            if any(fuzz.token_set_ratio(n.lower(), name.lower()) >= 80 for n in groups.get(row.label, [])):
                row.kind = "group"


def _row_name(reading: Reading, row) -> str:
    cell = row.cells[reading.column_of("name") or 1]
    return _clean(cell.text) if cell is not None else ""


def _total_signature(reading: Reading) -> tuple:
    sig = []
    for row in reading.rows:
        if row.kind in ("group", "total"):
            sig.append((row.kind, row.label,
                        tuple(cell_value(row.cells[i], reading.convention) for i in reading.money_columns())))
    return tuple(sig)


# ---------------------------------------------------------------- tables out


def _table_out(doc: Document, reading: Reading) -> BudgetTable:
    columns = [c.text for c in reading.columns]
    rows = [[c.text if c is not None else "" for c in row.cells] for row in reading.rows]
    extra = {"kind": "budget", "convention": reading.convention, "layout": reading.raw.layout,
             "multiplier": reading.multiplier, "header": [c.text for c in reading.raw.header],
             "roles": [c.role for c in reading.columns]}
    unit = reading.unit_text
    return BudgetTable(unit, columns, rows, doc.span(reading.raw.start, reading.raw.end), extra)


def _other_table_out(doc: Document, table) -> BudgetTable:
    """A table that is not a budget (indicators, tasks, other), kept so a user sees it."""
    rows = [[c.text if c is not None else "" for c in row] for row in table.rows]
    extra = {"kind": table.kind, "layout": table.layout, "roles": [c.role for c in table.columns],
             "years": [c.year for c in table.columns]}
    return BudgetTable(table.unit[1] if table.unit else None, [c.text for c in table.columns], rows,
                       doc.span(table.start, table.end), extra)


def _years(reading: Reading, k: int) -> dict:
    out = {}
    for i in reading.year_columns():
        out[reading.columns[i].year] = reading.values[k][i]
    if any(v is None for v in out.values()):
        return {y: v for y, v in out.items() if v is not None}
    return out


def _amount(reading: Reading, k: int) -> int | None:
    total_col = reading.total_column()
    if total_col is not None:
        return reading.values[k][total_col]
    years = [reading.values[k][i] for i in reading.year_columns()]
    if years and all(v is not None for v in years):
        return sum(years)
    return None


def _text_at(reading: Reading, row, role: str) -> str | None:
    i = reading.column_of(role)
    if i is None or row.cells[i] is None or not row.cells[i].text:
        return None
    return _clean(row.cells[i].text)


def _rows_out(doc: Document, reading: Reading, n: int) -> tuple[list, list]:
    items, totals = [], []
    name_col = reading.column_of("name") or 1
    for k, row in enumerate(reading.rows):
        name_cell = row.cells[name_col]
        name = _clean(name_cell.text) if name_cell is not None else ""
        span = doc.span(row.start, row.end)
        section = doc.section_path_at(span.start)
        amount = _amount(reading, k)
        years = _years(reading, k)
        if row.kind == "item":
            if not name:
                continue
            extra = {"table": n, "row": row.label, "group": row.group}
            for role in ("partner", "time"):
                value = _text_at(reading, row, role)
                if value:
                    extra[role] = value
            if amount is None:
                doc.warn("budget_row_unread", f"row {row.label} '{name[:60]}': no amount could be read",
                         row.start, row.end)
            items.append(BudgetItem(name, amount, years, _text_at(reading, row, "source"),
                                    _text_at(reading, row, "lead"), section, span, extra))
        else:
            label = name or row.label
            totals.append(BudgetTotal(label, amount, years, section, span,
                                      {"table": n, "group": row.label or "total", "kind": row.kind}))
    return items, totals


def _checks_out(doc: Document, reading: Reading, n: int) -> list[BudgetCheck]:
    out = []
    for check in table_checks(reading):
        row = reading.rows[check["row"]]
        out.append(BudgetCheck(check["kind"], bool(check["ok"]), int(check["expected"]), int(check["actual"]),
                               doc.span(row.start, row.end), f"table {n}, {check['note']}"))
    return out


def _cross_table_checks(doc: Document, readings: list[Reading]) -> list[BudgetCheck]:
    """Two tables that repeat the same group/total rows must agree cell by cell.

    Rows pair up by kind and label (``I``, ``II``, the grand total) when their
    names agree (fuzzy) and both tables have the same year columns. Each table
    is compared with the next table that repeats it, so the checks grow with
    the number of tables, not with its square.
    """
    out = []
    years_of = [tuple(c.year for c in r.columns if c.role == "year") for r in readings]
    for a_i, a in enumerate(readings):
        if not years_of[a_i]:
            continue
        for b_i in range(a_i + 1, len(readings)):
            if years_of[b_i] != years_of[a_i]:
                continue
            pairs = _repeated_rows(a, readings[b_i])
            if len(pairs) >= 2:
                out += _agreement_checks(doc, a, a_i, readings[b_i], b_i, pairs)
                break
    return out


def _repeated_rows(a: Reading, b: Reading) -> list[tuple[int, int]]:
    """(row of a, row of b) of the group and total rows both tables print."""
    rows_b: dict[tuple[str, str], list[int]] = {}
    for kb, rb in enumerate(b.rows):
        if rb.kind in ("group", "total"):
            rows_b.setdefault((rb.kind, rb.label), []).append(kb)
    pairs = []
    for ka, ra in enumerate(a.rows):
        if ra.kind not in ("group", "total"):
            continue
        na = _row_name(a, ra).lower()
        for kb in rows_b.get((ra.kind, ra.label), []):
            if fuzz.token_set_ratio(na, _row_name(b, b.rows[kb]).lower()) >= 80:
                pairs.append((ka, kb))
    return pairs


def _agreement_checks(doc: Document, a: Reading, a_i: int, b: Reading, b_i: int,
                      pairs: list[tuple[int, int]]) -> list[BudgetCheck]:
    out = []
    year_cols_a = {c.year: i for i, c in enumerate(a.columns) if c.role == "year"}
    year_cols_b = {c.year: i for i, c in enumerate(b.columns) if c.role == "year"}
    for ka, kb in pairs:
        ra, rb = a.rows[ka], b.rows[kb]
        for year in [*year_cols_a, "total"]:
            ia = a.total_column() if year == "total" else year_cols_a[year]
            ib = b.total_column() if year == "total" else year_cols_b.get(year)
            if ia is None or ib is None:
                continue
            va, vb = a.values[ka][ia], b.values[kb][ib]
            if va is None or vb is None:
                continue
            out.append(BudgetCheck("tables_agree", va == vb, va, vb, doc.span(rb.start, rb.end),
                                   f"table {a_i} row {ra.label or 'total'} vs table {b_i}, {year}"))
    return out


# ---------------------------------------------------------------- inline


def _section_title(doc: Document, ws: int) -> tuple[str | None, str | None, int | None]:
    """(title, path, working start) of the section enclosing working offset ``ws``."""
    sec = doc.section_at(doc.span(ws, ws + 1).start)
    if sec is None:
        return None, None, None
    return _clean(sec.title), sec.path, None


# A label that only says "money": the amount belongs to what the line stands under.
# "Tổng kinh phí", "Kinh phí thực hiện", "Dự toán", "Kinh phí"
GENERIC_LABEL = regex.compile(r"^(?:t[ổô]ng\s+)?(?:kinh\s*phí|dự\s*toán|vốn|chi\s*phí)(?:\s+thực\s+hiện)?$",
                              regex.IGNORECASE)


def _inline(doc: Document, covered: list[tuple[int, int]], convention: str | None) -> tuple[list, list, list]:
    """Amounts in prose (``budget_inline``), named and placed: a line the sums
    settle as a total is a total; an item is named by its label, or by the task
    it stands under when its label only says ``Tổng kinh phí``."""
    period = doc.metadata.get("period") or {}
    issued = doc.metadata.get("issued_date")
    first_year = period.get("from") or (int(issued[:4]) if issued else None)
    roots, sums = budget_inline.read_inline(doc, covered, convention, first_year)
    items, totals, checks = [], [], []
    for node in budget_inline.walk(roots):
        mention = node.chosen
        if mention is None:
            continue
        ls, le = node.label_span
        span = doc.span(min(ls, mention.start) if node.label else mention.start, mention.end)
        section = doc.section_path_at(span.start)
        title, _, _ = _section_title(doc, node.line_start)
        in_budget_part = title is None or bool(BUDGET_HEADING.search(title or "")) or \
            doc.section_kind_at(span.start) == "budget"
        label = node.label
        extra = {"printed_amount": mention.raw}
        if mention.vnd_max is not None:
            extra["amount_max_vnd"] = mention.vnd_max
        if mention.rate:
            extra["rate"] = f"đồng/{mention.rate}"
        rest = doc.text[mention.end:node.line_end]
        if rest.strip(" .;,"):
            extra["note"] = _clean(rest).strip(" .;,")          # "(cụ thể có phụ lục kèm theo)"
        whole = node.level == 0 and not node.children and not node.parts and \
            budget_inline.TOTAL_LEAD.search(node.line[:mention.start - node.line_start])
        if node.role == "total" or whole and WHOLE_PLAN.search(label) or in_budget_part and (
                (TOTAL_WORD.match(label) and not node.children) or whole):
            totals.append(BudgetTotal(label or title or "", mention.vnd, {}, section, span, extra))
            continue
        source_label = SOURCE_LABEL.match(label) if label else None
        paren = PAREN_SOURCE.search(rest)
        label_source = LABEL_SOURCE.search(label) if label else None
        if (not label or GENERIC_LABEL.match(label) or node.level == 0 and title) and not in_budget_part:
            src = paren.group("src") if paren else (label_source.group("src") if label_source else None)
            items.append(BudgetItem(title or label, mention.vnd, {}, _clean(src) if src else None,
                                    _task_lead(doc, mention.end), section, span, extra))
        elif source_label:
            src = _clean(source_label.group("src") or source_label.group("src2"))
            items.append(BudgetItem(label, mention.vnd, {}, src[:1].upper() + src[1:], None, section, span, extra))
        else:
            src = _clean(label_source.group("src")) if label_source else None
            items.append(BudgetItem(label or title or "", mention.vnd, {}, src, None, section, span, extra))
    for kind, expected, actual, node in sums:
        if expected is None or actual is None:
            continue
        checks.append(BudgetCheck(kind, expected == actual, expected, actual,
                                  doc.span(node.line_start, node.line_end), f"amounts under '{node.label[:60]}'"))
    return items, totals, checks


# An amount whose detail is in an appendix: "31,6 tỷ đồng (cụ thể có phụ lục kèm theo)"
APPENDIX_REFERENCE = regex.compile(r"phụ\s*lục", regex.IGNORECASE)


def _appendix_checks(inline: list, totals: list) -> list[BudgetCheck]:
    """An inline amount that points to an appendix must equal the grand total of
    the first table after it (``Tổng kinh phí`` row, read or recovered)."""
    checks = []
    for entry in inline:
        if not APPENDIX_REFERENCE.search(entry.extra.get("note", "")):
            continue
        grand = [t for t in totals if t.span.start > entry.span.end and t.extra.get("group") == "total"
                 and "table" in t.extra or t.span.start > entry.span.end and t.extra.get("recovered")
                 and t.extra.get("group") == "total"]
        if not grand or entry.amount_vnd is None or grand[0].amount_vnd is None:
            continue
        checks.append(BudgetCheck("text_equals_appendix_total", entry.amount_vnd == grand[0].amount_vnd,
                                  entry.amount_vnd, grand[0].amount_vnd, grand[0].span,
                                  f"'{getattr(entry, 'name', None) or entry.label}' vs the appendix table's total"))
    return checks


def _task_lead(doc: Document, ws: int) -> str | None:
    """The unit a task's bullets charge with it: "Giao phòng CNTT chủ trì" -> "Phòng CNTT"."""
    window = doc.text[ws: ws + 800]
    stop = NUMBERED_LINE.search(window)
    if stop:
        window = window[: stop.start()]
    m = TASK_LEAD.search(window)
    if not m:
        return None
    lead = _clean(m.group("lead"))
    return lead[:1].upper() + lead[1:]
