"""The Python API (pipeline/__init__.py): one call per kind of input, settings through Options."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from importlib import metadata
from pathlib import Path

import pytest

import pipeline
from pipeline import Options, extract, extract_bytes, extract_document, extract_text
from pipeline.ingest import IngestError

from .review_outputs import ROOT

PLAN = ("ỦY BAN NHÂN DÂN TỈNH X\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nChuyển đổi số năm 2024\n\n"
        "Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ;\n\n"
        "I. MỤC TIÊU\n1. Đạt 90% hồ sơ được xử lý trực tuyến.\n")


@pytest.fixture
def plan_file(tmp_path) -> Path:
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path


class PathLike:
    """Not a pathlib.Path, but a path all the same."""

    def __init__(self, path: Path):
        self.path = path

    def __fspath__(self) -> str:
        return str(self.path)


def test_extract_reads_a_path_and_any_path_like(plan_file):
    result = extract(plan_file)
    assert result["source"]["file"] == "plan.txt"
    assert result["document"]["number"] == "12/KH-UBND"
    assert extract(PathLike(plan_file)) == result


def test_a_str_naming_a_file_is_refused_with_the_right_call(plan_file):
    with pytest.raises(TypeError) as info:
        extract(str(plan_file))
    message = str(info.value)
    assert f"extract(Path({str(plan_file)!r}))" in message and "extract_text(text)" in message
    with pytest.raises(TypeError, match=r"extract_document\(Path\("):
        extract_document(str(plan_file))


def test_a_str_of_text_still_works_with_a_deprecation_warning():
    with pytest.warns(DeprecationWarning, match=r"call extract_text\(text\) instead"):
        result = extract(PLAN)
    assert result == extract_text(PLAN)


def test_a_str_that_looks_like_a_missing_file_is_not_read_as_text(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        extract(str(tmp_path / "missing.txt"))


@pytest.mark.parametrize("wrong, call", [(b"KE HOACH", "extract_bytes"), (42, "pathlib.Path")], ids=["bytes", "int"])
def test_extract_refuses_what_is_not_a_path(wrong, call):
    with pytest.raises(TypeError, match=call):
        extract(wrong)


def test_extract_text_spans_point_into_the_text_as_given():
    result = extract_text(PLAN, name="plan.txt")
    assert result["source"]["file"] == "plan.txt"
    [basis] = result["legal_basis"]
    assert basis["number"] == "64/2007/NĐ-CP"
    assert PLAN[basis["span"]["start"]:basis["span"]["end"]].startswith("Nghị định số 64/2007/NĐ-CP")
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # no deprecation on the new call
        extract_text(PLAN)


def test_extract_text_refuses_bytes():
    with pytest.raises(TypeError, match=r"extract_bytes\(data, filename=\.\.\.\)"):
        extract_text(PLAN.encode("utf-8"))


def test_extract_bytes_takes_the_format_from_the_content():
    from .test_review import make_pdf

    pdf = make_pdf([["KE HOACH", "Chuyen doi so nam 2024", "I. MUC TIEU", "1. Dat 90% ho so."]])
    result = extract_bytes(pdf, filename="upload.bin", ocr="never")
    assert result["source"]["format"] == "pdf" and result["source"]["file"] == "upload.bin"
    as_text = extract_bytes(PLAN.encode("utf-16"), filename="db/rows/plan.txt")
    assert as_text["source"]["file"] == "plan.txt"
    assert as_text["document"]["number"] == "12/KH-UBND"
    with pytest.raises(TypeError, match=r"extract_text\(text, name=\.\.\.\)"):
        extract_bytes(PLAN, filename="plan.txt")
    with pytest.raises(IngestError):
        extract_bytes(b"", filename="empty.txt")


def test_settings_reach_the_reader(plan_file, monkeypatch):
    seen = []
    real = pipeline.read_document

    def spy(path, options):
        seen.append(options)
        return real(path, options=options)

    monkeypatch.setattr(pipeline, "read_document", lambda path, options: spy(path, options))
    extract(plan_file, ocr="always", page_timeout=30)
    extract(plan_file, options=Options(ocr="never"))
    extract(plan_file)
    assert [(o.ocr, o.page_timeout) for o in seen] == [("always", 30), ("never", 120.0), ("auto", 120.0)]


def test_wrong_settings_are_refused_with_the_allowed_values(plan_file):
    with pytest.raises(ValueError, match="allowed values are 'auto', 'always', 'never'"):
        extract(plan_file, ocr="sometimes")
    with pytest.raises(TypeError, match="unknown setting 'colour'"):
        extract(plan_file, colour="red")


def test_version_is_the_installed_version():
    assert pipeline.__version__ == metadata.version("kh-extract")
    done = subprocess.run([sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == f"kh-extract {pipeline.__version__}"


def test_every_public_function_has_a_doctest():
    for name in ["extract", "extract_text", "extract_bytes", "extract_document", "process"]:
        assert ">>> " in (getattr(pipeline, name).__doc__ or ""), name


def test_the_schema_is_read_from_the_package_not_the_working_directory(tmp_path, monkeypatch):
    from pipeline.validate import schema_resource

    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "plan.schema.json").write_text(json.dumps({"not": {}}), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert Path(os.fspath(schema_resource())).resolve() == (ROOT / "schemas" / "plan.schema.json").resolve()
    assert schema_resource().read_bytes() == (ROOT / "schemas" / "plan.schema.json").read_bytes()
    assert extract_text(PLAN)["schema_version"]          # validates against the real schema
