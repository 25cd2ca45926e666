"""Read a batch's output folder: every result JSON and every error record.

A batch writes ``<name>.json`` per document (possibly in sub-folders that
mirror the inputs) and ``<name>.error.json`` for a document that failed.
Other JSON files (a benchmark's figures, a stray file) are not results and are
listed apart, so a reader can say what it skipped instead of crashing on it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ERROR_SUFFIX = ".error.json"


@dataclass(frozen=True)
class Entry:
    """One JSON file of an output folder.

    ``name`` is its path relative to the folder (``dev/plan.json``): unique
    within the batch, so it keys every row of the corpus tables. Exactly one
    of ``result`` (a contract object) and ``error`` (an error record, or a
    note on why the file could not be read) is set.
    """

    path: Path
    name: str
    result: dict | None = None
    error: dict | None = None

    @property
    def stem(self) -> str:
        """The name without ``.json`` / ``.error.json``.

        >>> Entry(Path("out/dev/a.error.json"), "dev/a.error.json", error={}).stem
        'dev/a'
        """
        suffix = ERROR_SUFFIX if self.name.endswith(ERROR_SUFFIX) else ".json"
        return self.name[: -len(suffix)]


def is_result(obj: object) -> bool:
    """A contract object, told by its ``schema_version`` and ``source`` keys.

    >>> is_result({"schema_version": "1.0", "source": {}})
    True
    >>> is_result({"stage": "ingest", "code": "empty"})
    False
    """
    return isinstance(obj, dict) and "schema_version" in obj and isinstance(obj.get("source"), dict)


def read_outdir(out_dir: Path) -> tuple[list[Entry], list[str]]:
    """Every result and error record under ``out_dir`` (sorted by name), and the files skipped.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.error.json").write_text('{"stage": "ingest", "code": "empty", "message": "empty"}')
    >>> _ = (folder / "notes.json").write_text('[1, 2]')
    >>> entries, skipped = read_outdir(folder)
    >>> [(e.name, e.error["code"]) for e in entries], skipped
    ([('a.error.json', 'empty')], ['notes.json: not an output of kh-extract'])
    """
    entries: list[Entry] = []
    skipped: list[str] = []
    for path in sorted(out_dir.rglob("*.json")):
        if not path.is_file() or path.name.startswith("."):
            continue
        name = PurePosixPath(path.relative_to(out_dir).as_posix()).as_posix()
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            skipped.append(f"{name}: unreadable JSON ({exc})")
            continue
        if name.endswith(ERROR_SUFFIX) and isinstance(obj, dict):
            entries.append(Entry(path, name, error=obj))
        elif is_result(obj):
            entries.append(Entry(path, name, result=obj))
        else:
            skipped.append(f"{name}: not an output of kh-extract")
    return entries, skipped
