"""The batch acceptance check (``bench/hostile_batch.py``) with a short --timeout.

The corpus and corpus/dev beside two hostile files (a 400,000-character line
of ``1.``; the 003 seed document repeated 600 times), an empty, a binary and an
undecodable file: the batch ends with exit 1, every good document is written,
every bad one is in the manifest with its code. ``make hostile`` runs the same
check with the default 120 s limit and prints its time.
"""
from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT


def test_hostile_batch_ends_with_every_good_document_written(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "hostile_batch.py"), "--timeout", "5",
                          "--work", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "hostile batch: exit 1" in run.stdout
    entries = [json.loads(line) for line in (tmp_path / "out" / "_manifest.jsonl").read_text().splitlines()]
    hostile = [e for e in entries if "/hostile/" in e["input"]]
    assert len(hostile) == 2
    for entry in hostile:
        if entry["status"] != "ok":       # stopped at the limit, its record beside the outputs
            assert entry["code"] in {"timeout", "memory"}
            assert (tmp_path / "out" / entry["output"]).exists()
    assert not list((tmp_path / "out").rglob("*.tmp"))
