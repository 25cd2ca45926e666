"""Outputs of the corpus and the development set, written as a batch would, for
the review, tables and browser tests (which read an output folder)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from pipeline import extract
from pipeline.emit import write_json

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEV = CORPUS / "dev"


def corpus_inputs() -> list[Path]:
    """The seed documents and the development set (every .txt and .md)."""
    return sorted(CORPUS.glob("*.txt")) + sorted(p for p in DEV.glob("*") if p.suffix in (".txt", ".md"))


@lru_cache(maxsize=None)
def _extracted(path: Path) -> str:
    """The output of one input as JSON text (extracted once per test session)."""
    return json.dumps(extract(path), ensure_ascii=False)


def write_outputs(out_dir: Path, inputs: list[Path] | None = None) -> dict[str, dict]:
    """Extract each input into ``out_dir`` (the development set under ``dev/``, as a batch
    mirrors its inputs); return output name -> result."""
    results = {}
    for path in inputs if inputs is not None else corpus_inputs():
        name = (f"dev/{path.stem}.json" if path.parent == DEV else f"{path.stem}.json")
        result = json.loads(_extracted(path))
        write_json(out_dir / name, result)
        results[name] = result
    return results


def flat_sections(sections: list[dict]) -> list[dict]:
    out = []
    for node in sections:
        out.append(node)
        out.extend(flat_sections(node["children"]))
    return out


def items_with_spans(result: dict) -> list[tuple[str, dict]]:
    """(list name, item) for every item of the output that has a span: what a page highlights."""
    lists = {
        "legal_basis": result["legal_basis"], "citations": result["citations"],
        "sections": flat_sections(result["sections"]), "budget_items": result["budget"]["items"],
        "budget_totals": result["budget"]["totals"], "targets": result["targets"], "warnings": result["warnings"],
    }
    return [(name, item) for name, items in lists.items() for item in items if item.get("span") is not None]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
