"""Documents run in worker processes that can be killed: hard per-document limits.

A :class:`WorkerPool` keeps ``size`` worker processes alive across documents
(each imports the pipeline once) and gives each one document at a time. The
parent enforces the wall-clock limit from outside: a document that runs past
``Limits.timeout`` has its worker killed (SIGKILL) and replaced, and gets a
``timeout`` outcome naming the stage it was in. Each worker runs under
``RLIMIT_AS = Limits.max_memory``, so a document that needs more memory gets
``MemoryError`` inside its worker: it is reported as ``memory`` and the worker
is replaced. Either way the batch goes on.

A worker talks to the parent over two pipes (jobs in, messages out). The
command line forks its workers (``fork=True``): the pipeline is imported once,
in the parent, and a replaced worker starts at once. Elsewhere (inside a Dask
worker, which runs threads of its own) a worker is a new interpreter, started
as ``python -c 'from pipeline.batch import serve; serve()'``. Either way it asks
the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG`` on Linux;
elsewhere a thread watches the parent), so a batch killed with SIGKILL leaves
no worker behind. Workers ignore SIGINT: on Ctrl-C the parent decides whether
running documents finish.

The worker writes its outputs itself, each atomically (temp file + rename), so
a killed worker leaves at most a ``.<name>.<random>.tmp`` file, which the
parent removes.
"""
from __future__ import annotations

import glob
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .emit import TEMP_SUFFIX, dumps, write_json, write_text
from .options import DEFAULT_OPTIONS, Options

GIB = 1024 ** 3


@dataclass(frozen=True)
class Limits:
    """Hard limits of one document: wall-clock seconds and address-space bytes (None: no limit)."""
    timeout: float = 120.0
    max_memory: int | None = 2 * GIB

    def __post_init__(self) -> None:
        if self.timeout <= 0:
            raise ValueError(f"timeout={self.timeout!r}: must be a positive number of seconds")
        if self.max_memory is not None and self.max_memory < 256 * 1024 ** 2:
            raise ValueError(f"max_memory={self.max_memory!r}: must be at least 256 MB "
                             "(the pipeline itself needs about 400 MB of address space)")


@dataclass(frozen=True)
class Job:
    """One document to run: a file (``source``) or bytes (``data``, for stdin).

    Output paths are absolute (the worker may run in another folder, or on
    another machine of a cluster); ``output=None`` returns the JSON text in
    the outcome instead of writing it.
    """
    key: int
    source: str | None
    output: str | None
    error_output: str | None = None
    text_output: str | None = None
    options: Options = DEFAULT_OPTIONS
    data: bytes | None = None


@dataclass(frozen=True)
class Outcome:
    status: str                     # ok | error | timeout | memory
    elapsed: float                  # seconds
    stage: str | None = None
    code: str | None = None
    message: str | None = None
    sha256: str | None = None       # of the bytes the worker read
    json_text: str | None = None    # only when the job had no output path (stdin)

    @property
    def failed(self) -> bool:
        return self.status != "ok"

    def describe(self) -> str:
        return f"{self.stage}/{self.code}: {self.message}"


class WorkerStartError(RuntimeError):
    """No worker could start (a broken install, or a memory limit too low to import the pipeline)."""


# -- the worker side ------------------------------------------------------------

def run_job(job: Job, on_stage: Callable[[str], None] = lambda stage: None) -> Outcome:
    """Run one document in this process: read, every stage, validate, write.

    A failure writes ``<name>.error.json`` and removes a stale ``<name>.json``
    (and the reverse on success), so the output folder never shows a result
    that no longer matches its input.
    """
    from . import runner
    from .ingest import document_from_bytes, read_document
    from .output import to_output
    from .validate import validate

    started = time.perf_counter()
    stage, sha256 = "ingest", None
    try:
        on_stage(stage)
        doc = (read_document(job.source, job.options) if job.data is None
               else document_from_bytes(job.data, None, job.options))
        sha256 = doc.sha256
        for name, function in runner.STAGES:       # one at a time, so a timeout can name the stage
            stage = name
            on_stage(stage)
            runner.run_stages(doc, [(name, function)])
        stage = "output"
        on_stage(stage)
        result = to_output(doc)
        validate(result)
        if job.output is None:
            return Outcome("ok", time.perf_counter() - started, sha256=sha256, json_text=dumps(result))
        stage = "emit"
        on_stage(stage)
        write_json(Path(job.output), result)
        if job.text_output:
            write_text(Path(job.text_output), doc.original)
        if job.error_output:
            Path(job.error_output).unlink(missing_ok=True)
    except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the batch
        failed_stage, code, message = describe_error(exc, stage)
        if code == "MemoryError":
            outcome = Outcome("memory", time.perf_counter() - started, failed_stage, "memory",
                              "the document needs more memory than the limit (--max-memory)", sha256)
        else:
            outcome = Outcome("error", time.perf_counter() - started, failed_stage, code, message, sha256)
        settle_failure(job, outcome)
        return outcome
    return Outcome("ok", time.perf_counter() - started, sha256=sha256)


def describe_error(exc: BaseException, stage: str) -> tuple[str, str, str]:
    """(stage, code, message) of a per-document failure."""
    from .ingest import IngestError
    from .runner import StageError
    if isinstance(exc, IngestError):
        return "ingest", exc.code, exc.message
    if isinstance(exc, StageError):
        return exc.stage, type(exc.cause).__name__, str(exc.cause) or type(exc.cause).__name__
    return stage, type(exc).__name__, str(exc) or type(exc).__name__


def settle_failure(job: Job, outcome: Outcome) -> None:
    """Write the error record of a failed job and remove its stale outputs."""
    if job.error_output is None:
        return
    try:
        write_json(Path(job.error_output), {
            "file": job.source, "stage": outcome.stage, "code": outcome.code,
            "message": outcome.message, "elapsed": round(outcome.elapsed, 3)})
    except OSError:
        pass                            # the manifest still records the failure
    for stale in (job.output, job.text_output):
        if stale:
            Path(stale).unlink(missing_ok=True)


def remove_temps(job: Job) -> None:
    """Remove the temp files a killed worker left for this job's outputs."""
    for final in (job.output, job.error_output, job.text_output):
        if final:
            path = Path(final)
            pattern = f".{glob.escape(path.name)}.*{TEMP_SUFFIX}"
            for temp in path.parent.glob(pattern):
                temp.unlink(missing_ok=True)


def serve() -> None:
    """The worker process started as a new interpreter: arguments from the command line."""
    fd_in, fd_out, parent_pid, max_memory = (int(a) for a in sys.argv[1:5])
    serve_jobs(fd_in, fd_out, parent_pid, max_memory)


def serve_jobs(fd_in: int, fd_out: int, parent_pid: int, max_memory: int) -> None:
    """The worker loop: set limits, import the pipeline once, run jobs until told to stop."""
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if max_memory > 0:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    jobs, messages = Connection(fd_in, writable=False), Connection(fd_out, readable=False)
    import pipeline  # noqa: F401 - every stage imported once, before the first job
    messages.send(("ready", os.getpid()))
    while True:
        try:
            job = jobs.recv()
        except EOFError:                # the parent closed the pipe (or died)
            return
        if job is None:
            return
        outcome = run_job(job, lambda stage: messages.send(("stage", stage)))
        messages.send(("done", outcome))
        if outcome.status == "memory":  # the heap may be in a poor state: start afresh
            return


PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> None:
    """Make sure this worker ends when the process that started it ends."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):   # not Linux: watch the parent from a thread
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    if os.getppid() != parent_pid:      # the parent died before the request took effect
        os._exit(1)


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(1)


# -- the parent side ------------------------------------------------------------

@dataclass
class _Worker:
    process: subprocess.Popen
    jobs: Connection
    messages: Connection
    ready: bool = False
    job: Job | None = None
    started: float = 0.0
    stage: str = "ingest"


class WorkerPool:
    """``size`` worker processes under ``limits``; :meth:`run` yields outcomes as documents end.

    Use as a context manager: leaving it stops every worker.
    """

    # Seconds a new worker may take to import the pipeline before the batch gives up.
    START_TIMEOUT = 120.0

    def __init__(self, size: int, limits: Limits = Limits(), fork: bool = False):
        if size < 1:
            raise ValueError(f"size={size!r}: must be at least 1")
        self.size = size
        self.limits = limits
        # fork: workers are copies of this process, which has imported the
        # pipeline already (no start-up cost); for a process that holds no
        # threads of its own, like the command line. Otherwise each worker is a
        # new interpreter (safe anywhere, e.g. inside a Dask worker).
        self.fork = fork and hasattr(os, "fork")
        self._workers: list[_Worker] = []

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def run(self, jobs: Iterable[Job], stop_level: Callable[[], int] = lambda: 0
            ) -> Iterator[tuple[Job, Outcome]]:
        """Yield (job, outcome) for every job, in the order they end.

        ``stop_level()`` is polled: 1 stops starting new jobs (the running ones
        finish); 2 abandons the running ones too (their workers are killed,
        their temp files removed, and they are not yielded).
        """
        pending = deque(jobs)
        while True:
            level = stop_level()
            if level >= 2:
                self._abandon_running()
                return
            if level == 0:
                self._dispatch(pending)
            busy = [w for w in self._workers if w.job is not None or not w.ready]
            if not busy and (level or not pending):
                return
            yield from self._collect(busy)
            yield from self._expire()

    def start(self, count: int) -> None:
        """Start up to ``count`` workers now (they import the pipeline while the caller goes on)."""
        while len(self._workers) < min(count, self.size):
            self._workers.append(self._start_worker())

    def run_one(self, job: Job) -> Outcome:
        """Run one job and return its outcome (the worker stays alive for the next)."""
        for _, outcome in self.run([job]):
            return outcome
        raise RuntimeError("job abandoned")

    def close(self) -> None:
        for worker in self._workers:
            if not worker.ready:            # still importing, never used: no need to wait for it
                worker.process.kill()
                continue
            try:
                worker.jobs.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 2.0
        for worker in self._workers:
            try:
                worker.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
            self._close_pipes(worker)
        self._workers = []

    def pids(self) -> list[int]:
        return [w.process.pid for w in self._workers]

    # -- internals

    def _dispatch(self, pending: deque) -> None:
        while pending and len(self._workers) < min(self.size, len(pending) + self._running()):
            self._workers.append(self._start_worker())
        for worker in list(self._workers):
            if pending and worker.ready and worker.job is None:
                job = pending.popleft()
                worker.job, worker.started, worker.stage = job, time.monotonic(), "ingest"
                try:
                    worker.jobs.send(job)
                except OSError:         # the worker died while idle: give the job to another
                    pending.appendleft(job)
                    worker.job = None
                    self._retire(worker, kill=True)

    def _running(self) -> int:
        return sum(1 for w in self._workers if w.job is not None)

    def _collect(self, busy: list[_Worker]) -> Iterator[tuple[Job, Outcome]]:
        if not busy:
            return
        deadlines = [w.started + self.limits.timeout for w in busy if w.job is not None]
        wait_for = min([0.25] + [max(0.0, d - time.monotonic()) for d in deadlines])
        by_conn = {id(w.messages): w for w in busy}
        for conn in wait([w.messages for w in busy], timeout=wait_for):
            worker = by_conn[id(conn)]
            while worker in self._workers:
                try:
                    kind, value = worker.messages.recv()
                except (EOFError, OSError):
                    yield from self._worker_died(worker)
                    break
                if kind == "ready":
                    worker.ready = True
                elif kind == "stage":
                    worker.stage = value
                elif kind == "done":
                    job, worker.job = worker.job, None
                    yield job, value
                    if value.status == "memory":    # that worker exits; reap it now
                        self._retire(worker)
                if worker not in self._workers or not worker.messages.poll():
                    break

    def _expire(self) -> Iterator[tuple[Job, Outcome]]:
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.job is not None and now - worker.started > self.limits.timeout:
                job, stage, elapsed = worker.job, worker.stage, now - worker.started
                self._retire(worker, kill=True)
                remove_temps(job)
                outcome = Outcome("timeout", elapsed, stage, "timeout",
                                  f"no result after {self.limits.timeout:g} s (--timeout); the document was stopped")
                settle_failure(job, outcome)
                yield job, outcome
            elif not worker.ready and now - worker.started > self.START_TIMEOUT:
                self._retire(worker, kill=True)
                raise WorkerStartError(f"a worker did not start within {self.START_TIMEOUT:g} s")

    def _worker_died(self, worker: _Worker) -> Iterator[tuple[Job, Outcome]]:
        job, stage, elapsed = worker.job, worker.stage, time.monotonic() - worker.started
        ready = worker.ready
        self._retire(worker)
        code = worker.process.returncode
        if not ready:
            raise WorkerStartError(f"a worker exited while starting (exit status {code}); "
                                   "is --max-memory too low, or the installation broken?")
        if job is None:
            return
        remove_temps(job)
        how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        outcome = Outcome("error", elapsed, stage, "crash", f"the worker process died ({how})")
        settle_failure(job, outcome)
        yield job, outcome

    def _abandon_running(self) -> None:
        for worker in list(self._workers):
            if worker.job is not None:
                job = worker.job
                self._retire(worker, kill=True)
                remove_temps(job)

    def _retire(self, worker: _Worker, kill: bool = False) -> None:
        if kill:
            worker.process.kill()
        try:
            worker.process.wait(timeout=10.0)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait()
        self._close_pipes(worker)
        self._workers.remove(worker)

    @staticmethod
    def _close_pipes(worker: _Worker) -> None:
        for conn in (worker.jobs, worker.messages):
            try:
                conn.close()
            except OSError:
                pass

    def _start_worker(self) -> _Worker:
        job_r, job_w = os.pipe()
        msg_r, msg_w = os.pipe()
        memory = self.limits.max_memory or 0
        if self.fork:
            process = _fork_worker(job_r, msg_w, (job_w, msg_r), memory)
        else:
            package_root = str(Path(__file__).resolve().parent.parent)
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
            process = subprocess.Popen(
                # "-c" puts the working folder first on sys.path: drop it, so a
                # user's own pipeline.py there is never imported instead of ours
                [sys.executable, "-c", "import sys; del sys.path[0]; from pipeline.batch import serve; serve()",
                 str(job_r), str(msg_w), str(os.getpid()), str(memory)],
                pass_fds=(job_r, msg_w), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, env=env)
        os.close(job_r)
        os.close(msg_w)
        worker = _Worker(process, Connection(job_w, readable=False), Connection(msg_r, writable=False))
        worker.started = time.monotonic()
        return worker


class _ForkedProcess:
    """The parts of ``subprocess.Popen`` the pool uses, for a worker made by ``os.fork``."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def kill(self) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG if deadline is not None else 0)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
            elif time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout)
            else:
                time.sleep(0.01)
        return self.returncode


def _fork_worker(job_r: int, msg_w: int, parent_ends: tuple[int, int], max_memory: int) -> _ForkedProcess:
    """A worker forked from this process; the child never returns from here."""
    parent_pid = os.getpid()
    pid = os.fork()
    if pid:
        return _ForkedProcess(pid)
    try:                                        # the child
        for fd in parent_ends:
            os.close(fd)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)                     # a stray print never reaches the parent's stdout
        serve_jobs(job_r, msg_w, parent_pid, max_memory)
        code = 0
    except BaseException:                       # noqa: BLE001 - the child must never return
        code = 1
    os._exit(code)
