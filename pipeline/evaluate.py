"""Score pipeline outputs against gold files with the rules of the output contract.

``python -m pipeline.evaluate OUTPUT_DIR GOLD_DIR`` prints one row per document
and the micro-averaged precision / recall / F1 per field.

Rules (CONTRACT.md, "Scoring"):
- document: each field right or wrong; number, issued_date, period exact; title,
  issuer, place and signer name fuzzy (ratio >= 90) after folding case and spacing.
- legal_basis: match on number (case, spaces, dashes folded); unnumbered items are
  not scored; then the share of matched items with the right doc_type,
  issued_date and issuer (fuzzy).
- sections: match on (level, label) and the first 60 characters of the title
  (fuzzy >= 85).
- budget.items: amount exact and name token-set ratio >= 70; then years exact.
- budget.totals: amount.
- targets: value and unit, and text partial ratio >= 70; then comparator and
  deadline_year.

Two diagnostics beyond the contract show what OCR repair changes, which the
fuzzy rules hide: ``title_exact`` (matched section titles equal after folding
case and spacing) and ``subject_exact`` (the same for legal-basis subjects).
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import regex
from rapidfuzz import fuzz

DOCUMENT_FIELDS = ("doc_type", "number", "issuer", "place", "issued_date", "title", "period", "signer")
FUZZY_DOCUMENT_FIELDS = {"title", "issuer", "place"}


def fold(text: str | None) -> str:
    """Case- and space-folded NFC text for fuzzy comparison."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", text).lower()
    return regex.sub(r"\s+", " ", text).strip()


def fold_number(number: str | None) -> str:
    """``12 /KH-SKHĐT`` and ``12/kh–sKHĐT`` fold to the same key."""
    if not number:
        return ""
    return regex.sub(r"[\s]+", "", number).replace("–", "-").replace("—", "-").lower()


def fuzzy_equal(a: str | None, b: str | None, threshold: int = 90) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return fuzz.ratio(fold(a), fold(b)) >= threshold


@dataclass
class Counts:
    """Matched / predicted / gold counts for one field, plus attribute tallies."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    attrs: dict[str, list[int]] = field(default_factory=dict)   # name -> [right, seen]

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold
        for name, (right, seen) in other.attrs.items():
            tally = self.attrs.setdefault(name, [0, 0])
            tally[0] += right
            tally[1] += seen

    def tally(self, name: str, ok: bool) -> None:
        tally = self.attrs.setdefault(name, [0, 0])
        tally[0] += int(ok)
        tally[1] += 1

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def match_items(gold: list, predicted: list, same: Callable[[dict, dict], bool]) -> list[tuple[dict, dict]]:
    """Pair gold and predicted items one-to-one, in order, with ``same``."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and same(g, p):
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def flatten_sections(sections: list[dict]) -> list[dict]:
    flat = []
    for sec in sections:
        flat.append(sec)
        flat.extend(flatten_sections(sec.get("children") or []))
    return flat


# -- per-field scorers ----------------------------------------------------------

def score_document(gold: dict, out: dict) -> Counts:
    counts = Counts()
    for name in DOCUMENT_FIELDS:
        g, o = gold.get(name), out.get(name)
        if name == "signer":
            ok = fuzzy_equal((g or {}).get("name"), (o or {}).get("name"))
        elif name in FUZZY_DOCUMENT_FIELDS:
            ok = fuzzy_equal(g, o)
        elif name == "number":
            ok = fold_number(g) == fold_number(o)
        else:
            ok = g == o
        counts.tally(name, ok)
    right = sum(r for r, _ in counts.attrs.values())
    counts.tp, counts.predicted, counts.gold = right, len(DOCUMENT_FIELDS), len(DOCUMENT_FIELDS)
    return counts


def score_legal_basis(gold: list, out: list) -> Counts:
    gold = [g for g in gold if g.get("number")]
    out = [o for o in out if o.get("number")]
    pairs = match_items(gold, out, lambda g, o: fold_number(g["number"]) == fold_number(o["number"]))
    counts = Counts(tp=len(pairs), predicted=len(out), gold=len(gold))
    for g, o in pairs:
        counts.tally("doc_type", g.get("doc_type") == o.get("doc_type"))
        counts.tally("issued_date", g.get("issued_date") == o.get("issued_date"))
        counts.tally("issuer", fuzzy_equal(g.get("issuer"), o.get("issuer")))
        if g.get("subject"):       # diagnostic, not a contract rule: text repaired exactly
            counts.tally("subject_exact", fold(g["subject"]) == fold(o.get("subject")))
    return counts


def score_sections(gold: list, out: list) -> Counts:
    out = flatten_sections(out)

    def same(g: dict, o: dict) -> bool:
        return (g["level"], g["label"]) == (o["level"], o["label"]) and \
            fuzz.ratio(fold(g["title"])[:60], fold(o["title"])[:60]) >= 85

    pairs = match_items(gold, out, same)
    counts = Counts(tp=len(pairs), predicted=len(out), gold=len(gold))
    for g, o in pairs:             # diagnostic, not a contract rule: titles repaired exactly
        counts.tally("title_exact", fold(g["title"]) == fold(o["title"]))
    return counts


def score_budget_items(gold: list, out: list) -> Counts:
    def same(g: dict, o: dict) -> bool:
        return g["amount_vnd"] == o.get("amount_vnd") and \
            fuzz.token_set_ratio(fold(g["name"]), fold(o.get("name"))) >= 70

    pairs = match_items(gold, out, same)
    counts = Counts(tp=len(pairs), predicted=len(out), gold=len(gold))
    for g, o in pairs:
        counts.tally("years", (g.get("years") or {}) == (o.get("years") or {}))
    return counts


def score_budget_totals(gold: list, out: list) -> Counts:
    pairs = match_items(gold, out, lambda g, o: g["amount_vnd"] == o.get("amount_vnd"))
    return Counts(tp=len(pairs), predicted=len(out), gold=len(gold))


def score_targets(gold: list, out: list) -> Counts:
    def same(g: dict, o: dict) -> bool:
        return float(g["value"]) == float(o.get("value", -1)) and g["unit"] == o.get("unit") and \
            fuzz.partial_ratio(fold(g["text"]), fold(o.get("text"))) >= 70

    pairs = match_items(gold, out, same)
    counts = Counts(tp=len(pairs), predicted=len(out), gold=len(gold))
    for g, o in pairs:
        counts.tally("comparator", g.get("comparator") == o.get("comparator"))
        counts.tally("deadline_year", g.get("deadline_year") == o.get("deadline_year"))
    return counts


FIELDS: dict[str, Callable[[dict, dict], Counts]] = {
    "document": lambda g, o: score_document(g.get("document") or {}, o.get("document") or {}),
    "legal_basis": lambda g, o: score_legal_basis(g.get("legal_basis") or [], o.get("legal_basis") or []),
    "sections": lambda g, o: score_sections(g.get("sections") or [], o.get("sections") or []),
    "budget.items": lambda g, o: score_budget_items((g.get("budget") or {}).get("items") or [],
                                                     (o.get("budget") or {}).get("items") or []),
    "budget.totals": lambda g, o: score_budget_totals((g.get("budget") or {}).get("totals") or [],
                                                       (o.get("budget") or {}).get("totals") or []),
    "targets": lambda g, o: score_targets(g.get("targets") or [], o.get("targets") or []),
}


def score_document_pair(gold: dict, out: dict) -> dict[str, Counts]:
    return {name: scorer(gold, out) for name, scorer in FIELDS.items()}


def evaluate(output_dir: Path, gold_dir: Path, only: list[str] | None = None) -> dict[str, Counts]:
    """Score every gold file that has an output; print a table; return the totals."""
    totals = {name: Counts() for name in FIELDS}
    header = f"{'document':<28}" + "".join(f"{name:>15}" for name in FIELDS)
    print(header)
    for gold_path in sorted(gold_dir.glob("*.json")):
        stem = gold_path.stem
        if only and not any(stem.startswith(prefix) for prefix in only):
            continue
        out_path = output_dir / f"{stem}.json"
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        out = json.loads(out_path.read_text(encoding="utf-8")) if out_path.exists() else {}
        row = score_document_pair(gold, out)
        print(f"{stem[:28]:<28}" + "".join(f"{row[n].f1:>15.3f}" for n in FIELDS)
              + ("" if out else "   (no output)"))
        for name in FIELDS:
            totals[name].add(row[name])
    print()
    print(f"{'field (micro)':<16}{'P':>7}{'R':>7}{'F1':>7}   attributes")
    for name, c in totals.items():
        attrs = "  ".join(f"{a}={r / n:.3f}" for a, (r, n) in c.attrs.items() if n)
        if name == "document":
            print(f"{name:<16}{'':>7}{'':>7}{c.tp / c.gold if c.gold else 1:>7.3f}   accuracy; {attrs}")
        else:
            print(f"{name:<16}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}   {attrs}")
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output_dir", type=Path)
    parser.add_argument("gold_dir", type=Path)
    parser.add_argument("--only", nargs="*", help="score only documents whose name starts with these")
    args = parser.parse_args(argv)
    evaluate(args.output_dir, args.gold_dir, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
