"""Progress of a batch on stderr, and its final summary.

On a terminal: a bar with the count, rate, ETA and failures so far (tqdm).
Elsewhere (CI, a log file): a plain line every ``every`` documents or every
``interval`` seconds, whichever comes first. Quiet: nothing but failures (and
the summary when something failed or the run was interrupted).
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class Tally:
    """What a batch did, for the summary."""
    total: int                              # documents in the batch
    skipped: int = 0                        # already done by an earlier run
    written: int = 0
    failed: Counter = field(default_factory=Counter)   # code -> documents
    started: float = field(default_factory=time.perf_counter)

    @property
    def failures(self) -> int:
        return sum(self.failed.values())

    @property
    def done(self) -> int:
        return self.skipped + self.written + self.failures

    def summary(self, out_dir: str, interrupted: bool = False) -> str:
        """One line: written, failed by code, skipped, documents, time and rate.

        >>> tally = Tally(total=5, skipped=1, written=2)
        >>> tally.failed.update(["timeout", "binary"])
        >>> tally.started -= 2.0
        >>> tally.summary("out").split(";")[0]
        'kh-extract: 2 written, 2 failed (binary 1, timeout 1), 1 skipped as already done'
        """
        elapsed = time.perf_counter() - self.started
        processed = self.written + self.failures
        failed = f"{self.failures} failed"
        if self.failed:
            failed += " (" + ", ".join(f"{code} {n}" for code, n in sorted(self.failed.items())) + ")"
        head = f"kh-extract: {self.written} written, {failed}, {self.skipped} skipped as already done"
        rate = processed / elapsed if elapsed > 0 else 0.0
        tail = f"{processed} processed in {elapsed:.1f} s ({rate:.1f} documents/s) -> {out_dir}"
        if interrupted:
            left = self.total - self.done
            return (f"{head}; interrupted after {self.done} of {self.total} documents, {left} not done; "
                    f"{tail}; run the same command again to resume")
        return f"{head}; {tail}"


class Progress:
    """Reports a batch as it runs; ``error()`` prints one failure without breaking the bar."""

    def __init__(self, tally: Tally, quiet: bool = False, stream: TextIO | None = None,
                 interval: float = 10.0, every: int | None = None):
        self.tally = tally
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.interval = interval
        self.to_run = tally.total - tally.skipped
        self.every = every or max(1, self.to_run // 10)
        self._last_line = time.monotonic()
        self._since_line = 0
        self._bar = None
        if not quiet and self.to_run and _is_terminal(self.stream):
            self._bar = self._make_bar()

    def _make_bar(self):
        from tqdm import tqdm
        tqdm.monitor_interval = 0           # no monitor thread
        return tqdm(total=self.to_run, file=self.stream, unit="doc", dynamic_ncols=True,
                    desc="kh-extract", postfix="0 failed")

    def start(self) -> None:
        if not self.quiet and self._bar is None:
            skipped = f", {self.tally.skipped} skipped as already done" if self.tally.skipped else ""
            self._print(f"kh-extract: {self.to_run} documents to process{skipped}")

    def advance(self, failed: bool) -> None:
        if self._bar is not None:
            if failed:
                self._bar.set_postfix_str(f"{self.tally.failures} failed", refresh=False)
            self._bar.update(1)
            return
        self._since_line += 1
        if not self.quiet and (self._since_line >= self.every
                               or time.monotonic() - self._last_line >= self.interval):
            self._print(self.line())

    def line(self) -> str:
        """A plain progress line: count, share, rate, ETA, failures."""
        processed = self.tally.written + self.tally.failures
        elapsed = time.perf_counter() - self.tally.started
        rate = processed / elapsed if elapsed > 0 else 0.0
        left = self.to_run - processed
        eta = _duration(left / rate) if rate > 0 else "?"
        share = processed / self.to_run if self.to_run else 1.0
        return (f"kh-extract: {processed}/{self.to_run} documents ({share:.0%}), {rate:.1f}/s, "
                f"ETA {eta}, {self.tally.failures} failed")

    def error(self, text: str) -> None:
        self._print(text)

    def note(self, text: str) -> None:
        if not self.quiet:
            self._print(text)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def _print(self, text: str) -> None:
        self._last_line, self._since_line = time.monotonic(), 0
        if self._bar is not None:
            self._bar.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _duration(seconds: float) -> str:
    """
    >>> _duration(75), _duration(3725)
    ('1m15s', '1h02m')
    """
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"
