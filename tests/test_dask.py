"""``--dask local:2``: the same batch on a Dask LocalCluster of 2 worker processes.

Its outputs must be byte for byte those of a local run, with the same
manifest statuses, the same limits (a stuck document stopped) and the same
exit status. (Skip-done is decided before any document runs, by the same code
for both: tests/test_batch_resume.py.)
"""
from __future__ import annotations

import shutil

import pytest

from .conftest import CORPUS
from .test_batch import HOOK_ENV, finish, launch, manifest, plan_text, tree

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("dask")
    inputs = base / "in"
    (inputs / "sub").mkdir(parents=True)
    for path in sorted(CORPUS.glob("*.txt"))[:3]:
        shutil.copy(path, inputs / path.name)
    (inputs / "sub" / "small.txt").write_text(plan_text(5), encoding="utf-8")
    (inputs / "sub" / "empty.txt").write_bytes(b"")
    (inputs / "stuck.txt").write_text(plan_text(9, "KH-TEST-SLEEP"), encoding="utf-8")
    common = ["in", "--timeout", "4"]
    local = launch([*common, "-o", "local", "-j", "2"], base, HOOK_ENV)
    dask = finish(launch([*common, "-o", "dask", "--dask", "local:2"], base, HOOK_ENV), timeout=180)
    return {"base": base, "local": finish(local), "dask": dask}


def test_dask_run_exits_like_the_local_run(runs):
    assert runs["local"].returncode == 1, runs["local"].stderr
    assert runs["dask"].returncode == 1, runs["dask"].stderr


def test_dask_run_writes_byte_identical_outputs(runs):
    local, dask = runs["base"] / "local", runs["base"] / "dask"
    names = tree(local) - {"_manifest.jsonl"}
    assert tree(dask) - {"_manifest.jsonl"} == names
    assert {"sub/small.json", "sub/empty.error.json", "stuck.error.json"} <= names
    for name in names:
        if not name.endswith(".error.json"):          # error records carry the elapsed time
            assert (dask / name).read_bytes() == (local / name).read_bytes(), name


def test_dask_manifest_records_the_same_outcomes(runs):
    def outcomes(entries):
        return sorted((e["output"], e["status"], e["stage"], e["code"], e["sha256"]) for e in entries)
    assert outcomes(manifest(runs["base"] / "dask")) == outcomes(manifest(runs["base"] / "local"))


def test_dask_run_stops_a_stuck_document_at_the_limit(runs):
    entry = next(e for e in manifest(runs["base"] / "dask") if e["output"] == "stuck.error.json")
    assert (entry["status"], entry["stage"]) == ("timeout", "test_hook")
    assert 4.0 <= entry["elapsed"] < 60.0
