"""Where each input's outputs go: the output tree mirrors the input tree.

The rule, which never looks at what else is in the batch:

1. The BASE is the deepest folder that holds every input given on the command
   line: a single folder is its own base (``in/`` -> ``in``); files are held by
   their folder (``in/2015/a.txt`` -> ``in/2015``); several roots share their
   common parent (``in/2015 in/2016`` -> ``in``; ``a/plan.txt b/plan.txt`` ->
   ``.``).
2. An input's outputs go to the same relative folder under the output folder
   (``in/2015/a.txt`` with base ``in`` -> ``out/2015/``).
3. The name is the input's stem plus ``.json`` (``a.txt`` -> ``a.json``),
   except when its own folder holds another input with the same stem
   (``a.txt`` beside ``a.md``, ``plan.pdf`` beside ``plan.txt``): then each of
   them keeps its suffix (``a.txt.json``, ``a.md.json``). That depends on the
   input's folder on disk only, so giving the file alone, its folder, or the
   folder among others names it the same way.

Beside ``<name>.json`` a failure writes ``<name>.error.json`` and
``--keep-text`` writes ``<name>.txt``.

>>> output_name("a.txt", {"a": 1})
'a'
>>> output_name("a.txt", {"a": 2})
'a.txt'
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .ingest.formats import SUPPORTED_SUFFIXES

# Suffixes searched for inside a folder given as input (files named on the
# command line are read whatever their suffix): every format ingest reads.
INPUT_SUFFIXES = SUPPORTED_SUFFIXES


@dataclass(frozen=True)
class Input:
    source: Path                # the file, as found from what was given
    base: PurePosixPath         # output path without extension, relative to the output folder

    @property
    def output(self) -> str:
        return f"{self.base}.json"

    @property
    def error_output(self) -> str:
        return f"{self.base}.error.json"

    @property
    def text_output(self) -> str:
        return f"{self.base}.txt"


def collect_inputs(roots: list[str], exclude: Path | None = None) -> list[Input]:
    """Every input document under ``roots`` with its output base, in a stable order.

    A file reached twice (given twice, or inside two given folders) is listed
    once. Files under ``exclude`` (the output folder) are never inputs.
    """
    given = [Path(os.path.abspath(r)) for r in roots]
    base = Path(os.path.commonpath([p if p.is_dir() else p.parent for p in given]))
    excluded = Path(os.path.abspath(exclude)) if exclude else None
    found: list[Path] = []
    for root in given:
        if root.is_dir():
            found.extend(p for p in sorted(root.rglob("*"))
                         if p.suffix.lower() in INPUT_SUFFIXES and p.is_file()
                         and not (excluded and p.is_relative_to(excluded)))
        else:
            found.append(root)
    stems = _StemCounts()
    inputs, seen = [], set()
    for path in found:
        key = path.resolve()
        if key in seen:
            continue
        seen.add(key)
        folder = PurePosixPath(path.parent.relative_to(base).as_posix())
        inputs.append(Input(path, folder / output_name(path.name, stems.of(path.parent))))
    return inputs


def output_name(file_name: str, stem_counts: dict[str, int]) -> str:
    """The output name (without ``.json``) of one file, given the stems of its folder's inputs."""
    stem = Path(file_name).stem
    return file_name if stem_counts.get(stem, 0) > 1 or stem == file_name else stem


class _StemCounts:
    """How many input files of a folder share each stem (each folder listed once)."""

    def __init__(self) -> None:
        self._cache: dict[Path, dict[str, int]] = {}

    def of(self, folder: Path) -> dict[str, int]:
        if folder not in self._cache:
            counts: dict[str, int] = {}
            try:
                names = [e.name for e in os.scandir(folder)]
            except OSError:
                names = []
            for name in names:
                if Path(name).suffix.lower() in INPUT_SUFFIXES:
                    stem = Path(name).stem
                    counts[stem] = counts.get(stem, 0) + 1
            self._cache[folder] = counts
        return self._cache[folder]
