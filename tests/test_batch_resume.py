"""Interrupt and resume: a 200-document batch stopped by SIGINT, then killed by SIGKILL, then re-run.

Every document must end up done exactly once (one ``ok`` manifest line and
one output), with no partial file anywhere, the re-run must say how many it
skipped, and a killed batch must leave none of its workers running.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import time
from pathlib import Path

import pytest

from .test_batch import HOOK_ENV, finish, launch, manifest, plan_text

DOCUMENTS = 200


def wait_for_lines(out: Path, count: int, proc, limit: float = 60.0) -> None:
    """Wait until the manifest holds ``count`` lines (the batch is under way)."""
    deadline = time.monotonic() + limit
    path = out / "_manifest.jsonl"
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.01)
    pytest.fail(f"the batch did not reach {count} documents (exit {proc.poll()})")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it is not)."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def ok_entries(out: Path) -> list[dict]:
    return [e for e in manifest(out) if e["status"] == "ok"]


@pytest.fixture(scope="module")
def resumed(tmp_path_factory):
    base = tmp_path_factory.mktemp("resume")
    inputs, out = base / "in", base / "out"
    for i in range(DOCUMENTS):
        folder = inputs / f"{2000 + i % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"plan{i:03d}.txt").write_text(plan_text(i), encoding="utf-8")
    args = ["in", "-o", "out", "-j", "2"]

    # 1. Ctrl-C once the batch is under way.
    proc = launch(args, base)
    wait_for_lines(out, 20, proc)
    proc.send_signal(signal.SIGINT)
    first = finish(proc)
    after_first = {p.relative_to(out).as_posix() for p in out.rglob("*.json")}
    ok_first = ok_entries(out)

    # 2. SIGKILL on a later run, its workers noted first.
    proc = launch(args, base)
    wait_for_lines(out, len(ok_first) + 30, proc)
    workers = children(proc.pid)
    proc.kill()
    killed = finish(proc)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers_left = [pid for pid in workers if alive(pid)]
    ok_before_last = ok_entries(out)

    # 3. The same command again, to the end.
    last = finish(launch(args, base))
    return {"base": base, "inputs": inputs, "out": out, "first": first, "after_first": after_first,
            "ok_first": ok_first, "killed": killed, "workers": workers, "workers_left": workers_left,
            "ok_before_last": ok_before_last, "last": last}


def test_sigint_exits_130_with_a_summary(resumed):
    run = resumed["first"]
    assert run.returncode == 130, run.stderr
    assert "Traceback" not in run.stderr
    assert re.search(rf"interrupted after \d+ of {DOCUMENTS} documents", run.stderr), run.stderr


def test_sigint_lets_running_documents_finish_whole(resumed):
    # Every output on disk after Ctrl-C is recorded as done, and the reverse.
    recorded = {e["output"] for e in resumed["ok_first"]}
    assert resumed["after_first"] == recorded
    assert 20 <= len(recorded) < DOCUMENTS


def test_sigkill_leaves_no_worker_running(resumed):
    assert resumed["killed"].returncode == -signal.SIGKILL
    assert len(resumed["workers"]) == 2
    assert resumed["workers_left"] == []


def test_the_rerun_finishes_and_reports_what_it_skipped(resumed):
    run = resumed["last"]
    assert run.returncode == 0, run.stderr
    skipped = len({e["output"] for e in resumed["ok_before_last"]})
    assert f"{skipped} skipped as already done" in run.stderr
    assert f"{DOCUMENTS - skipped} written, 0 failed" in run.stderr


def test_every_document_is_done_exactly_once(resumed):
    counts: dict[str, int] = {}
    for entry in ok_entries(resumed["out"]):
        counts[entry["output"]] = counts.get(entry["output"], 0) + 1
    assert len(counts) == DOCUMENTS
    assert set(counts.values()) == {1}


def test_every_output_matches_its_input_and_nothing_partial_is_left(resumed):
    inputs, out = resumed["inputs"], resumed["out"]
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    expected = {p.relative_to(inputs).with_suffix(".json").as_posix() for p in inputs.rglob("*.txt")}
    assert files == expected | {"_manifest.jsonl"}          # no .tmp, no .error.json
    for name in expected:
        result = json.loads((out / name).read_text(encoding="utf-8"))
        source = inputs / Path(name).with_suffix(".txt")
        assert result["source"]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()


def test_every_manifest_line_is_whole(resumed):
    lines = (resumed["out"] / "_manifest.jsonl").read_text(encoding="utf-8").splitlines()
    broken = []
    for line in lines:
        try:
            json.loads(line)
        except ValueError:
            broken.append(line)
    # A line cut by SIGKILL may remain (it is ignored when read); never more than one.
    assert len(broken) <= 1, broken
    assert os.path.getsize(resumed["out"] / "_manifest.jsonl") > 0


def test_a_second_sigint_abandons_the_running_document_whole(tmp_path):
    (tmp_path / "stuck.txt").write_text(plan_text(1, "KH-TEST-SLEEP"), encoding="utf-8")
    flag = tmp_path / "started"
    proc = launch(["stuck.txt", "-o", "out", "--timeout", "300"], tmp_path, {**HOOK_ENV, "KH_TEST_FLAG": str(flag)})
    deadline = time.monotonic() + 60
    while not flag.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.5)
    assert proc.poll() is None                  # the first Ctrl-C lets the document run on
    proc.send_signal(signal.SIGINT)
    run = finish(proc, timeout=30)
    assert run.returncode == 130, run.stderr
    assert "interrupted after 0 of 1 documents" in run.stderr
    files = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert files == {"_manifest.jsonl"}
    assert (tmp_path / "out" / "_manifest.jsonl").read_text(encoding="utf-8") == ""
