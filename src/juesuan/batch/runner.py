"""The batch runner: audit many files, each in an isolated worker process, into the store.

``run_batch(paths, ...)`` collects the files (folders recursively), skips those the store holds already for the
same content and versions, audits the rest in a pool of worker processes (pebble) with a time and a memory
limit per file, or on a Dask distributed cluster, and saves each outcome in the parent as it arrives, one
transaction per report, so that a killed batch loses nothing stored and a rerun audits only what is missing.
A file that crashes, hangs or runs out of memory is recorded as failed with its reason; the batch goes on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..findings import Finding
from ..model.reading import KIND_NAMES
from ..pipeline.cases import REPORT_SUFFIXES
from ..pipeline.outcome import (
    FAILED,
    STATUS_LABELS,
    Outcome,
    Versions,
    audit_file,
    file_digest,
    finding_row,
    report_row,
    worst_exit,
)
from ..render.summary import FindingRow, ReportRow
from ..store import Store
from ..store.rows import Prepared, prepare

#: What a folder is searched for (a file named on the command line is audited whatever its name).
BATCH_SUFFIXES = frozenset(REPORT_SUFFIXES | {".txt"})
DEFAULT_TIMEOUT = 600.0  # seconds per file
DEFAULT_MEMORY = 4096  # MiB of address space per worker


@dataclass(frozen=True)
class Limits:
    """Per-file limits: wall-clock seconds and worker address space in MiB (0: no limit)."""

    timeout: float = DEFAULT_TIMEOUT
    memory: int = DEFAULT_MEMORY


@dataclass(frozen=True)
class Entry:
    """One file of a batch as the summary and the messages need it (not its tables)."""

    path: str
    sha256: str
    status: str
    exit_code: int
    reason: str
    report_id: int | None  # in the store (None without a store)
    skipped: bool  # stored already: not audited again
    row: ReportRow
    findings: tuple[FindingRow, ...] = ()
    seconds: float = 0.0


@dataclass
class BatchResult:
    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # paths that do not exist or cannot be listed
    seconds: float = 0.0

    @property
    def audited(self) -> int:
        return sum(not e.skipped for e in self.entries)

    @property
    def skipped(self) -> int:
        return sum(e.skipped for e in self.entries)

    @property
    def exit_code(self) -> int:
        codes = [e.exit_code for e in self.entries] + ([2] if self.problems else [])
        return worst_exit(codes)


@dataclass(frozen=True)
class Progress:
    """What the runner tells its caller: ``total`` files, ``done`` so far, the entry just finished (None at
    the start), and the files being audited now."""

    total: int
    done: int
    entry: Entry | None = None
    running: tuple[str, ...] = ()


def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """The files to audit, in a stable order without duplicates, and the paths that are not there."""
    files: dict[Path, None] = {}
    problems: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            try:
                found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in BATCH_SUFFIXES)
            except OSError as exc:
                problems.append(f"{path}：无法列出目录内容（{exc.strerror or exc}）")
                continue
            if not found:
                problems.append(f"{path}：目录中没有可审核的报告（PDF、DOCX、XLSX、HTML 或文本）")
            files.update(dict.fromkeys(found))
        elif path.is_file():
            files[path] = None
        else:
            problems.append(f"{path}：文件或目录不存在")
    return list(files), problems


def limit_memory(mib: int) -> None:  # pragma: no cover - runs in the worker processes
    """A worker's initializer: limit its address space to ``mib`` MiB (0: no limit)."""
    if mib > 0:
        import resource

        limit = mib * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _failed(path: str, reason: str, seconds: float = 0.0) -> Outcome:
    sha256, size = file_digest(path)
    return Outcome(path, sha256, size, FAILED, 2, reason, seconds=seconds)


def _entry(outcome: Outcome, report_id: int | None, skipped: bool) -> Entry:
    shown = report_id if report_id is not None else outcome.path
    findings: tuple[Finding, ...] = outcome.report.findings if outcome.report is not None else ()
    return Entry(
        path=outcome.path, sha256=outcome.sha256, status=outcome.status, exit_code=outcome.exit_code,
        reason=outcome.reason, report_id=report_id, skipped=skipped, row=report_row(outcome, shown),
        findings=tuple(finding_row(f, shown, outcome.path) for f in findings), seconds=outcome.seconds,
    )  # fmt: skip


def _stored_entry(store: Store, sha256: str, versions: Versions, path: str) -> Entry | None:
    """The entry of a file stored already, from the store's rows (without reading its whole record back)."""
    report_id = store.find(sha256, versions)
    stored = store.report(report_id) if report_id is not None else None
    if stored is None or report_id is None:
        return None
    row = ReportRow(
        id=report_id, file=path, department=stored.department or "", year=stored.year,
        kind=KIND_NAMES.get(stored.kind or "", stored.kind or ""), profile=stored.profile or "",
        status=STATUS_LABELS.get(stored.status, stored.status), reason=stored.reason, errors=stored.errors,
        warnings=stored.warnings, infos=stored.infos, tables=stored.tables_found, pages=stored.pages,
        seconds=round(stored.seconds, 2),
    )  # fmt: skip
    findings = tuple(f.summary_row(path) for f in store.findings(report_id))
    return Entry(
        path=path, sha256=sha256, status=stored.status, exit_code=stored.exit_code, reason=stored.reason,
        report_id=report_id, skipped=True, row=row, findings=findings, seconds=stored.seconds,
    )  # fmt: skip


Task = Callable[[str, str | None], Outcome]


@dataclass(frozen=True)
class Finished:
    """What a worker sends back: the file's entry (no store id yet) and, for a store, its rows."""

    entry: Entry
    prepared: Prepared | None


def _finish(outcome: Outcome, keep: bool) -> Finished:
    return Finished(_entry(outcome, None, skipped=False), prepare(outcome) if keep else None)


def _work(task: Task, path: str, profile: str | None, keep: bool) -> Finished:
    """Runs in a worker: the audit, and the summary rows and store rows made from it there, so that the parent
    only writes (the whole case never crosses between the processes)."""
    return _finish(task(path, profile), keep)


def _with_id(entry: Entry, report_id: int) -> Entry:
    return replace(
        entry, report_id=report_id, row=replace(entry.row, id=report_id),
        findings=tuple(replace(f, report=report_id) for f in entry.findings),
    )  # fmt: skip


class _Local:
    """A pebble process pool: each file in a worker with the limits; a crashed worker is replaced."""

    def __init__(self, jobs: int, limits: Limits) -> None:
        from pebble import ProcessPool

        self.limits = limits
        # a worker audits several files, then is replaced, which bounds what a leak can hold
        self.pool = ProcessPool(max_workers=jobs, max_tasks=50, initializer=limit_memory, initargs=(limits.memory,))

    def submit(self, task: Task, path: str, profile: str | None, keep: bool) -> Future[Finished]:
        timeout = self.limits.timeout or None
        return self.pool.schedule(_work, args=(task, path, profile, keep), timeout=timeout)

    def reason(self, exc: BaseException) -> str:
        return pool_failure(exc, self.limits)

    def close(self, cancel: bool = False) -> None:
        if cancel:
            self.pool.stop()  # type: ignore[no-untyped-call]
        else:
            self.pool.close()  # type: ignore[no-untyped-call]
        self.pool.join()


class _Cluster:
    """A Dask distributed cluster: the same task on its workers. Dask cannot stop a running task, so the
    time limit marks the file failed and the batch goes on; memory is the cluster workers' own limit."""

    def __init__(self, address: object, limits: Limits) -> None:
        from distributed import Client

        self.limits = limits
        self.client = Client(address, timeout=30, set_as_default=False)  # type: ignore[no-untyped-call]

    def submit(self, task: Task, path: str, profile: str | None, keep: bool) -> Future[Finished]:
        from distributed import fire_and_forget

        key = f"juesuan-audit-{path}-{time.time_ns()}"
        remote = self.client.submit(_work, task, path, profile, keep, pure=False, key=key)
        future: Future[Finished] = Future()

        def done(t: object) -> None:
            try:
                future.set_result(remote.result())
            except BaseException as exc:  # the task's error, shown as the file's reason
                future.set_exception(exc)

        remote.add_done_callback(done)  # type: ignore[no-untyped-call]
        fire_and_forget(remote)  # type: ignore[no-untyped-call]
        return future

    def slots(self) -> int:
        return max(1, sum(self.client.nthreads().values()))  # type: ignore[no-untyped-call]

    def reason(self, exc: BaseException) -> str:
        return _reason(exc)

    def close(self, cancel: bool = False) -> None:
        self.client.close()  # type: ignore[no-untyped-call]


def pool_failure(exc: BaseException, limits: Limits) -> str:
    """Why a file's task in a pebble worker came back without an outcome (time-out, a dead worker, an error)."""
    from pebble import ProcessExpired

    if isinstance(exc, FutureTimeout | TimeoutError):
        return f"超过时间限制（{limits.timeout:g} 秒），已终止"
    if isinstance(exc, ProcessExpired):
        code = exc.exitcode
        signal = f"信号 {-code}" if code is not None and code < 0 else f"退出码 {code}"
        return f"审核进程异常退出（{signal}；可能超出内存限制 {limits.memory} MiB 或读取库崩溃）"
    return _reason(exc)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, MemoryError):
        return "内存不足，审核中止"
    return f"审核出错（{type(exc).__name__}：{exc}）"


def run_batch(
    paths: Iterable[str | Path],
    *,
    store: Store | None = None,
    jobs: int | None = None,
    limits: Limits = Limits(),
    profile: str | None = None,
    cluster: object | None = None,
    progress: Callable[[Progress], None] | None = None,
    task: Task = audit_file,
) -> BatchResult:
    """Audit every file under ``paths``; see the module docstring. ``cluster`` is a Dask scheduler address
    (``tcp://host:port``) or a ``distributed`` cluster object; ``jobs`` defaults to the machine's cores.
    ``task(path, profile)`` audits one file in a worker (a module-level function, so that it can be sent
    there): :func:`juesuan.pipeline.outcome.audit_file` unless a caller needs another."""
    start = time.perf_counter()
    files, problems = collect(paths)
    result = BatchResult(problems=problems)
    versions = Versions()
    stored = store.stored(versions) if store is not None else set()
    todo: list[str] = []
    for path in files:
        sha256, _ = file_digest(path)
        if store is not None and sha256 and sha256 in stored:
            entry = _stored_entry(store, sha256, versions, str(path))
            if entry is not None:
                result.entries.append(entry)
                continue
        todo.append(str(path))
    total = len(files)
    if progress:
        progress(Progress(total, len(result.entries)))
    if todo:
        in_flight: dict[str, None] = {}
        for finished in _run(todo, jobs, limits, profile, cluster, in_flight, task, store is not None):
            entry = finished.entry
            if store is not None and finished.prepared is not None:
                entry = _with_id(entry, store.save(finished.prepared))
            result.entries.append(entry)
            if progress:
                progress(Progress(total, len(result.entries), entry, tuple(in_flight)))
    order = {str(p): i for i, p in enumerate(files)}
    result.entries.sort(key=lambda e: order.get(e.path, len(order)))
    result.seconds = time.perf_counter() - start
    return result


def _run(
    todo: list[str],
    jobs: int | None,
    limits: Limits,
    profile: str | None,
    cluster: object | None,
    in_flight: dict[str, None],
    task: Task,
    keep: bool,
) -> Iterator[Finished]:
    """Outcomes as they finish. At most a window of files is in flight (the workers' slots, twice over on the
    local pool), so that a file's time is counted from when it started and finished outcomes do not pile up."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    runner: _Local | _Cluster = _Cluster(cluster, limits) if cluster is not None else _Local(jobs, limits)
    window = runner.slots() if isinstance(runner, _Cluster) else 2 * jobs
    timeout = limits.timeout if isinstance(runner, _Cluster) and limits.timeout else None
    queue = list(reversed(todo))
    running: dict[Future[Finished], tuple[str, float]] = {}
    cancel = True
    try:
        while queue or running:
            while queue and len(running) < window:
                path = queue.pop()
                running[runner.submit(task, path, profile, keep)] = (path, time.perf_counter())
                in_flight[path] = None
            done, _ = wait(running, timeout=_next_deadline(running, timeout), return_when=FIRST_COMPLETED)
            for future in done:
                path, began = running.pop(future)
                in_flight.pop(path, None)
                try:
                    finished = future.result()
                except Exception as exc:  # a crash, a time-out: the file failed, the batch goes on
                    finished = _finish(_failed(path, runner.reason(exc), time.perf_counter() - began), keep)
                yield finished
            if timeout is not None:  # on a cluster the parent enforces the time limit
                now = time.perf_counter()
                for future in [f for f, (_, began) in running.items() if now - began >= timeout]:
                    path, began = running.pop(future)
                    in_flight.pop(path, None)
                    future.cancel()
                    yield _finish(_failed(path, f"超过时间限制（{timeout:g} 秒），已放弃", now - began), keep)
        cancel = False
    finally:
        runner.close(cancel=cancel)


def _next_deadline(running: dict[Future[Finished], tuple[str, float]], timeout: float | None) -> float | None:
    if timeout is None or not running:
        return None
    first = min(began for _, began in running.values())
    return max(0.0, first + timeout - time.perf_counter())
