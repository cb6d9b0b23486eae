"""Benchmark the batch runner: many PDF reports audited into SQLite, as ``juesuan audit FOLDER --jobs 2``.

The reports: a few base PDFs built by ``juesuan build`` from the example and from generated datasets of varied
size (bench/gen.py: 1–4 units, 20–300 项), plus the real corpus PDFs (final accounts and budgets: budgets are
"not audited", as in a real month's mail), each copied to ``--reports`` distinct files (a PDF comment appended
after ``%%EOF``, so every file has its own hash and is read in full). Measured in the same run:

* the whole batch with ``--jobs 2`` into a fresh SQLite store: wall time, per report, peak memory of the parent
  and of the largest worker;
* the speed-up of ``--jobs 2`` over ``--jobs 1`` on a sample (``--sample`` files, both into fresh stores);
* the store's overhead per report (the same sample with and without a store, and ``Store.save`` timed alone);
* Dask (a LocalCluster of 2 worker processes) against the local pool on the sample, per report.

A plain script: nothing is asserted.

    .venv/bin/python bench/bench_batch.py [--reports 1000] [--sample 60]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gen import write
from juesuan.batch import run_batch
from juesuan.pipeline.outcome import audit_file
from juesuan.store import Store
from juesuan.version import __version__

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CACHE = Path(tempfile.gettempdir()) / f"juesuan-bench-batch-{__version__}"
SIZES = ((1, 20), (1, 60), (2, 120), (4, 300))  # (units, 项 codes) of the generated datasets


def base_reports() -> list[Path]:
    """The base PDFs (built once, kept in the temp dir between runs)."""
    CACHE.mkdir(exist_ok=True)
    out = []
    sources = [("example", ROOT / "examples" / "jdz-nanchang-2023" / "dataset.yaml")]
    for units, codes in SIZES:
        name = f"gen-{units}x{codes}"
        sources.append((name, write(CACHE / f"{name}.yaml", units=units, codes=codes)))
    for name, dataset in sources:
        pdf = CACHE / f"{name}.pdf"
        if not pdf.exists():
            folder = CACHE / name
            subprocess.run([sys.executable, "-m", "juesuan", "build", str(dataset), "-o", str(folder), "--format",
                            "pdf", "--force"], check=True, capture_output=True)  # fmt: skip
            shutil.copy(folder / "report.pdf", pdf)
        out.append(pdf)
    corpus = sorted(CORPUS.glob("*.pdf")) + sorted((CORPUS / "budgets").glob("*.pdf"))[:6]
    return out + corpus


def copies(bases: list[Path], count: int, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        base = bases[i % len(bases)]
        path = folder / f"{i:04d}-{base.name}"
        path.write_bytes(base.read_bytes() + f"\n% copy {i}\n".encode())
        paths.append(path)
    return paths


def batch(paths: list[Path], *, jobs: int, store: Path | None, cluster: object | None = None) -> float:
    start = time.perf_counter()
    if store is None:
        run_batch(paths, jobs=jobs, cluster=cluster)
    else:
        with Store.open(store) as db:
            result = run_batch(paths, jobs=jobs, store=db, cluster=cluster)
            assert result.audited == len(paths) and db.count() == len(paths)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=60)
    args = parser.parse_args()
    bases = base_reports()
    work = Path(tempfile.mkdtemp(prefix="juesuan-bench-batch-"))
    try:
        files = copies(bases, args.reports, work / "all")
        sample = copies(bases, args.sample, work / "sample")
        print(f"{len(files)} 份报告（{len(bases)} 个基础 PDF 轮流复制），样本 {len(sample)} 份")

        whole = batch(files, jobs=2, store=work / "all.sqlite")
        parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size = (work / "all.sqlite").stat().st_size / 1024 / 1024
        print(f"jobs 2 → SQLite：{whole:.1f} 秒（{whole / len(files) * 1000:.0f} 毫秒/份；目标 < 600 秒），"
              f"峰值内存：主进程 {parent:.0f} MB，最大工作进程 {child:.0f} MB；审核库 {size:.0f} MB")  # fmt: skip

        one = batch(sample, jobs=1, store=work / "s1.sqlite")
        two = batch(sample, jobs=2, store=work / "s2.sqlite")
        print(f"样本 jobs 1：{one:.1f} 秒，jobs 2：{two:.1f} 秒，加速 {one / two:.2f}×（目标 ≥ 1.8×）")

        bare = batch(sample, jobs=2, store=None)
        stored = batch(sample, jobs=2, store=work / "s3.sqlite")
        outcomes = [audit_file(p) for p in sample[: len(bases)]]
        with Store.open(work / "save.sqlite") as db:
            start = time.perf_counter()
            for outcome in outcomes:
                db.save(outcome)
            save = (time.perf_counter() - start) / len(outcomes)
        extra = (stored - bare) / len(sample) * 1000
        print(f"审核库开销：有库 {stored:.1f} 秒 / 无库 {bare:.1f} 秒"
              f"（{extra:+.0f} 毫秒/份，比值 {stored / bare:.2f}）；"
              f"单独计时 Store.save {save * 1000:.0f} 毫秒/份")  # fmt: skip

        from distributed import LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            dask = batch(sample, jobs=2, store=None, cluster=cluster.scheduler_address)
        print(f"Dask LocalCluster（2 进程）：{dask:.1f} 秒 / 本地进程池 {bare:.1f} 秒"
              f"（{(dask - bare) / len(sample) * 1000:+.0f} 毫秒/份，比值 {dask / bare:.2f}）")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
