"""Corpus tables (pipeline/export/tables.py): one row per item, keyed, typed, readable by other tools."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.emit import write_json
from pipeline.export.outdir import read_outdir
from pipeline.export.tables import corpus_tables, write_tables
from pipeline.export.tables import main as tables_main

from .review_outputs import ROOT, flat_sections, write_outputs

TABLES = ["documents", "legal_basis", "citations", "sections", "budget_items", "budget_totals", "targets", "warnings"]


def plain(value):
    """A table cell as Python: a missing value is None."""
    return None if pd.isna(value) else value


def json_lists(result: dict) -> dict[str, list[dict]]:
    """Each table's items, read straight from the output JSON (sections walked here, not by the code under test)."""
    return {
        "legal_basis": result["legal_basis"], "citations": result["citations"],
        "sections": flat_sections(result["sections"]), "budget_items": result["budget"]["items"],
        "budget_totals": result["budget"]["totals"], "targets": result["targets"], "warnings": result["warnings"],
    }


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    results = write_outputs(out)
    write_json(out / "broken.error.json", {"file": "in/broken.txt", "stage": "ingest", "code": "binary",
                                             "message": "the file is binary (NUL bytes), not text"})
    return out, results


@pytest.fixture(scope="module")
def tables(batch):
    out, _ = batch
    entries, skipped = read_outdir(out)
    assert skipped == []
    return corpus_tables(entries)


def test_eight_tables(tables):
    assert list(tables) == TABLES


@pytest.mark.parametrize("table", TABLES[1:])
def test_row_counts_equal_the_json_item_counts(batch, tables, table):
    _, results = batch
    expected = {name: len(json_lists(result)[table]) for name, result in results.items()}
    counted = tables[table]["doc_file"].value_counts().to_dict()
    assert {name: counted.get(name, 0) for name in results} == expected
    assert len(tables[table]) == sum(expected.values())
    assert sum(expected.values()) > 0, f"the corpus has no {table}: the test would prove nothing"


@pytest.mark.parametrize("table", TABLES[1:])
def test_rows_are_keyed_by_file_and_index_with_their_span(batch, tables, table):
    _, results = batch
    frame = tables[table]
    assert not frame.duplicated(["doc_file", "index"]).any()
    for row in frame.itertuples(index=False):
        item = json_lists(results[row.doc_file])[table][row.index]
        span = item["span"]
        assert (row.start, row.end) == ((span["start"], span["end"]) if span else (pd.NA, pd.NA))


def test_documents_has_one_row_per_output_and_the_failure(batch, tables):
    _, results = batch
    docs = tables["documents"]
    assert len(docs) == len(results) + 1
    failed = docs[docs["status"] == "error"]
    assert failed["doc_file"].tolist() == ["broken.error.json"]
    assert failed["error_code"].tolist() == ["binary"]
    assert failed["source_file"].tolist() == ["broken.txt"]
    ok = docs[docs["status"] == "ok"].set_index("doc_file")
    for name, result in results.items():
        assert plain(ok.loc[name, "number"]) == result["document"]["number"]
        assert plain(ok.loc[name, "issued_date"]) == result["document"]["issued_date"]
        assert ok.loc[name, "n_targets"] == len(result["targets"])
        assert ok.loc[name, "chars"] == result["source"]["chars"]


def test_money_is_integer_dong(batch, tables):
    _, results = batch
    items = tables["budget_items"]
    assert str(items["amount_vnd"].dtype) == "Int64"
    assert str(tables["budget_totals"]["amount_vnd"].dtype) == "Int64"
    assert str(tables["documents"]["budget_total_vnd"].dtype) == "Int64"
    expected = [i["amount_vnd"] for r in results.values() for i in r["budget"]["items"]]
    got = [None if pd.isna(v) else int(v) for v in items.sort_values(["doc_file", "index"])["amount_vnd"]]
    expected_sorted = [i["amount_vnd"] for name in sorted(results) for i in results[name]["budget"]["items"]]
    assert sorted(got, key=str) == sorted(expected, key=str)
    assert got == expected_sorted
    assert any(v and v > 2 ** 31 for v in got), "no amount past 32 bits: the test would not see a float or int32 cut"


def test_sections_are_flattened_with_path_level_and_parent(tables):
    sections = tables["sections"]
    assert {"path", "level", "parent", "label", "title", "kind"} <= set(sections.columns)
    nested = sections[sections["level"] > 1]
    assert len(nested) > 0
    by_doc_path = set(zip(sections["doc_file"], sections["path"]))
    parents = nested.dropna(subset=["parent"])
    assert all((doc, parent) in by_doc_path for doc, parent in zip(parents["doc_file"], parents["parent"]))


def test_csv_with_bom_opens_as_utf8_in_excel_and_reads_back(tables, tmp_path):
    plain = write_tables(tables, tmp_path / "plain", "csv")
    bom = write_tables(tables, tmp_path / "bom", "csv", bom=True)
    assert [p.name for p in plain] == [f"{t}.csv" for t in TABLES]
    assert not plain[0].read_bytes().startswith(b"\xef\xbb\xbf")
    assert bom[0].read_bytes().startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(tmp_path / "bom" / "legal_basis.csv", encoding="utf-8-sig")
    assert list(back.columns[:5]) == ["doc_file", "index", "start", "end", "page"]
    assert back["doc_type"].dropna().tolist() == tables["legal_basis"]["doc_type"].dropna().tolist()
    assert any("ị" in str(v) for v in back["doc_type"])          # Nghị định / Nghị quyết survive


def test_parquet_keeps_the_types(tables, tmp_path):
    write_tables(tables, tmp_path, "parquet")
    schema = pq.read_schema(tmp_path / "budget_items.parquet")
    assert str(schema.field("amount_vnd").type) == "int64"
    assert str(schema.field("start").type) == "int64"
    back = pd.read_parquet(tmp_path / "targets.parquet")
    assert len(back) == len(tables["targets"])
    assert back["value"].tolist() == tables["targets"]["value"].tolist()


def test_unknown_format_is_refused(tables, tmp_path):
    with pytest.raises(ValueError, match="allowed values are 'csv', 'parquet'"):
        write_tables(tables, tmp_path, "xlsx")


def run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_command_writes_the_eight_tables(batch, tmp_path):
    out, results = batch
    done = run("tables", str(out), "-o", str(tmp_path / "t"), "--format", "parquet")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == sorted(f"{t}.parquet" for t in TABLES)
    assert f"documents {len(results) + 1}," in done.stderr


def test_command_usage_errors(tmp_path, capsys):
    assert tables_main([str(tmp_path / "missing"), "-o", str(tmp_path / "t")]) == 2
    assert tables_main([str(tmp_path), "-o", str(tmp_path / "t"), "--format", "xlsx"]) == 2
    assert tables_main([str(tmp_path)]) == 2                       # -o is required
    capsys.readouterr()
    assert tables_main([str(tmp_path), "-o", str(tmp_path / "t")]) == 1
    assert "no outputs" in capsys.readouterr().err


def test_a_stray_json_is_skipped_and_named(tmp_path):
    (tmp_path / "figures.json").write_text(json.dumps({"speed": 3}), encoding="utf-8")
    (tmp_path / "torn.json").write_text('{"schema_version": ', encoding="utf-8")
    entries, skipped = read_outdir(tmp_path)
    assert entries == []
    assert [s.split(":")[0] for s in skipped] == ["figures.json", "torn.json"]
