"""Run a batch's documents as Dask tasks (``kh-extract --dask ADDRESS``).

The scheduler is ``dask.distributed``: ``--dask tcp://host:8786`` joins a
running cluster, ``--dask local`` or ``--dask local:N`` starts a
``LocalCluster`` of N single-threaded worker processes. Everything around the
documents stays in the command's own process, as in a local run: the plan,
skip-done, the manifest, progress and exit status.

Each task runs one document in a :class:`~pipeline.batch.WorkerPool` of one
process that the Dask worker keeps across tasks, so the same per-document
time and memory limits hold (a stuck document is killed inside its task; the
task itself always returns) and the JSON is byte for byte the one a local run
writes. Output paths are absolute: on a real cluster the inputs and the output
folder must be on a filesystem every worker sees at the same path.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable, Iterable, Iterator

from .batch import Job, Limits, Outcome, WorkerPool

_local = threading.local()


def run_task(job: Job, limits: Limits) -> Outcome:
    """The Dask task: one document in this thread's worker pool (started on first use)."""
    pool = getattr(_local, "pool", None)
    if pool is None or pool.limits != limits:
        if pool is not None:
            pool.close()
        pool = _local.pool = WorkerPool(1, limits)
    return pool.run_one(job)


def parse_address(text: str) -> tuple[str | None, int]:
    """(scheduler address, local workers): ``local[:N]`` means a LocalCluster of N workers.

    >>> parse_address("local:3"), parse_address("local")[0], parse_address("tcp://10.0.0.5:8786")
    ((None, 3), None, ('tcp://10.0.0.5:8786', 0))
    """
    if text == "local" or text.startswith("local:"):
        count = text.partition(":")[2]
        if count and (not count.isdigit() or int(count) < 1):
            raise ValueError("the number of local workers must be a positive integer")
        return None, int(count) if count else _cpu_count()
    return text, 0


def _cpu_count() -> int:
    import os
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class DaskExecutor:
    """Runs jobs on a Dask cluster; the same ``run`` interface as :class:`WorkerPool`."""

    def __init__(self, address: str, limits: Limits):
        self.address, self.local_workers = parse_address(address)
        self.limits = limits
        self._cluster = None
        self._client = None

    def __enter__(self) -> "DaskExecutor":
        from dask.distributed import Client, LocalCluster
        if self.address is None:
            # memory_limit=0: the per-document limit is ours (RLIMIT_AS in the
            # document's process); Dask's own would restart a worker instead.
            self._cluster = LocalCluster(n_workers=self.local_workers, threads_per_worker=1, processes=True,
                                         memory_limit=0, dashboard_address=None, silence_logs=logging.ERROR)
            self._client = Client(self._cluster)
        else:
            self._client = Client(self.address, timeout="30s")
        return self

    def __exit__(self, *exc_info) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def run(self, jobs: Iterable[Job], stop_level: Callable[[], int] = lambda: 0
            ) -> Iterator[tuple[Job, Outcome]]:
        """Yield (job, outcome) as tasks end; on an interrupt, cancel what has not ended."""
        from dask.distributed import as_completed
        futures = {}
        for job in jobs:
            future = self._client.submit(run_task, job, self.limits, pure=False, key=f"kh-extract-{job.key}")
            futures[future.key] = (future, job)
        if not futures:
            return
        finished = as_completed([future for future, _ in futures.values()])
        while not finished.is_empty():
            if stop_level():
                self._client.cancel([future for future, _ in futures.values()])
                return
            batch = finished.next_batch(block=False)
            if not batch:
                time.sleep(0.05)
                continue
            for future in batch:
                _, job = futures.pop(future.key)
                yield job, _outcome_of(future)


def _outcome_of(future) -> Outcome:
    """The task's outcome; a task that failed in Dask itself (its worker lost) is an error outcome."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - reported per document, the batch goes on
        return Outcome("error", 0.0, "dask", type(exc).__name__, str(exc) or type(exc).__name__)
