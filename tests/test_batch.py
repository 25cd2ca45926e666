"""Batches as an archivist runs them: hard limits, hostile inputs, output layout, bad -o.

Every scenario runs ``python -m pipeline`` in a subprocess; the independent
ones are started together in one module fixture and the tests read their
results. Misbehaving documents (one that never finishes, one that eats memory,
one whose process dies) come from the test-only hooks in ``tests/hooks``.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.validate import schema_errors

from .conftest import CORPUS, ROOT

GOOD = CORPUS / "000_0a3ee589a8c7d31c.txt"
SMALL_GOOD = CORPUS / "004_11e7cc4c7e181a12.txt"
HOOKS = Path(__file__).resolve().parent / "hooks"

# The package under test is the one in this checkout; HOOKS adds the test-only stage.
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
ENV.pop("PYTHONIOENCODING", None)
HOOK_ENV = {**ENV, "KH_TEST_HOOKS": "1", "PYTHONPATH": os.pathsep.join([str(HOOKS), ENV["PYTHONPATH"]])}


def plan_text(number: int, marker: str = "") -> str:
    """A small plan document, different for every number."""
    return (f"ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: {number}/KH-UBND\n\nKẾ HOẠCH\n"
            f"Ứng dụng công nghệ thông tin năm {2000 + number % 30}\n\nI. MỤC TIÊU\n"
            f"1. Đạt {number % 100}% hồ sơ trực tuyến. {marker}\n"
            f"II. KINH PHÍ\nTổng kinh phí {number}.500 triệu đồng.\n")


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def launch(args: list[str], cwd: Path, env: dict | None = None, stdin=subprocess.DEVNULL) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=cwd, stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env or ENV)


def finish(proc: subprocess.Popen, timeout: float = 120) -> Run:
    stdout, stderr = proc.communicate(timeout=timeout)
    return Run(proc.returncode, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"))


def manifest(out: Path) -> list[dict]:
    path = out / "_manifest.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def entry_for(out: Path, name: str) -> dict:
    entries = [e for e in manifest(out) if Path(e["input"]).name == name]
    assert len(entries) == 1, entries
    return entries[0]


def tree(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("batch")
    procs = {}

    # Limits: one document never finishes, one eats memory, one kills its own
    # process; each good document beside them must still be written. The one
    # that never finishes is given a short --timeout; the others a long one, so
    # a busy machine cannot turn them into timeouts.
    limits = base / "limits"
    limits.mkdir()
    for i in range(3):
        (limits / f"good{i}.txt").write_text(plan_text(i), encoding="utf-8")
    for name, marker in (("stuck", "KH-TEST-SLEEP"), ("hog", "KH-TEST-HOG"), ("crash", "KH-TEST-CRASH")):
        (limits / f"{name}.txt").write_text(plan_text(7, marker), encoding="utf-8")
    procs["limits"] = launch(["good0.txt", "good1.txt", "hog.txt", "crash.txt", "-o", str(base / "limits-out"),
                              "-j", "2", "--timeout", "60", "--max-memory", "1G"], limits, HOOK_ENV)
    # -j 1, the stuck document first: its worker is replaced for the next one.
    procs["timeout"] = launch(["stuck.txt", "good2.txt", "-o", str(base / "limits-out"), "-j", "1",
                               "--timeout", "4"], limits, HOOK_ENV)

    # Inputs that used to block or fill memory: a FIFO and /dev/zero, given by name.
    special = base / "special"
    special.mkdir()
    os.mkfifo(special / "pipe.txt")
    shutil.copy(SMALL_GOOD, special / "plan.txt")
    procs["special"] = launch(["pipe.txt", "/dev/zero", "plan.txt", "-o", "out"], special)

    # More than the size limit on stdin.
    big = base / "big.txt"
    with open(big, "wb") as fh:
        fh.write(b"a" * (50 * 1024 * 1024 + 1))
    with open(big, "rb") as fh:
        procs["big_stdin"] = launch(["-"], base, stdin=fh)

    # Same-named inputs: two files, two folders, and a.txt beside a.md.
    same = base / "same"
    for sub, src in (("a", GOOD), ("b", SMALL_GOOD)):
        (same / sub).mkdir(parents=True)
        shutil.copy(src, same / sub / "plan.txt")
    shutil.copy(GOOD, same / "a" / "notes.txt")
    shutil.copy(SMALL_GOOD, same / "a" / "notes.md")
    procs["two_files"] = launch(["a/plan.txt", "b/plan.txt", "-o", "out-files"], same)
    procs["two_folders"] = launch(["a", "b", "-o", "out-folders"], same)
    procs["one_file"] = launch(["a/plan.txt", "-o", "out-one"], same)

    # A nested input tree is mirrored; --keep-text writes the original text beside the JSON.
    nested = base / "nested"
    (nested / "in" / "2015").mkdir(parents=True)
    shutil.copy(GOOD, nested / "in" / "2015" / "a.txt")
    shutil.copy(SMALL_GOOD, nested / "in" / "b.txt")
    procs["nested"] = launch(["in", "-o", "out", "--keep-text"], nested)

    # -o that cannot be an output folder: an existing file, a path under a file.
    bad_out = base / "bad-out"
    bad_out.mkdir()
    shutil.copy(SMALL_GOOD, bad_out / "plan.txt")
    (bad_out / "taken").write_text("not a folder\n", encoding="utf-8")
    procs["out_is_file"] = launch(["plan.txt", "-o", "taken"], bad_out)
    procs["out_under_file"] = launch(["plan.txt", "-o", "taken/out"], bad_out)

    results = {name: finish(proc) for name, proc in procs.items()}
    results["base"] = base
    return results


# -- hard limits ------------------------------------------------------------------

@pytest.mark.parametrize("name", ["limits", "timeout"])
def test_a_batch_with_stuck_and_hungry_documents_ends_with_exit_1(runs, name):
    assert runs[name].returncode == 1, runs[name].stderr


@pytest.mark.parametrize("name", ["good0", "good1", "good2"])
def test_good_documents_beside_bad_ones_are_written(runs, name):
    out = runs["base"] / "limits-out"
    result = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    assert schema_errors(result) == []
    assert entry_for(out, f"{name}.txt")["status"] == "ok"


@pytest.mark.parametrize("name, status, code", [
    ("stuck", "timeout", "timeout"),
    ("hog", "memory", "memory"),
    ("crash", "error", "crash"),
])
def test_a_document_past_a_limit_gets_an_error_record(runs, name, status, code):
    out = runs["base"] / "limits-out"
    entry = entry_for(out, f"{name}.txt")
    assert (entry["status"], entry["code"], entry["stage"]) == (status, code, "test_hook")
    error = json.loads((out / f"{name}.error.json").read_text(encoding="utf-8"))
    assert (error["stage"], error["code"]) == ("test_hook", code)
    assert error["elapsed"] == pytest.approx(entry["elapsed"], abs=0.01)
    assert not (out / f"{name}.json").exists()
    assert f"{name}.txt: test_hook/{code}" in runs["limits"].stderr + runs["timeout"].stderr


def test_a_timeout_is_stopped_at_the_limit(runs):
    entry = entry_for(runs["base"] / "limits-out", "stuck.txt")
    assert 4.0 <= entry["elapsed"] < 30.0


def test_summary_counts_failures_by_code(runs):
    assert "2 written, 2 failed (crash 1, memory 1)" in runs["limits"].stderr
    assert "1 written, 1 failed (timeout 1)" in runs["timeout"].stderr


def test_no_temp_file_is_left_behind(runs):
    assert not [p for p in runs["base"].rglob("*.tmp")]


# -- inputs that used to block or exhaust memory ------------------------------------

@pytest.mark.parametrize("name", ["pipe.txt", "zero"])
def test_a_fifo_or_a_device_is_refused_not_read(runs, name):
    run = runs["special"]
    assert run.returncode == 1, run.stderr
    entry = entry_for(runs["base"] / "special" / "out", name)
    assert (entry["status"], entry["stage"], entry["code"]) == ("error", "ingest", "not_a_file")
    assert entry["sha256"] is None


def test_the_good_document_beside_a_fifo_is_written(runs):
    assert entry_for(runs["base"] / "special" / "out", "plan.txt")["status"] == "ok"
    assert "1 written, 2 failed" in runs["special"].stderr


def test_stdin_over_the_size_limit_is_refused(runs):
    run = runs["big_stdin"]
    assert run.returncode == 1
    assert "ingest/too_large" in run.stderr
    assert run.stdout == ""


# -- output names -------------------------------------------------------------------

def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _written_hashes(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): json.loads(p.read_text(encoding="utf-8"))["source"]["sha256"]
            for p in out.rglob("*.json") if not p.name.endswith(".error.json")}


# Regression: `kh-extract a/plan.txt b/plan.txt -o out` wrote one plan.txt.json
# holding b's result and reported "2 written".
def test_two_same_named_files_from_two_folders_keep_both_results(runs):
    same = runs["base"] / "same"
    assert runs["two_files"].returncode == 0, runs["two_files"].stderr
    assert _written_hashes(same / "out-files") == {
        "a/plan.json": _sha(same / "a" / "plan.txt"), "b/plan.json": _sha(same / "b" / "plan.txt")}


def test_two_folders_mirror_below_their_common_parent(runs):
    same = runs["base"] / "same"
    assert runs["two_folders"].returncode == 0, runs["two_folders"].stderr
    assert _written_hashes(same / "out-folders") == {
        "a/plan.json": _sha(same / "a" / "plan.txt"), "b/plan.json": _sha(same / "b" / "plan.txt"),
        "a/notes.txt.json": _sha(same / "a" / "notes.txt"), "a/notes.md.json": _sha(same / "a" / "notes.md")}


def test_a_single_file_is_written_directly_under_the_output_folder(runs):
    assert tree(runs["base"] / "same" / "out-one") == {"plan.json", "_manifest.jsonl"}


def test_the_input_tree_is_mirrored_with_kept_text(runs):
    nested = runs["base"] / "nested"
    assert runs["nested"].returncode == 0, runs["nested"].stderr
    assert tree(nested / "out") == {"2015/a.json", "2015/a.txt", "b.json", "b.txt", "_manifest.jsonl"}
    assert (nested / "out" / "2015" / "a.txt").read_bytes() == GOOD.read_bytes()


def test_outputs_are_readable_by_others(runs):
    # Files get 0666 less the umask, as open() gives: 0644 under the usual 022.
    umask = os.umask(0o022)
    os.umask(umask)
    for path in (runs["base"] / "nested" / "out").rglob("*"):
        if path.is_file():
            assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path


# -- an output folder that cannot be one -------------------------------------------

@pytest.mark.parametrize("name, message", [
    ("out_is_file", "exists and is not a folder"),
    ("out_under_file", "cannot create the output folder"),
])
def test_an_unusable_output_folder_is_a_usage_error(runs, name, message):
    run = runs[name]
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_read_only_output_folder_is_a_usage_error(tmp_path):
    shutil.copy(SMALL_GOOD, tmp_path / "plan.txt")
    (tmp_path / "ro").mkdir(mode=0o555)
    run = finish(launch(["plan.txt", "-o", "ro"], tmp_path))
    assert run.returncode == 2
    assert "not writable" in run.stderr and "Traceback" not in run.stderr
