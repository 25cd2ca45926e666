"""Find the original text of each output, so its spans can be highlighted.

The output JSON holds offsets, not the text. In order of preference:

1. ``<name>.txt`` beside ``<name>.json`` (written by a run with ``--keep-text``);
2. the input file, re-read with ``pipeline.ingest``: found through the output
   folder's ``_manifest.jsonl`` (its ``input`` for this ``output``) or by its
   name (``source.file``) under the ``--inputs`` folders.

Whatever is found is checked before it is used: an input file must have the
``source.sha256`` recorded at extraction, and the text must have
``source.chars`` characters (and ``source.text_sha256`` when the output has
one). A changed file is reported, never silently mis-highlighted. An OCR'd
document is not OCR'd again here (slow, and it needs Tesseract): its text
comes only from ``--keep-text``.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..export.outdir import Entry
from ..ingest import IngestError, document_from_bytes

MANIFEST_NAME = "_manifest.jsonl"


@dataclass(frozen=True)
class Original:
    """The text found for one output (or ``None``), where it came from, and what went wrong."""

    text: str | None
    origin: str | None = None
    problems: tuple[str, ...] = ()
    input_file: Path | None = None      # the input, when found (a PDF's pages are drawn from it)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_mismatch(text: str, source: dict) -> str | None:
    """Why ``text`` is not the text the output's spans point into, or ``None`` if it is.

    >>> text_mismatch("abc", {"chars": 3})
    >>> text_mismatch("abcd", {"chars": 3})
    'it has 4 characters, the output says 3'
    """
    if source.get("chars") is not None and len(text) != source["chars"]:
        return f"it has {len(text)} characters, the output says {source['chars']}"
    expected = source.get("text_sha256")
    if expected and sha256_hex(text.encode("utf-8")) != expected:
        return "its sha256 differs from the output's source.text_sha256"
    return None


def was_ocrd(result: dict) -> bool:
    """Whether any page of the output's text came from OCR.

    >>> was_ocrd({"source": {"format": "pdf"}, "quality": {"pages": [{"page": 1, "method": "ocr"}]}})
    True
    >>> was_ocrd({"source": {"format": "text"}, "quality": {}})
    False
    """
    if "ocr" in (result["source"].get("format") or ""):
        return True
    pages = (result.get("quality") or {}).get("pages") or []
    return any(isinstance(p, dict) and p.get("method") == "ocr" for p in pages)


def manifest_inputs(out_dir: Path) -> dict[str, list[str]]:
    """Output name (relative to ``out_dir``) -> input paths, from ``_manifest.jsonl``.

    A torn or foreign line is ignored.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / MANIFEST_NAME).write_text('{"input": "in/a.txt", "output": "a.json"}\\nnot json\\n')
    >>> manifest_inputs(folder)
    {'a.json': ['in/a.txt']}
    """
    found: dict[str, list[str]] = {}
    try:
        lines = (out_dir / MANIFEST_NAME).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return found
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("input"), str) and isinstance(entry.get("output"), str):
            paths = found.setdefault(entry["output"], [])
            if entry["input"] not in paths:
                paths.append(entry["input"])
    return found


class SourceFinder:
    """Finds originals for the outputs of one folder."""

    def __init__(self, out_dir: Path, inputs: list[Path] = ()):
        self.out_dir = out_dir
        self.inputs = [Path(p) for p in inputs]
        self._manifests: dict[Path, dict[str, list[str]]] = {}

    def manifest_candidates(self, entry: Entry) -> list[str]:
        """Inputs the manifests name for this output: the output folder's own, and that of any
        sub-folder written by a run of its own (``-o OUTDIR/dev``), whose names are relative to it."""
        found: list[str] = []
        folder = entry.path.parent
        while True:
            if folder not in self._manifests:
                self._manifests[folder] = manifest_inputs(folder)
            found += self._manifests[folder].get(entry.path.relative_to(folder).as_posix(), [])
            if folder == self.out_dir or folder == folder.parent:
                return found
            folder = folder.parent

    @cached_property
    def files_by_name(self) -> dict[str, list[Path]]:
        """Every file under the ``--inputs`` folders (or given as a file), by its name."""
        index: dict[str, list[Path]] = {}
        for root in self.inputs:
            files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
            for path in files:
                index.setdefault(path.name, []).append(path)
        return index

    def candidates(self, entry: Entry) -> list[Path]:
        """Input files that may be this output's input: the manifest's first, then by name."""
        paths: list[Path] = []
        for raw in self.manifest_candidates(entry):
            for path in (Path(raw), self.out_dir.parent / raw):
                if path.is_file() and path not in paths:
                    paths.append(path)
                    break
        name = entry.result["source"].get("file")
        for path in self.files_by_name.get(name, []) if name else []:
            if path not in paths:
                paths.append(path)
        return paths

    def find(self, entry: Entry) -> Original:
        source = entry.result["source"]
        problems: list[str] = []
        input_file, data = self._input(entry, problems)
        kept = entry.path.with_name(entry.path.name[: -len(".json")] + ".txt")
        if kept.is_file():
            try:
                text = kept.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(f"cannot read the kept text {kept.name}: {exc}")
            else:
                wrong = text_mismatch(text, source)
                if wrong is None:
                    return Original(text, f"kept text {kept.name}", tuple(problems), input_file)
                problems.append(f"the kept text {kept.name} does not match the output: {wrong}")
        if data is not None:
            text = self._reread(input_file, data, entry.result, problems)
            if text is not None:
                return Original(text, f"input file {input_file}", tuple(problems), input_file)
        if not problems:
            name = source.get("file") or "the input"
            problems.append(f"original text not found: run the extraction with --keep-text, "
                            f"or pass --inputs FOLDER holding {name}")
        return Original(None, None, tuple(problems), input_file)

    def _input(self, entry: Entry, problems: list[str]) -> tuple[Path | None, bytes | None]:
        """The input file whose bytes have the recorded sha256, and those bytes."""
        expected = entry.result["source"].get("sha256")
        for path in self.candidates(entry):
            try:
                data = path.read_bytes()
            except OSError as exc:
                problems.append(f"cannot read {path}: {exc.strerror or exc}")
                continue
            if sha256_hex(data) == expected:
                return path, data
            problems.append(f"{path} is not the file that was extracted (its sha256 differs): "
                            "it has changed since, or it is another file of the same name")
        return None, None

    @staticmethod
    def _reread(path: Path, data: bytes, result: dict, problems: list[str]) -> str | None:
        source = result["source"]
        if was_ocrd(result):
            problems.append(f"{path} was OCR'd; its text is not OCR'd again here: "
                            "run the extraction with --keep-text")
            return None
        try:
            text = document_from_bytes(data, path.name).original
        except IngestError as exc:
            problems.append(f"cannot re-read {path}: {exc.message}")
            return None
        wrong = text_mismatch(text, source)
        if wrong:
            problems.append(f"re-reading {path} gives another text than the extraction did ({wrong}): "
                            "run the extraction with --keep-text")
            return None
        return text
