"""The batch manifest: ``<output folder>/_manifest.jsonl``, one line per finished document.

Each line records what was done to one input: its path, sha256 and size, the
status (``ok``, ``error``, ``timeout``, ``memory``), the stage and code of a
failure, the seconds it took, the output written (relative to the output
folder) and the tool version. A line is appended and flushed as each document
ends, AFTER its output file was renamed into place, so a run killed at any
moment leaves a manifest that never claims a file it did not finish.

A re-run reads the manifest back: a document whose latest entry is ``ok`` for
the same output, the same input sha256 and the same tool version, and whose
output file still exists, is skipped.

>>> entry = Entry(input="in/a.txt", sha256="ab", size=3, status="ok", output="a.json",
...               tool_version="1", elapsed=0.5)
>>> Entry.from_json(entry.to_json()) == entry
True
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path

MANIFEST_NAME = "_manifest.jsonl"
STATUSES = ("ok", "error", "timeout", "memory")


@dataclass(frozen=True)
class Entry:
    input: str                      # the input path as given on the command line
    sha256: str | None              # of the input bytes; None when they could not be read
    size: int | None                # bytes
    status: str                     # ok | error | timeout | memory
    output: str                     # written file, relative to the output folder
    tool_version: str
    elapsed: float = 0.0            # seconds
    stage: str | None = None        # where a failure happened
    code: str | None = None         # short failure code (``binary``, ``timeout``...)
    message: str | None = None
    finished: str = ""              # UTC time the line was written

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status={self.status!r}: allowed values are {', '.join(STATUSES)}")

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> "Entry":
        data = json.loads(line)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


class Manifest:
    """The manifest of one output folder: the entries read back, and an appender."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / MANIFEST_NAME
        self.latest: dict[str, Entry] = {}       # document key (its JSON path) -> its latest entry
        self._fh = None

    def load(self) -> "Manifest":
        """Read earlier runs' entries; a torn or foreign line is ignored."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return self
        for line in text.splitlines():
            try:
                entry = Entry.from_json(line)
            except (ValueError, TypeError):     # a line cut short by a kill, or not ours
                continue
            self.latest[document_key(entry.output)] = entry
        return self

    def open(self) -> "Manifest":
        """Open for appending (creates the file); raises OSError when the folder is not writable."""
        # O_APPEND: every line lands at the end, even with two writers.
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
        self._fh = os.fdopen(fd, "a", encoding="utf-8")
        if self._fh.tell() > 0 and not self._ends_with_newline():
            self._fh.write("\n")    # close a line a killed run left unfinished
            self._fh.flush()
        return self

    def _ends_with_newline(self) -> bool:
        with open(self.path, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) == b"\n"

    def append(self, entry: Entry) -> None:
        """Write one line and flush it, so it survives a kill of this process."""
        if not entry.finished:
            entry = Entry(**{**asdict(entry), "finished": utc_now()})
        self._fh.write(entry.to_json() + "\n")
        self._fh.flush()
        self.latest[document_key(entry.output)] = entry

    def is_done(self, output: str, sha256: str | None, tool_version: str, out_dir: Path) -> bool:
        """True when ``output`` was written ok from the same bytes by the same tool, and is still there."""
        entry = self.latest.get(output)
        return (entry is not None and entry.status == "ok" and entry.output == output and sha256 is not None
                and entry.sha256 == sha256 and entry.tool_version == tool_version
                and (out_dir / output).is_file())

    def failed_before(self, output: str) -> bool:
        entry = self.latest.get(output)
        return entry is not None and entry.status != "ok"

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def document_key(output: str) -> str:
    """The document an output belongs to: its JSON path, whether it succeeded or not.

    >>> document_key("2015/a.error.json"), document_key("2015/a.json")
    ('2015/a.json', '2015/a.json')
    """
    if output.endswith(".error.json"):
        return output[:-len(".error.json")] + ".json"
    return output


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    """sha256 of a regular file, read in chunks (never the whole file at once)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def tool_version() -> str:
    """The package version and a digest of the code and data that make the outputs.

    Any change to the pipeline's code or vocabulary gives a new version, so a
    re-run after an upgrade redoes the documents instead of skipping them.
    """
    from importlib import metadata
    try:
        version = metadata.version("kh-extract")
    except metadata.PackageNotFoundError:
        version = "0"
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return f"{version}+{digest.hexdigest()[:12]}"
