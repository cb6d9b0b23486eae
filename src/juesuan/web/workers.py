"""The web app's background workers: audits (and builds) run in a pebble process pool, never in a request.

Each task runs in a worker process with the batch runner's limits (a time limit per file, an address-space
limit per worker: :class:`juesuan.batch.Limits`); a worker that dies or overruns is replaced and the task
becomes a failed outcome with its reason. Workers are started with ``spawn`` (the server has threads; a
forked copy of them could deadlock). Finished audits are saved by one thread, in order, each outcome in its
own transaction (:meth:`juesuan.store.Store.save`), and their jobs marked done.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from ..batch import Limits, limit_memory, pool_failure
from ..pipeline.outcome import FAILED, Outcome, audit_file, file_digest
from ..store import Store
from ..store.jobs import finish_job
from .building import BuildSummary, build_files

log = logging.getLogger(__name__)
QUEUED, RUNNING = "queued", "running"


@dataclass
class BuildJob:
    """A dataset being built into report files (kept in memory: its files are in the data directory)."""

    id: str
    name: str  # the dataset's file name as the user gave it
    folder: Path
    formats: tuple[str, ...]
    username: str | None = None
    charts: bool = True  # the report's charts (图); off: juesuan build --no-charts
    summary: BuildSummary | None = None
    future: Future[BuildSummary] | None = field(default=None, repr=False)

    @property
    def status(self) -> str:
        if self.summary is not None:
            return "done" if self.summary.status != "failed" else "failed"
        if self.future is not None and self.future.running():
            return RUNNING
        return QUEUED


class Workers:
    """A process pool for audits and builds, and the thread that saves finished audits into the store."""

    def __init__(self, store: Store, jobs: int, limits: Limits, *, audit: Callable[..., Outcome] = audit_file):
        from pebble import ProcessPool

        self.store = store
        self.limits = limits
        self.audit = audit
        self.pool = ProcessPool(
            max_workers=max(1, jobs), max_tasks=50, initializer=limit_memory, initargs=(limits.memory,),
            context=multiprocessing.get_context("spawn"),
        )  # fmt: skip
        self.running: dict[str, Future[Outcome]] = {}
        self.builds: dict[str, BuildJob] = {}
        self._lock = threading.Lock()
        self._finished: queue.Queue[tuple[str, str, Future[Outcome]] | None] = queue.Queue()
        self._saver = threading.Thread(target=self._save_loop, name="juesuan-saver", daemon=True)
        self._saver.start()

    # -- audits --------------------------------------------------------------------------------------------

    def submit_audit(self, job_id: str, path: Path) -> None:
        future: Future[Outcome] = self.pool.schedule(self.audit, args=(str(path),), timeout=self.limits.timeout or None)
        with self._lock:
            self.running[job_id] = future
        future.add_done_callback(lambda done: self._finished.put((job_id, str(path), done)))

    def state(self, job_id: str) -> str | None:
        """``running`` while a worker audits the job, ``queued`` while it waits for one; None when the pool does
        not have it (finished, or never submitted by this server)."""
        with self._lock:
            future = self.running.get(job_id)
        if future is None or future.done():
            return None
        return RUNNING if future.running() else QUEUED

    def pending(self) -> int:
        with self._lock:
            return sum(not f.done() for f in self.running.values())

    def _save_loop(self) -> None:
        while (item := self._finished.get()) is not None:
            job_id, path, future = item
            try:
                self._save(job_id, path, future)
            except Exception:  # the store is gone or broken: the job stays queued, audited again on restart
                log.exception("saving the audit of job %s failed", job_id)
            finally:
                with self._lock:
                    self.running.pop(job_id, None)

    def _save(self, job_id: str, path: str, future: Future[Outcome]) -> None:
        if future.cancelled():
            return
        try:
            outcome = future.result()
        except Exception as exc:
            sha256, size = file_digest(path)
            outcome = Outcome(path, sha256, size, FAILED, 2, pool_failure(exc, self.limits))
        report_id = self.store.save(outcome)
        finish_job(self.store, job_id, report_id=report_id)

    def wait(self, timeout: float = 60.0) -> bool:
        """Until every submitted audit is saved (tests, shutdown); False on time-out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self.running:
                    return True
            time.sleep(0.05)
        return False

    # -- builds --------------------------------------------------------------------------------------------

    def submit_build(self, build: BuildJob, dataset: Path) -> None:
        future: Future[BuildSummary] = self.pool.schedule(
            build_files, args=(str(dataset), str(build.folder / "out"), build.formats, build.name, build.charts),
            timeout=self.limits.timeout or None,
        )  # fmt: skip
        build.future = future
        with self._lock:
            self.builds[build.id] = build

        def done(finished: Future[BuildSummary]) -> None:
            try:
                build.summary = finished.result()
            except Exception as exc:
                build.summary = BuildSummary("failed", 2, problems=(pool_failure(exc, self.limits),))

        future.add_done_callback(done)

    def build(self, build_id: str) -> BuildJob | None:
        with self._lock:
            return self.builds.get(build_id)

    # -- the end ---------------------------------------------------------------------------------------------

    def close(self) -> None:
        """Stop the workers (what runs is ended: a queued job is audited again when the server restarts)."""
        self.pool.stop()  # type: ignore[no-untyped-call]
        self.pool.join()
        self._finished.put(None)
        self._saver.join(timeout=10)
