"""The batch runner: many files, each audited in an isolated worker, into the store; nothing lost.

* a folder of every kind of file (the corpus PDFs, a corrupt PDF, a scanned one, a text that is no report,
  the seed report) gives each its status and reason, the summary workbook lists them all, and the batch exits
  with the worst exit code;
* a file that hangs, crashes its worker or runs out of memory is recorded as failed with the reason, and the
  batch goes on;
* a batch killed midway and run again loses no stored report, stores none twice, and audits only the files
  that were not stored;
* the same tasks on a Dask cluster give the same outcomes.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from juesuan.batch import Limits, run_batch
from juesuan.pipeline.outcome import Outcome, audit_file
from juesuan.store import Store
from shared_data import CORPUS as SHARED

ROOT = Path(__file__).resolve().parents[2]

SEED = ROOT / "examples" / "jdz-nanchang-2023" / "published-report.txt"
CORRUPT = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage"
POEM = "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n"


def juesuan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "juesuan", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, check=False, timeout=600)  # fmt: skip


def seeds(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the seed report that differ in their bytes (so many different files)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        path = folder / f"报告{i:02d}.txt"
        path.write_text(text + f"\n（副本 {i}）\n", encoding="utf-8")
        paths.append(path)
    return paths


#: The corpus files and what the audit makes of each (pinned and judged in tests/audit).
CORPUS = {
    "national-public-complaints-bureau-2024-final-accounts.pdf": ("audited", 1),
    "shanghai-putuo-finance-bureau-2024-final-accounts.pdf": ("audited", 1),
    "southwest-university-2023-final-accounts.pdf": ("audited", 0),
    "xian-health-commission-2022-final-accounts-consolidated.pdf": ("partial", 1),
}
SCANNED = SHARED / "budgets" / "changsha-czj-puhui-2025-scanned.pdf"


@pytest.mark.corpus
def test_a_folder_of_every_kind_in_one_command(tmp_path: Path) -> None:
    folder = tmp_path / "报告"
    (folder / "扫描").mkdir(parents=True)
    for name in CORPUS:
        if not (SHARED / name).exists():
            pytest.skip(f"{SHARED / name} is not available")
        shutil.copy(SHARED / name, folder / name)
    shutil.copy(SCANNED, folder / "扫描" / SCANNED.name)
    (folder / "损坏.pdf").write_bytes(CORRUPT)
    (folder / "诗.txt").write_text(POEM, encoding="utf-8")
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "说明.md").write_text("不是报告的文件类型，不在目录中查找", encoding="utf-8")

    done = juesuan("audit", str(folder), "--jobs", "2", "--store", "审核.sqlite", "--summary", "汇总.xlsx",
                   "--format", "json", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 2, done.stderr  # the worst: the corrupt file
    result = json.loads(done.stdout)
    by_name = {Path(r["path"]).name: r for r in result["reports"]}
    assert len(by_name) == len(CORPUS) + 4 and result["audited"] == len(by_name) and result["skipped"] == 0
    for name, (status, code) in CORPUS.items():
        assert (by_name[name]["status"], by_name[name]["exit_code"]) == (status, code), name
    assert (by_name["损坏.pdf"]["status"], by_name["损坏.pdf"]["exit_code"]) == ("unusable", 2)
    assert "PDF 文件" in by_name["损坏.pdf"]["reason"]
    scanned = by_name[SCANNED.name]
    assert (scanned["status"], scanned["exit_code"]) == ("not_audited", 3) and "扫描图像" in scanned["reason"]
    assert (by_name["诗.txt"]["status"], by_name["诗.txt"]["exit_code"]) == ("not_audited", 3)
    assert "不是部门决算报告" in by_name["诗.txt"]["reason"]
    assert (by_name["seed.txt"]["status"], by_name["seed.txt"]["errors"]) == ("audited", 17)

    book = CalamineWorkbook.from_path(str(tmp_path / "汇总.xlsx"))
    assert book.sheet_names == ["报告", "发现"]
    reports = book.get_sheet_by_name("报告").to_python()
    header = reports[0]
    assert header[:4] == ["编号", "文件", "单位", "年度"]
    rows = {Path(str(r[1])).name: dict(zip(header, r, strict=True)) for r in reports[1:]}
    assert set(rows) == set(by_name)
    assert rows["seed.txt"]["审核状态"] == "已审核" and rows["seed.txt"]["错误"] == 17
    assert rows["损坏.pdf"]["审核状态"] == "不可用" and "PDF 文件" in str(rows["损坏.pdf"]["原因"])
    assert rows[SCANNED.name]["审核状态"] == "未审核"
    findings = book.get_sheet_by_name("发现").to_python()[1:]
    assert len(findings) == sum(r["errors"] + r["warnings"] + r["infos"] for r in result["reports"])

    with Store.open(tmp_path / "审核.sqlite") as db:
        assert sorted(Path(r.path).name for r in db.reports()) == sorted(by_name)


# -- isolation: tasks that misbehave, run in the workers (module-level, so that they can be sent there) ------


def misbehaving(path: str, profile: str | None) -> Outcome:
    name = Path(path).name
    if name.startswith("hang"):
        time.sleep(120)
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("hog"):
        hoard = bytearray(2 * 1024**3)  # 2 GiB, over the limit
        hoard[-1] = 1
    return audit_file(path, profile)


def test_a_file_that_hangs_crashes_or_eats_memory_fails_and_the_batch_goes_on(tmp_path: Path) -> None:
    (good,) = seeds(tmp_path, 1)
    for name in ("hang.txt", "crash.txt", "hog.txt"):
        shutil.copy(good, tmp_path / name)
    result = run_batch([tmp_path], jobs=2, limits=Limits(timeout=5, memory=1024), task=misbehaving)
    by_name = {Path(e.path).name: e for e in result.entries}
    assert by_name[good.name].status == "audited"
    assert (by_name["hang.txt"].status, by_name["hang.txt"].exit_code) == ("failed", 2)
    assert "超过时间限制（5 秒）" in by_name["hang.txt"].reason
    assert by_name["crash.txt"].status == "failed" and "审核进程异常退出（信号 9" in by_name["crash.txt"].reason
    assert by_name["hog.txt"].status == "failed" and "内存不足" in by_name["hog.txt"].reason
    assert result.exit_code == 2 and result.audited == 4


def test_without_a_store_nothing_is_kept_and_the_order_is_the_files(tmp_path: Path) -> None:
    paths = seeds(tmp_path, 3)
    (tmp_path / "诗.txt").write_text(POEM, encoding="utf-8")
    result = run_batch([tmp_path], jobs=2)
    assert [Path(e.path).name for e in result.entries] == sorted(p.name for p in [*paths, tmp_path / "诗.txt"])
    assert [e.report_id for e in result.entries] == [None] * 4
    assert result.exit_code == 3  # not audited is worse than errors
    assert [e.row.errors for e in result.entries[:3]] == [17, 17, 17]


def test_a_file_named_twice_is_audited_once_and_what_is_missing_is_said(tmp_path: Path) -> None:
    (path,) = seeds(tmp_path, 1)
    result = run_batch([path, tmp_path, tmp_path / "没有.pdf"], jobs=1)
    assert len(result.entries) == 1
    assert result.problems == [f"{tmp_path / '没有.pdf'}：文件或目录不存在"]
    assert result.exit_code == 2


# -- resuming a killed batch ---------------------------------------------------------------------------------


def _stored(path: Path) -> int:
    if not path.exists():
        return 0
    with Store.open(path) as db:
        return db.count()


def test_a_killed_batch_resumes_without_losing_or_repeating_a_report(tmp_path: Path) -> None:
    seeds(tmp_path / "报告", 12)
    store = tmp_path / "审核.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    batch = subprocess.Popen(
        [sys.executable, "-m", "juesuan", "audit", "报告", "--jobs", "1", "--store", str(store)],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while _stored(store) < 3 and time.monotonic() < deadline and batch.poll() is None:
        time.sleep(0.1)
    os.killpg(batch.pid, signal.SIGKILL)  # the batch and its workers, with no chance to tidy up
    batch.wait()
    before = _stored(store)
    assert 3 <= before < 12

    done = juesuan("audit", "报告", "--jobs", "2", "--store", str(store), "--format", "json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    assert (result["skipped"], result["audited"]) == (before, 12 - before)
    with Store.open(store) as db:
        stored = db.reports()
    assert len(stored) == 12 and len({r.sha256 for r in stored}) == 12
    assert all(r.errors == 17 and r.cell_count > 0 for r in stored)

    again = json.loads(juesuan("audit", "报告", "--store", str(store), "--format", "json", cwd=tmp_path).stdout)
    assert (again["skipped"], again["audited"]) == (12, 0)


# -- a Dask cluster -----------------------------------------------------------------------------------------


def test_the_same_batch_on_a_dask_cluster(tmp_path: Path) -> None:
    from distributed import LocalCluster

    seeds(tmp_path, 2)
    (tmp_path / "损坏.pdf").write_bytes(CORRUPT)
    local = run_batch([tmp_path], jobs=2)
    cluster = LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None)
    with cluster, Store.open(tmp_path / "s.sqlite") as db:
        remote = run_batch([tmp_path], cluster=cluster.scheduler_address, store=db)
    strip = [(Path(e.path).name, e.status, e.exit_code, e.reason, e.row.errors) for e in local.entries]
    assert [(Path(e.path).name, e.status, e.exit_code, e.reason, e.row.errors) for e in remote.entries] == strip
    assert sorted(e.report_id or 0 for e in remote.entries) == [1, 2, 3]
