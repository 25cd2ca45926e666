"""schemas/plan.schema.json: every output validates; broken objects are rejected."""
from __future__ import annotations

import copy
import json

import pytest
from jsonschema import Draft202012Validator

from .conftest import CORPUS, ROOT
from pipeline import extract
from pipeline.validate import SchemaViolation, schema_errors, validate

SCHEMA_PATH = ROOT / "schemas" / "plan.schema.json"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


def test_schema_is_a_valid_draft_2020_12_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.fixture(scope="module")
def outputs() -> dict[str, dict]:
    assert len(CORPUS_FILES) >= 5, "the corpus is missing"
    return {path.name: extract(path) for path in CORPUS_FILES}


@pytest.mark.parametrize("name", [p.name for p in CORPUS_FILES], ids=lambda n: n[:3])
def test_corpus_output_validates(outputs, name):
    result = outputs[name]
    assert schema_errors(result) == []
    assert result["source"]["file"] == name
    assert result["source"]["format"] == "text"


@pytest.mark.parametrize("name", [p.name for p in CORPUS_FILES], ids=lambda n: n[:3])
def test_corpus_output_survives_a_json_round_trip(outputs, name):
    """What the CLI writes (JSON text) validates too: no tuples, Decimals or sets inside."""
    again = json.loads(json.dumps(outputs[name], ensure_ascii=False))
    assert again == outputs[name]
    assert schema_errors(again) == []


# Complete, valid items for the lists that corpus outputs may leave empty.
SPAN = {"start": 10, "end": 20}
CITATION = {"doc_type": "Nghị định", "number": "64/2007/NĐ-CP", "issued_date": "2007-04-10",
            "issuer": "Chính phủ", "subject": "về ứng dụng công nghệ thông tin", "section": "I",
            "span": SPAN, "text": "Nghị định số 64/2007/NĐ-CP"}
SECTION = {"label": "I", "level": 1, "title": "MỤC TIÊU", "kind": "objectives", "path": "I",
           "span": SPAN, "children": [{"label": "1", "level": 2, "title": "Mục tiêu chung", "kind": "objectives",
                                       "path": "I.1", "span": SPAN, "children": []}]}
BUDGET_ITEM = {"name": "Mua sắm máy chủ", "amount_vnd": 1447000000, "years": {"2016": 447000000, "2017": None},
               "source": "Ngân sách tỉnh", "lead": "Sở Thông tin và Truyền thông", "section": "V", "span": SPAN}
BUDGET_TOTAL = {"label": "Tổng cộng", "amount_vnd": 31600000000, "years": {}, "span": SPAN}
BUDGET_TABLE = {"unit": "Triệu đồng", "columns": ["STT", "Nội dung"], "rows": [["1", "Máy chủ"]], "span": SPAN}
BUDGET_CHECK = {"kind": "items_sum_to_total", "ok": True, "expected": 100, "actual": 100, "span": None}
TARGET = {"text": "trên 90% hồ sơ", "value": 90.0, "unit": "%", "comparator": ">", "subject": "hồ sơ",
          "deadline_year": 2015, "section": "IV.2.a", "span": SPAN}
WARNING = {"code": "ocr_repair", "message": "'tinh' -> 'tỉnh'", "span": {"start": 1, "end": 5, "page": 1}}


@pytest.fixture()
def full(outputs) -> dict:
    """A valid output with at least one item in every list."""
    obj = copy.deepcopy(outputs[CORPUS_FILES[0].name])
    obj["legal_basis"] = [copy.deepcopy(CITATION)]
    obj["citations"] = [copy.deepcopy(CITATION)]
    obj["sections"] = [copy.deepcopy(SECTION)]
    obj["budget"] = {"items": [copy.deepcopy(BUDGET_ITEM)], "totals": [copy.deepcopy(BUDGET_TOTAL)],
                     "tables": [copy.deepcopy(BUDGET_TABLE)], "checks": [copy.deepcopy(BUDGET_CHECK)]}
    obj["targets"] = [copy.deepcopy(TARGET)]
    obj["warnings"] = [copy.deepcopy(WARNING)]
    obj["document"]["issued_date"] = "2010-12-15"
    obj["document"]["period"] = {"from": 2011, "to": 2015}
    obj["document"]["signer"] = {"name": "Đàm Văn Bông", "title": "Chủ tịch"}
    return obj


def test_full_object_is_valid(full):
    assert schema_errors(full) == []
    validate(full)


def _drop(key):
    def mutate(obj, path):
        del _at(obj, path)[key]
    return mutate


def _set(key, value):
    def mutate(obj, path):
        _at(obj, path)[key] = value
    return mutate


def _at(obj, path):
    for part in path:
        obj = obj[part]
    return obj


# (path to the container, how to break it, the error path schema_errors must name)
BROKEN = [
    pytest.param((), _drop("document"), "(root)", id="missing-document"),
    pytest.param((), _drop("warnings"), "(root)", id="missing-warnings-list"),
    pytest.param(("document",), _drop("signer"), "document", id="document-key-dropped"),
    pytest.param(("sections", 0, "span"), _drop("end"), "sections/0/span", id="span-without-end"),
    pytest.param(("citations", 0, "span"), _set("start", -1), "citations/0/span/start", id="negative-span-start"),
    pytest.param(("targets", 0), _set("comparator", "≈"), "targets/0/comparator", id="comparator-approx"),
    pytest.param(("targets", 0), _set("value", "90%"), "targets/0/value", id="target-value-string"),
    pytest.param(("budget", "items", 0), _set("amount_vnd", "1.447.000.000"), "budget/items/0/amount_vnd",
                 id="amount-vnd-string"),
    pytest.param(("budget", "items", 0), _set("years", {"năm 2016": 1}), "budget/items/0/years",
                 id="years-key-not-a-year"),
    pytest.param(("document",), _set("issued_date", "15/12/2010"), "document/issued_date",
                 id="issued-date-dd-mm-yyyy"),
    pytest.param(("legal_basis", 0), _set("issued_date", "2007-4-10"), "legal_basis/0/issued_date",
                 id="citation-date-unpadded"),
    pytest.param(("sections", 0), _set("kind", "intro"), "sections/0/kind", id="section-kind-intro"),
    pytest.param(("sections", 0, "children", 0), _set("level", 0), "sections/0/children/0/level",
                 id="child-section-level-0"),
    pytest.param(("sections", 0), _set("label", ""), "sections/0/label", id="section-label-empty"),
    pytest.param(("source",), _set("format", "xlsx"), "source/format", id="source-format-xlsx"),
    pytest.param(("source",), _set("sha256", "abc"), "source/sha256", id="sha256-short"),
    pytest.param(("document",), _set("period", {"from": 2011}), "document/period", id="period-without-to"),
    pytest.param((), _set("schema_version", "2.0"), "schema_version", id="schema-version-2"),
    pytest.param(("warnings", 0), _set("span", {"start": 1, "end": 2, "page": 0}), "warnings/0/span",
                 id="page-0"),
]


@pytest.mark.parametrize("path, mutate, error_path", BROKEN)
def test_broken_object_fails_the_compiled_check_too(full, path, mutate, error_path):
    """validate() runs the compiled schema first: it must reject what jsonschema rejects."""
    mutate(full, path)
    with pytest.raises(SchemaViolation) as raised:
        validate(full)
    assert f"{error_path}: " in str(raised.value)


@pytest.mark.parametrize("path, mutate, error_path", BROKEN)
def test_broken_object_is_rejected(full, path, mutate, error_path):
    mutate(full, path)
    errors = schema_errors(full)
    assert errors, "the schema accepted a broken object"
    assert any(e.startswith(f"{error_path}: ") for e in errors), errors


@pytest.mark.parametrize(
    "path, mutate, error_path",
    [p for p in BROKEN if p.id in {"missing-document", "span-without-end", "issued-date-dd-mm-yyyy",
                                   "amount-vnd-string"}],
)
def test_validate_raises_with_the_path_in_the_message(full, path, mutate, error_path):
    mutate(full, path)
    with pytest.raises(SchemaViolation) as info:
        validate(full)
    assert f"{error_path}: " in str(info.value)
    assert isinstance(info.value, ValueError)


def test_validate_lists_at_most_five_errors_and_counts_the_rest(full):
    for i in range(7):
        full["targets"].append({**TARGET, "comparator": f"~{i}"})
    with pytest.raises(SchemaViolation) as info:
        validate(full)
    assert "(+2 more)" in str(info.value)          # 7 bad comparators: 5 shown, 2 counted
    assert "targets/1/comparator" in str(info.value) and "targets/6/comparator" not in str(info.value)


# Regression (contract): "citations: every reference ... each with `section`"
# and "a key is never dropped", but the schema let a citation omit `section`.
def test_citation_without_section_key_is_rejected(full):
    del full["citations"][0]["section"]
    assert any(e.startswith("citations/0: ") for e in schema_errors(full))
