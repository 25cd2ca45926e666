"""The kh-extract CLI, run as ``python -m pipeline`` in a subprocess.

Starting the interpreter and importing the pipeline costs more than a second per
run, so every scenario is run once in a module fixture (the independent ones in
parallel) and the tests only read the results.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipeline.validate import schema_errors

from .conftest import CORPUS, ROOT
from .test_ingest import PDF_PAGES, make_pdf

GOOD = CORPUS / "000_0a3ee589a8c7d31c.txt"
SMALL_GOOD = CORPUS / "004_11e7cc4c7e181a12.txt"
PORTAL_MD = "## KẾ HOẠCH\nỨng dụng công nghệ thông tin năm 2024\n**I. MỤC TIÊU**\n1\\. Mục tiêu chung\n"
BAD_INPUTS = {                       # file name -> (bytes, expected ingest code)
    "empty.txt": (b"", "empty"),
    "archive.txt": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)), "binary"),
    "latin.txt": ("café naïve résumé, déjà vu".encode("latin-1"), "bad_encoding"),
}

# The package under test is the one in this checkout, whatever the venv points at.
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
ENV.pop("PYTHONIOENCODING", None)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    files: set[str] = field(default_factory=set)     # output files after the run, relative paths (no manifest)


def launch(args: list[str], cwd: Path, stdin: Path | None = None, env: dict | None = None) -> subprocess.Popen:
    fh = open(stdin, "rb") if stdin else subprocess.DEVNULL
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=cwd, stdin=fh,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env or ENV)
    if stdin:
        fh.close()
    return proc


def finish(proc: subprocess.Popen, out_dir: Path | None = None) -> Run:
    stdout, stderr = proc.communicate(timeout=120)
    files = ({p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file()} - {"_manifest.jsonl"}
             if out_dir and out_dir.exists() else set())
    return Run(proc.returncode, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"), files)


def kh_extract(args: list[str], cwd: Path, out_dir: Path | None = None) -> Run:
    return finish(launch(args, cwd), out_dir)


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli")
    dirs = {name: base / name for name in ("batch", "stdin", "usage", "stem", "rerun", "console", "pdf")}
    for d in dirs.values():
        d.mkdir()

    # A batch: one good document and three unreadable ones, given as files.
    batch = dirs["batch"]
    shutil.copy(GOOD, batch / GOOD.name)
    for name, (data, _) in BAD_INPUTS.items():
        (batch / name).write_bytes(data)
    procs = {"batch": (launch([GOOD.name, *BAD_INPUTS, "-o", "out"], batch), batch / "out")}

    # stdin -> stdout, with a UTF-8 console and with a Windows-like cp1252 one.
    procs["stdin"] = (launch(["-"], dirs["stdin"], stdin=GOOD), None)
    procs["stdin_cp1252"] = (launch(["-"], dirs["console"], stdin=GOOD,
                                    env={**ENV, "PYTHONIOENCODING": "cp1252"}), None)

    # A PDF on stdin.
    (base / "plan.pdf").write_bytes(make_pdf(PDF_PAGES))
    procs["stdin_pdf"] = (launch(["-"], dirs["pdf"], stdin=base / "plan.pdf"), None)

    # Usage errors.
    (dirs["usage"] / "plan.txt").write_bytes(GOOD.read_bytes())
    for name, args in USAGE_ERRORS.items():
        procs[name] = (launch(args, dirs["usage"]), dirs["usage"] / "output")

    # Two different documents with the same name in two subfolders.
    for sub, src in (("a", GOOD), ("b", SMALL_GOOD)):
        (dirs["stem"] / "plans" / sub).mkdir(parents=True)
        shutil.copy(src, dirs["stem"] / "plans" / sub / "plan.txt")
    procs["same_stem"] = (launch(["plans", "-o", "out"], dirs["stem"]), dirs["stem"] / "out")

    # Meanwhile, a folder extracted, then its plan.txt emptied and extracted
    # again (fails), then made good again and extracted a third time.
    rerun = dirs["rerun"]
    folder, out = rerun / "plans", rerun / "out"
    (folder / "sub").mkdir(parents=True)
    plan = folder / "sub" / "plan.txt"
    shutil.copy(SMALL_GOOD, plan)
    (folder / "portal.md").write_text(PORTAL_MD, encoding="utf-8")
    (folder / "notes.json").write_bytes(b"\x00\x01 not a plan")
    (folder / "scan.png.bak").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    chain = [kh_extract(["plans", "-o", "out"], rerun, out)]
    plan.write_bytes(b"")
    chain.append(kh_extract(["plans/sub/plan.txt", "-o", "out"], rerun, out))
    shutil.copy(SMALL_GOOD, plan)
    chain.append(kh_extract(["plans/sub/plan.txt", "-o", "out"], rerun, out))

    results = {name: finish(proc, out_dir) for name, (proc, out_dir) in procs.items()}
    results["rerun"] = chain
    results["dirs"] = dirs
    return results


# -- a batch with failures ----------------------------------------------------

def test_batch_with_failures_exits_1(cli):
    assert cli["batch"].returncode == 1, cli["batch"].stderr


def test_batch_writes_the_good_document(cli):
    out = cli["dirs"]["batch"] / "out" / f"{GOOD.stem}.json"
    result = json.loads(out.read_text(encoding="utf-8"))
    assert schema_errors(result) == []
    assert result["source"]["file"] == GOOD.name
    assert result["source"]["sha256"] == hashlib.sha256(GOOD.read_bytes()).hexdigest()
    assert not (out.parent / f"{GOOD.stem}.error.json").exists()


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_batch_writes_an_error_file_per_bad_document(cli, name):
    stem, code = Path(name).stem, BAD_INPUTS[name][1]
    assert f"{stem}.json" not in cli["batch"].files
    error = json.loads((cli["dirs"]["batch"] / "out" / f"{stem}.error.json").read_text(encoding="utf-8"))
    assert (error["stage"], error["code"]) == ("ingest", code)
    assert error["message"]
    assert Path(error["file"]).name == name


def test_batch_output_folder_holds_exactly_the_results(cli):
    assert cli["batch"].files == {f"{GOOD.stem}.json"} | {f"{Path(n).stem}.error.json" for n in BAD_INPUTS}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_stderr_names_each_failing_file(cli, name):
    lines = [line for line in cli["batch"].stderr.splitlines() if name in line]
    assert any(f"ingest/{BAD_INPUTS[name][1]}" in line for line in lines), cli["batch"].stderr


def test_stderr_summary_counts_written_and_failed(cli):
    assert re.search(r"\b1 written, 3 failed\b", cli["batch"].stderr), cli["batch"].stderr


def test_output_keeps_vietnamese_letters_literal(cli):
    raw = (cli["dirs"]["batch"] / "out" / f"{GOOD.stem}.json").read_text(encoding="utf-8")
    document = json.loads(raw)["document"]
    values = [v for v in (document["doc_type"], document["title"], document["issuer"], document["place"]) if v]
    assert any(not v.isascii() for v in values), values
    for value in values:
        assert f'"{value}"' in raw                               # written as is: "Bắc Giang"
    assert re.search(r"\\u[0-9a-fA-F]{4}", raw) is None       # ensure_ascii=False: no \uXXXX escapes


# -- stdin --------------------------------------------------------------------

def test_stdin_writes_json_to_stdout(cli):
    run = cli["stdin"]
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert schema_errors(result) == []
    assert result["source"]["file"] is None
    assert result["source"]["sha256"] == hashlib.sha256(GOOD.read_bytes()).hexdigest()
    assert re.search(r"\\u[0-9a-fA-F]{4}", run.stdout) is None
    assert list(cli["dirs"]["stdin"].iterdir()) == []             # no files written


def test_stdin_output_matches_the_file_output(cli):
    from_file = json.loads((cli["dirs"]["batch"] / "out" / f"{GOOD.stem}.json").read_text(encoding="utf-8"))
    from_stdin = json.loads(cli["stdin"].stdout)
    from_file["source"]["file"] = None
    assert from_stdin == from_file


# Regression: stdout was written with the console's encoding, so on a cp1252
# console (Windows) the first Vietnamese letter crashed the run. The JSON is
# UTF-8 whatever the console says, as stdin is read as bytes.
def test_stdin_output_is_utf8_on_a_cp1252_console(cli):
    run = cli["stdin_cp1252"]
    assert run.returncode == 0, run.stderr[-500:]
    assert json.loads(run.stdout) == json.loads(cli["stdin"].stdout)


# Regression: stdin was always decoded as text, so a PDF piped in was refused
# as "binary", although a PDF file is known by its content, not its name.
def test_stdin_pdf_is_read_as_pdf(cli):
    run = cli["stdin_pdf"]
    assert run.returncode == 0, run.stderr[-500:]
    result = json.loads(run.stdout)
    assert (result["source"]["format"], result["source"]["pages"]) == ("pdf", 2)


# -- usage errors -------------------------------------------------------------

USAGE_ERRORS = {
    "no_args": [],
    "missing_path": ["plan.txt", "no-such-plan.txt"],
    "stdin_mixed_with_files": ["-", "plan.txt"],
}
USAGE_MESSAGES = {"no_args": "usage:", "missing_path": "no-such-plan.txt", "stdin_mixed_with_files": "'-'"}


@pytest.mark.parametrize("name", USAGE_ERRORS)
def test_usage_error_exits_2(cli, name):
    run = cli[name]
    assert run.returncode == 2, run.stderr
    assert USAGE_MESSAGES[name] in run.stderr
    assert run.stdout == ""
    assert not (cli["dirs"]["usage"] / "output").exists()        # nothing processed


# -- folder input and re-runs -------------------------------------------------

def test_folder_input_all_good_exits_0(cli):
    first = cli["rerun"][0]
    assert first.returncode == 0, first.stderr
    assert first.files == {"sub/plan.json", "portal.json"}         # .txt and .md found, the tree mirrored


def test_folder_input_outputs_validate(cli):
    out = cli["dirs"]["rerun"] / "out"
    for name in ("plan.json", "portal.json"):
        assert schema_errors(json.loads((out / name).read_text(encoding="utf-8"))) == []


def test_folder_input_ignores_other_suffixes(cli):
    first = cli["rerun"][0]
    assert "notes" not in first.stderr and "scan" not in first.stderr
    assert "2 written, 0 failed" in first.stderr


def test_stale_error_file_removed_when_document_later_succeeds(cli):
    failed, fixed = cli["rerun"][1], cli["rerun"][2]
    assert failed.returncode == 1 and "plan.error.json" in failed.files
    assert fixed.returncode == 0, fixed.stderr
    assert "plan.error.json" not in fixed.files
    assert "plan.json" in fixed.files


# Regression: when a document that was extracted before fails on a later run,
# its old JSON stayed beside the new error file, so the output folder still
# showed a result that no longer matched the input.
def test_stale_output_removed_when_document_later_fails(cli):
    failed = cli["rerun"][1]
    assert "plan.error.json" in failed.files
    assert "plan.json" not in failed.files


# Regression: two inputs with the same file name in different subfolders were
# both written to OUTDIR/plan.json; the second silently replaced the first.
def test_same_name_in_two_subfolders_keeps_both_results(cli):
    run = cli["same_stem"]
    out = cli["dirs"]["stem"] / "out"
    written = [json.loads(p.read_text(encoding="utf-8")) for p in out.rglob("*.json") if ".error." not in p.name]
    hashes = {r["source"]["sha256"] for r in written}
    expected = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (GOOD, SMALL_GOOD)}
    assert hashes == expected or run.returncode != 0, (run.returncode, sorted(p.name for p in out.rglob("*")))
