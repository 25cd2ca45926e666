"""kh-extract: plan documents in, one contract JSON per document out.

    kh-extract INPUT... -o OUTDIR     files or folders (searched for .txt .md .pdf)
    kh-extract -                      read one document from stdin, JSON to stdout

Exit status: 0 all documents succeeded; 1 some failed (the others are written,
and each failure leaves OUTDIR/<name>.error.json); 2 usage error.
"""
from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import process
from .emit import dumps, write_json
from .ingest import IngestError, document_from_bytes, read_document
from .runner import StageError

INPUT_SUFFIXES = {".txt", ".md", ".text", ".pdf"}
EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def collect_inputs(paths: list[str]) -> list[tuple[Path, Path]]:
    """(input file, output name) pairs, in sorted order.

    Every input writes ``<stem>.json``. When two inputs of one batch would share
    that name (``a/plan.txt`` and ``b/plan.txt``, or ``plan.txt`` and ``plan.md``)
    each of them is named after its whole path instead (``a__plan.txt.json``),
    so no result ever overwrites another.
    """
    pairs: list[tuple[Path, str]] = []      # (file, path relative to what was given)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES):
                pairs.append((found, found.relative_to(path).as_posix()))
        else:
            pairs.append((path, path.name))
    stems: dict[str, int] = {}
    for src, _ in pairs:
        stems[src.stem] = stems.get(src.stem, 0) + 1
    return [(src, Path(f"{src.stem}.json" if stems[src.stem] == 1 else rel.replace("/", "__") + ".json"))
            for src, rel in pairs]


def describe_error(exc: BaseException) -> tuple[str, str, str]:
    """(stage, code, message) for a per-document failure."""
    if isinstance(exc, IngestError):
        return "ingest", exc.code, exc.message
    if isinstance(exc, StageError):
        return exc.stage, type(exc.cause).__name__, str(exc.cause)
    return "output", type(exc).__name__, str(exc)


def process_file(path: Path, out_dir: Path, name: Path) -> tuple[Path, str | None]:
    """Extract one file and write its JSON; on failure write an error JSON instead.

    A failure also removes an older output of the same document, so a batch never
    shows a stale success next to a new failure.
    """
    out_path = out_dir / name
    error_path = out_path.with_name(out_path.name[:-len(".json")] + ".error.json")
    try:
        result = process(read_document(path))
    except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the batch
        stage, code, message = describe_error(exc)
        write_json(error_path, {"file": str(path), "stage": stage, "code": code, "message": message})
        out_path.unlink(missing_ok=True)
        return path, f"{stage}/{code}: {message}"
    write_json(out_path, result)
    error_path.unlink(missing_ok=True)
    return path, None


def run_stdin() -> int:
    """One document from stdin (text or PDF bytes), its JSON to stdout as UTF-8."""
    data = sys.stdin.buffer.read()
    try:
        result = process(document_from_bytes(data))
    except Exception as exc:  # noqa: BLE001
        stage, code, message = describe_error(exc)
        print(f"kh-extract: <stdin>: {stage}/{code}: {message}", file=sys.stderr)
        return EXIT_SOME_FAILED
    sys.stdout.buffer.write(dumps(result).encode("utf-8"))
    sys.stdout.buffer.flush()
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kh-extract", description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders, or - for stdin")
    parser.add_argument("-o", "--out", type=Path, default=Path("output"), help="output folder (default: output)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="documents processed in parallel (default: 1)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only failures and the summary")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:   # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.inputs == ["-"]:
        return run_stdin()
    if "-" in args.inputs:
        parser.print_usage(sys.stderr)
        print("kh-extract: '-' (stdin) cannot be mixed with files", file=sys.stderr)
        return EXIT_USAGE
    missing = [p for p in args.inputs if not Path(p).exists()]
    if missing:
        print(f"kh-extract: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    files = collect_inputs(args.inputs)
    if not files:
        print("kh-extract: no input documents found (.txt, .md, .pdf)", file=sys.stderr)
        return EXIT_USAGE
    return run_batch(files, args.out, max(1, args.jobs), args.quiet)


def run_batch(files: list[tuple[Path, Path]], out_dir: Path, jobs: int, quiet: bool) -> int:
    started = time.perf_counter()
    sources = [src for src, _ in files]
    names = [name for _, name in files]
    if jobs == 1:
        failures = _report(map(process_file, sources, [out_dir] * len(files), names), len(files), quiet)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = pool.map(process_file, sources, [out_dir] * len(files), names, chunksize=4)
            failures = _report(results, len(files), quiet)
    elapsed = time.perf_counter() - started
    print(f"kh-extract: {len(files) - failures} written, {failures} failed, "
          f"{elapsed:.1f}s -> {out_dir}", file=sys.stderr)
    return EXIT_SOME_FAILED if failures else EXIT_OK


def _report(results, total: int, quiet: bool) -> int:
    failures = 0
    for done, (path, error) in enumerate(results, start=1):
        if error:
            failures += 1
            print(f"kh-extract: {path}: {error}", file=sys.stderr)
        elif not quiet:
            print(f"[{done}/{total}] {path}", file=sys.stderr)
    return failures


if __name__ == "__main__":
    sys.exit(main())
