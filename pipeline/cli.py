"""kh-extract: plan documents in, one contract JSON per document out.

    kh-extract INPUT... -o OUTDIR     files or folders (searched for .txt .md .pdf)
    kh-extract -                      read one document from stdin, JSON to stdout

Every document runs in a worker process under a time and a memory limit. The
output folder mirrors the input tree and keeps a manifest, _manifest.jsonl, of
what was done; a re-run skips documents already done. Exit status: 0 all
documents succeeded (or were done before); 1 some failed (the others are
written, each failure leaves OUTDIR/<name>.error.json); 2 usage error;
130 stopped by Ctrl-C (143 by SIGTERM): re-run the command to resume.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import stat
import sys
from pathlib import Path

from . import __version__
from .batch import GIB, Job, Limits, Outcome, WorkerPool, WorkerStartError
from .emit import temp_target
from .layout import INPUT_SUFFIXES, Input, collect_inputs
from .manifest import Entry, Manifest, file_sha256, tool_version
from .options import Options
from .progress import Progress, Tally

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Subcommands (``kh-extract review ...``, ``kh-extract tables ...``) are
    # dispatched here, on the first word, before the batch arguments are parsed.
    if argv[:1] == ["review"]:
        from .review import main as review_main
        return review_main(argv[1:])
    if argv[:1] == ["tables"]:
        from .export.tables import main as tables_main
        return tables_main(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:   # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        options = Options(ocr=args.ocr, page_timeout=args.page_timeout)
        limits = Limits(timeout=args.timeout, max_memory=args.max_memory)
    except ValueError as exc:
        return usage_error(parser, str(exc))
    if args.jobs < 1:
        return usage_error(parser, f"-j {args.jobs}: must be at least 1")
    if args.inputs == ["-"]:
        return run_stdin(options, limits)
    if "-" in args.inputs:
        return usage_error(parser, "'-' (stdin) cannot be mixed with files")
    missing = [p for p in args.inputs if not os.path.lexists(p)]
    if missing:
        return usage_error(None, f"no such file or folder: {', '.join(missing)}")
    inputs = collect_inputs(args.inputs, exclude=args.out)
    if not inputs:
        suffixes = ", ".join(sorted(INPUT_SUFFIXES))
        return usage_error(None, f"no input documents found ({suffixes})")
    if len(inputs) == 1 and args.jobs > 1:
        # One document: its pages are OCR'd side by side instead of idle workers.
        options = dataclasses.replace(options, ocr_jobs=args.jobs)
    problem = check_output_folder(args.out) or (args.keep_text and check_keep_text(args.out, args.inputs))
    if problem:
        return usage_error(None, problem)
    try:
        status = run_batch(inputs, args, options, limits)
    except KeyboardInterrupt:          # while the batch was being planned, before any document ran
        print("kh-extract: interrupted before any document started", file=sys.stderr)
        return EXIT_SIGNAL[signal.SIGINT]
    if args.review and status in (EXIT_OK, EXIT_SOME_FAILED):
        from .review import build_review
        report = build_review(args.out, inputs=[Path(p) for p in args.inputs])
        if not args.quiet:
            print(f"kh-extract: review pages -> {report.index}", file=sys.stderr)
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kh-extract", description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders, or - for stdin")
    parser.add_argument("-o", "--out", type=Path, default=Path("output"), help="output folder (default: output)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="documents processed in parallel (default: 1)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but failures")
    parser.add_argument("--version", action="version", version=f"kh-extract {__version__}")
    parser.add_argument("--review", action="store_true",
                        help="after the run, write HTML review pages into OUTDIR/review (see kh-extract review -h)")
    limits = parser.add_argument_group("limits per document")
    limits.add_argument("--timeout", type=float, default=Limits.timeout, metavar="SECONDS",
                        help="wall-clock limit; the document is stopped and recorded as a timeout (default: 120)")
    limits.add_argument("--max-memory", type=parse_size, default=Limits.max_memory, metavar="SIZE",
                        help="address-space limit of a worker, e.g. 2G, 800M, or 0 for none (default: 2G)")
    resume = parser.add_argument_group("re-runs").add_mutually_exclusive_group()
    resume.add_argument("--force", action="store_true", help="redo every document, even those done before")
    resume.add_argument("--retry-failed", action="store_true",
                        help="redo only the documents whose last run failed")
    extraction = parser.add_argument_group("extraction")
    extraction.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                            help="when to OCR a PDF page (default: auto, only pages without usable text)")
    extraction.add_argument("--page-timeout", type=float, default=120.0, metavar="SECONDS",
                            help="seconds one page may take in OCR (default: 120)")
    extraction.add_argument("--keep-text", action="store_true",
                            help="also write the extracted text as <name>.txt beside the JSON")
    parser.add_argument("--dask", metavar="SCHEDULER",
                        help="run the documents on a Dask cluster: tcp://HOST:8786, or local[:N] for N local workers")
    return parser


def parse_size(text: str) -> int | None:
    """A size with an optional K/M/G suffix; 0 or ``none`` means no limit.

    >>> parse_size("2G"), parse_size("512M"), parse_size("0")
    (2147483648, 536870912, None)
    """
    units = {"K": 1024, "M": 1024 ** 2, "G": GIB, "T": 1024 * GIB}
    raw = text.strip().upper().removesuffix("B")
    if raw in ("0", "NONE"):
        return None
    scale = units.get(raw[-1:], 1)
    try:
        value = float(raw[:-1] if raw[-1:] in units else raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 2G or 800M") from None
    return int(value * scale)


def usage_error(parser: argparse.ArgumentParser | None, message: str) -> int:
    if parser is not None:
        parser.print_usage(sys.stderr)
    print(f"kh-extract: {message}", file=sys.stderr)
    return EXIT_USAGE


def check_output_folder(out: Path) -> str | None:
    """Why ``out`` cannot hold the results, or None. Creates it when missing."""
    if out.exists() and not out.is_dir():
        return f"-o {out}: exists and is not a folder"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"-o {out}: cannot create the output folder ({exc.strerror or exc})"
    if not os.access(out, os.W_OK | os.X_OK):
        return f"-o {out}: the output folder is not writable"
    try:
        Manifest(out).open().close()
    except OSError as exc:
        return f"-o {out}: cannot write in the output folder ({exc.strerror or exc})"
    return None


def check_keep_text(out: Path, roots: list[str]) -> str | None:
    """--keep-text writes .txt files: they must not land among the inputs."""
    out_abs = Path(os.path.abspath(out))
    for root in roots:
        root_abs = Path(os.path.abspath(root))
        if root_abs.is_dir() and out_abs.is_relative_to(root_abs):
            return (f"--keep-text: the output folder {out} is inside the input folder {root}; "
                    "its .txt files would be read as inputs by the next run: choose another -o")
    return None


# -- stdin ----------------------------------------------------------------------

def run_stdin(options: Options, limits: Limits) -> int:
    """One document from stdin (text or PDF bytes), its JSON to stdout as UTF-8."""
    from .ingest import IngestError, read_limited
    try:
        data = read_limited(sys.stdin.buffer)
    except IngestError as exc:
        print(f"kh-extract: <stdin>: ingest/{exc.code}: {exc.message}", file=sys.stderr)
        return EXIT_SOME_FAILED
    try:
        with WorkerPool(1, limits, fork=True) as pool:
            outcome = pool.run_one(Job(0, None, None, options=options, data=data))
    except WorkerStartError as exc:
        print(f"kh-extract: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if outcome.failed:
        print(f"kh-extract: <stdin>: {outcome.describe()}", file=sys.stderr)
        return EXIT_SOME_FAILED
    sys.stdout.buffer.write(outcome.json_text.encode("utf-8"))
    sys.stdout.buffer.flush()
    return EXIT_OK


# -- a batch --------------------------------------------------------------------

class Interrupts:
    """SIGINT / SIGTERM while a batch runs: the first stops new documents, the second abandons running ones."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.count = 0
        self.signal: int | None = None
        self._previous: dict[int, object] = {}

    def __enter__(self) -> "Interrupts":
        for sig in EXIT_SIGNAL:
            self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc_info) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)

    def _handle(self, signum, _frame) -> None:
        self.count += 1
        self.signal = self.signal or signum
        if self.count == 1:
            self.progress.error("kh-extract: interrupted: finishing the running documents "
                                "(interrupt again to abandon them)")

    def level(self) -> int:
        return min(self.count, 2)


def run_batch(inputs: list[Input], args: argparse.Namespace, options: Options, limits: Limits) -> int:
    try:
        executor = make_executor(args, limits).__enter__()
    except (OSError, TimeoutError, ValueError) as exc:       # a Dask scheduler that cannot be reached
        return usage_error(None, f"--dask {args.dask}: {exc}")
    try:
        if isinstance(executor, WorkerPool):    # workers import the pipeline while the batch is planned
            executor.start(min(args.jobs, len(inputs)))
        return run_planned_batch(executor, inputs, args, options)
    finally:
        executor.__exit__(None, None, None)


def run_planned_batch(executor, inputs: list[Input], args: argparse.Namespace, options: Options) -> int:
    out_dir: Path = args.out
    out_abs = Path(os.path.abspath(out_dir))
    manifest = Manifest(out_dir).load()
    version = tool_version()
    tally = Tally(total=len(inputs))
    jobs, planned, clashes, outputs = [], {}, [], set()
    for key, item in enumerate(inputs):
        if item.output in outputs:      # only odd names can meet here (``a.md.txt`` and ``a.md``)
            clashes.append(item)
            continue
        outputs.add(item.output)
        sha256, size = fingerprint(item.source)
        if skip(manifest, item, sha256, version, out_dir, args):
            tally.skipped += 1
            continue
        job = Job(key, str(item.source), str(out_abs / item.output), str(out_abs / item.error_output),
                  str(out_abs / item.text_output) if args.keep_text else None, options)
        planned[key] = (item, sha256, size)
        jobs.append(job)
    sweep_stale_temps(out_abs, [job for job in jobs])
    progress = Progress(tally, quiet=args.quiet)
    manifest.open()
    interrupts = Interrupts(progress)
    try:
        with interrupts:
            progress.start()
            for item in clashes:
                message = f"another input of this batch also writes {item.output}; rename one of them"
                record(manifest, tally, progress, item, Outcome("error", 0.0, "plan", "name_clash", message),
                       None, None, version, written="")
            for job, outcome in executor.run(jobs, interrupts.level):
                item, sha256, size = planned[job.key]
                record(manifest, tally, progress, item, outcome, sha256, size, version)
    except WorkerStartError as exc:
        progress.close()
        print(f"kh-extract: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        manifest.close()
    progress.close()
    interrupted = interrupts.count > 0
    if not args.quiet or tally.failures or interrupted:
        print(tally.summary(str(out_dir), interrupted), file=sys.stderr)
    if interrupted:
        return EXIT_SIGNAL.get(interrupts.signal, 130)
    return EXIT_SOME_FAILED if tally.failures else EXIT_OK


def make_executor(args: argparse.Namespace, limits: Limits):
    if args.dask:
        from .distributed import DaskExecutor
        return DaskExecutor(args.dask, limits)
    return WorkerPool(args.jobs, limits, fork=True)


def skip(manifest: Manifest, item: Input, sha256: str | None, version: str, out_dir: Path,
         args: argparse.Namespace) -> bool:
    if args.force:
        return False
    if args.retry_failed and not manifest.failed_before(item.output):
        return True
    return manifest.is_done(item.output, sha256, version, out_dir)


def record(manifest: Manifest, tally: Tally, progress: Progress, item: Input, outcome: Outcome,
           sha256: str | None, size: int | None, version: str, written: str | None = None) -> None:
    """Count one finished document, append its manifest line, report it."""
    ok = not outcome.failed
    manifest.append(Entry(
        input=str(item.source), sha256=outcome.sha256 or sha256, size=size, status=outcome.status,
        output=(item.output if ok else item.error_output) if written is None else written, tool_version=version,
        elapsed=round(outcome.elapsed, 3), stage=outcome.stage, code=outcome.code, message=outcome.message))
    if ok:
        tally.written += 1
    else:
        tally.failed[outcome.code or outcome.status] += 1
        progress.error(f"kh-extract: {item.source}: {outcome.describe()}")
    progress.advance(failed=not ok)


def fingerprint(path: Path) -> tuple[str | None, int | None]:
    """(sha256, size) of a regular file; (None, None) for anything else (the worker reports why)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None, None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, None
    finally:
        os.close(fd)
    try:
        return file_sha256(path), info.st_size
    except OSError:
        return None, info.st_size


def sweep_stale_temps(out_dir: Path, jobs: list[Job]) -> None:
    """Remove temp files a killed run left for the outputs of this batch."""
    names_by_folder: dict[Path, set[str]] = {}
    for job in jobs:
        for final in (job.output, job.error_output, job.text_output):
            if final:
                names_by_folder.setdefault(Path(final).parent, set()).add(Path(final).name)
    for folder, names in names_by_folder.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if temp_target(entry.name) in names:
                Path(entry.path).unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
