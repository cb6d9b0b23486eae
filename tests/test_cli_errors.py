"""Bad invocations of every command (issue 12, item 6): exit code 2, a message in Chinese, none of the CLI
library's English (usage errors, help boilerplate), no traceback; and ``--help`` in Chinese."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan.commands import zh
from juesuan.commands.app import app
from juesuan.pipeline.build import os_reason

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
EXAMPLE = ROOT / "examples" / "jdz-nanchang-2023" / "dataset.yaml"
REPORT = ROOT / "examples" / "jdz-nanchang-2023" / "published-report.txt"

#: What typer and click print in English; none of it may reach the user.
ENGLISH = ("Usage", "Error", "Missing", "Invalid", "Try", "Options", "Arguments", "Commands", "required",
           "default", "Show this message", "No such", "does not exist", "Traceback", "is not one of",
           "Did you mean", "Possible options", "unexpected extra", "requires an argument", "take a value",
           "Value error", "Aborted", "Permission denied", "No such file", "Is a directory", "Not a directory",
           "[OPTIONS]", "COMMAND", "[ARGS]", "<path>", "<str>", "<bool>", "<text>")  # fmt: skip
CJK = re.compile(r"[\u4e00-\u9fff]")

MINI_TEXT = MINI.read_text(encoding="utf-8")
FILES = {  # name → content, made in each test's directory
    "empty.yaml": b"",
    "binary.yaml": bytes(range(256)) * 4,
    "invalid.yaml": b"year: 2023\ndepartment: [x\n",
    "list.json": b"[1, 2, 3]\n",
    "report.pdf": b"%PDF-1.4\n%%EOF\n",
    "empty.xlsx": b"",
    "file": b"not a directory\n",
    "year1900.yaml": MINI_TEXT.replace("year: 2023", "year: 1900", 1).encode(),
    "negative.yaml": MINI_TEXT.replace("amount: 130800}", "amount: -130800}", 1).encode(),
    "config-unknown-rule.yaml": b"rules:\n  no-such-rule: off\n",
    "config-list.yaml": b"- a\n- b\n",
}

#: (id, arguments — {d}: the test's directory, {mini} {example} {report}: the files above —, expected code,
#: a fragment of the message). Exit code 2 for every unusable invocation or input.
CASES = [
    ("no-arguments", [], 2, "用法：juesuan [选项] 命令 [参数]..."),
    ("unknown-command", ["frobnicate"], 2, "错误：没有这个命令：frobnicate"),
    ("misspelt-command", ["buid"], 2, "没有这个命令：buid（是否想输入：build？）"),
    ("unknown-top-option", ["--verbose"], 2, "错误：没有这个选项：--verbose"),
    ("unknown-option", ["build", "{mini}", "--nope"], 2, "没有这个选项：--nope"),
    ("misspelt-option", ["build", "{mini}", "--fromat", "json"], 2, "没有这个选项：--fromat（是否想输入："),
    ("missing-argument", ["build"], 2, "缺少参数：数据集"),
    ("missing-argument-check", ["check"], 2, "缺少参数：文件"),
    ("missing-option", ["parse", "{report}"], 2, "缺少选项：-o/--out"),
    ("option-without-value", ["build", "{mini}", "--format"], 2, "选项 --format 后面缺少取值"),
    ("flag-with-value", ["build", "{mini}", "--force=yes"], 2, "选项 --force 不带取值"),
    ("extra-argument", ["build", "{mini}", "more"], 2, "多余的参数：more"),
    ("extra-argument-version", ["version", "now"], 2, "多余的参数：now"),
    ("bad-format-check", ["check", "{mini}", "--format", "xml"], 2, "--format 的取值无效：「xml」不是可选的取值（可选：text、json）"),
    ("bad-format-audit", ["audit", "{report}", "--format", "xml"], 2, "「xml」不是可选的取值"),
    ("bad-format-build", ["build", "{mini}", "-o", "{d}/out", "--format", "docx,odt"], 2, "不支持的输出格式：odt"),
    ("bad-rounding", ["build", "{mini}", "--rounding", "up"], 2, "--rounding 的取值无效：「up」不是可选的取值（可选：adjusted、independent）"),
    ("unknown-unit", ["build", "{mini}", "-o", "{d}/out", "--unit", "无此单位"], 2, "数据集中没有单位「无此单位」"),
    ("missing-input", ["build", "{d}/missing.yaml"], 2, "missing.yaml: 文件不存在"),
    ("directory-input", ["check", "{d}"], 2, "这是一个目录，不是数据文件"),
    ("empty-input", ["build", "{d}/empty.yaml"], 2, "empty.yaml: 文件是空的"),
    ("binary-input", ["check", "{d}/binary.yaml"], 2, "文件不是 UTF-8 编码的文本"),
    ("invalid-yaml", ["check", "{d}/invalid.yaml"], 2, "invalid.yaml:2: YAML/JSON 格式错误"),
    ("json-wrong-shape", ["build", "{d}/list.json"], 2, "数据集的顶层应为映射（键: 值），实际为列表"),
    ("pdf-to-check", ["check", "{d}/report.pdf"], 2, "请用 juesuan audit 审核"),
    ("year-1900", ["build", "{d}/year1900.yaml"], 2, "字段 year：年度 1900 超出范围（应在 2000–2100 之间）"),
    ("negative-amount", ["check", "{d}/negative.yaml"], 2, "字段 units[0].income[0].amount：不能为负数，实际为「-130800」"),
    ("config-missing", ["check", "{mini}", "--config", "{d}/missing.yaml"], 2, "missing.yaml: 文件不存在"),
    ("config-invalid", ["build", "{mini}", "-o", "{d}/out", "--config", "{d}/invalid.yaml"], 2, "YAML/JSON 格式错误"),
    ("config-unknown-rule", ["check", "{mini}", "--config", "{d}/config-unknown-rule.yaml"], 2, "未知的规则编号「no-such-rule」"),
    ("config-list", ["check", "{mini}", "--config", "{d}/config-list.yaml"], 2, "config-list.yaml:1: "),
    ("evaluations-missing", ["check", "{mini}", "--evaluations", "{d}/missing.yaml"], 2, "missing.yaml: 文件不存在"),
    ("out-onto-file", ["build", "{mini}", "-o", "{d}/file", "--format", "json"], 2, "无法写入输出目录：该路径（或其上级）已存在且不是目录"),
    ("out-under-file", ["build", "{mini}", "-o", "{d}/file/out", "--format", "json"], 2, "file/out: 无法写入输出目录："),
    ("score-without-evaluations", ["score", "{mini}"], 2, "没有绩效评价（evaluations），无可计分的内容"),
    ("score-out-onto-file", ["score", "{example}", "-o", "{d}/file"], 2, "无法写入输出目录：该路径（或其上级）已存在且不是目录"),
    ("rules-unknown-id", ["rules", "no-such-rule"], 2, "没有编号为「no-such-rule」的规则"),
    ("audit-missing", ["audit", "{d}/missing.pdf"], 2, "missing.pdf: 文件不存在"),
    ("audit-empty", ["audit", "{d}/empty.yaml"], 2, "文件为空（0 字节）"),
    ("audit-empty-directory", ["audit", "{d}/folder", "--store", "{d}/s.sqlite"], 2, "目录中没有可审核的报告"),
    ("audit-missing-in-batch", ["audit", "{d}/missing.pdf", "{d}/gone", "--store", "{d}/s.sqlite"], 2,
     "gone：文件或目录不存在"),
    ("audit-store-folder-missing", ["audit", "{report}", "--store", "{d}/no/s.sqlite"], 2, "不存在"),
    ("audit-store-not-a-database", ["audit", "{report}", "--store", "{d}/invalid.yaml"], 2, "文件不是数据库"),
    ("audit-store-scheme", ["audit", "{report}", "--store", "mongodb://h/db"], 2, "不支持的数据库地址"),
    ("audit-summary-suffix", ["audit", "{report}", "--summary", "{d}/s.txt"], 2, "汇总表须为 .xlsx 或 .csv"),
    ("audit-summary-directory", ["audit", "{report}", "--summary", "{d}/folder.xlsx"], 2, "是一个目录"),
    ("audit-jobs-zero", ["audit", "{report}", "--jobs", "0"], 2, "--jobs"),
    ("store-missing", ["store", "reports", "--store", "{d}/none.sqlite"], 2, "none.sqlite 不存在"),
    ("store-unknown-status", ["store", "reports", "--status", "done", "--store", "{d}/none.sqlite"], 2,
     "未知的审核状态：done"),
    ("store-show-no-id", ["store", "show"], 2, "缺少参数：编号"),
    ("audit-dataset", ["audit", "{mini}"], 2, "是数据文件，不是公开报告：请用 juesuan check 校验"),
    ("parse-missing", ["parse", "{d}/missing.pdf", "-o", "{d}/t.yaml"], 2, "missing.pdf: 文件不存在"),
    ("parse-out-directory", ["parse", "{report}", "-o", "{d}"], 2, "无法写入文件：该路径是目录，不是文件"),
    ("parse-out-missing-parent", ["parse", "{report}", "-o", "{d}/no/t.yaml"], 2, "无法写入文件：上级目录不存在"),
    ("parse-out-under-file", ["parse", "{report}", "-o", "{d}/file/t.yaml"], 2, "无法写入文件：该路径（或其上级）已存在且不是目录"),
    ("template-not-xlsx", ["template", "-o", "{d}/t.yaml"], 2, "选项 -o：模板须为 .xlsx 文件"),
    ("template-unknown-profile", ["template", "-o", "{d}/t.xlsx", "--profile", "nowhere"], 2, "选项 --profile："),
    ("template-year", ["template", "-o", "{d}/t.xlsx", "--year", "1900"], 2, "年度 1900 超出范围"),
    ("template-year-not-a-number", ["template", "--year", "next"], 2, "--year 的取值无效"),
    ("template-out-under-file", ["template", "-o", "{d}/file/t.xlsx"], 2, "无法写入文件：该路径（或其上级）已存在且不是目录"),
    ("convert-missing-out", ["convert", "{mini}"], 2, "缺少选项：-o/--out"),
    ("convert-missing-input", ["convert", "{d}/missing.yaml", "-o", "{d}/x.xlsx"], 2, "missing.yaml: 文件不存在"),
    ("convert-same-kind", ["convert", "{mini}", "-o", "{d}/x.yaml"], 2, "convert 把数据集转换为工作簿"),
    ("convert-bad-suffix", ["convert", "{mini}", "-o", "{d}/x.docx"], 2, "输出须为 .xlsx（填报工作簿）或 .yaml"),
    ("convert-negative", ["convert", "{d}/negative.yaml", "-o", "{d}/x.xlsx"], 2, "不能为负数，实际为「-130800」"),
    ("convert-not-a-workbook", ["convert", "{d}/empty.xlsx", "-o", "{d}/x.yaml"], 2, "不是有效的 Excel 工作簿"),
    ("build-not-a-workbook", ["build", "{d}/empty.xlsx"], 2, "这是公开报告（XLSX）"),
]  # fmt: skip


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


def invoke(args: list[str], directory: Path) -> tuple[int, str]:
    """Run ``juesuan`` in-process; the exit code and what it printed (stdout and stderr, the test's directory
    dropped from it so that its name cannot count as English)."""
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output.replace(str(directory), "")


@pytest.fixture
def directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, content in FILES.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder.xlsx").mkdir()
    monkeypatch.chdir(tmp_path)  # a batch's default store goes there, not into the checkout
    return tmp_path


@pytest.mark.parametrize(("args", "code", "fragment"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_invocation(args: list[str], code: int, fragment: str, directory: Path) -> None:
    paths = {"d": str(directory), "mini": str(MINI), "example": str(EXAMPLE), "report": str(REPORT)}
    exit_code, output = invoke([arg.format(**paths) for arg in args], directory)
    assert exit_code == code, output
    assert fragment in output
    assert CJK.search(output)
    assert english_in(output) == []


def test_out_under_a_read_only_directory(directory: Path) -> None:
    """A directory without write permission (root ignores permissions: the path under a regular file stands in
    for it in ``out-under-file``)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("running as root: permissions are not enforced")
    locked = directory / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        for args in (["build", str(MINI), "-o", str(locked / "out"), "--format", "json"],
                     ["parse", str(REPORT), "-o", str(locked / "t.yaml")]):  # fmt: skip
            code, output = invoke(args, directory)
            assert (code, english_in(output)) == (2, [])
            assert "权限不足" in output
    finally:
        locked.chmod(0o755)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full (a device that is always full)")
def test_parse_onto_a_full_disk(directory: Path) -> None:
    code, output = invoke(["parse", str(REPORT), "-o", "/dev/full"], directory)
    assert (code, output) == (2, "/dev/full: 无法写入文件：磁盘空间不足\n")


def test_an_unreadable_input_is_a_chinese_message(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An operating-system error no command reports (here: reading a file without permission) is one
    Chinese line with the path, exit code 2 — not a traceback nor the system's English."""
    unreadable = directory / "unreadable.yaml"
    unreadable.write_text(MINI_TEXT, encoding="utf-8")
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == unreadable.name:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    for command in ("build", "check"):
        assert invoke([command, str(unreadable)], directory) == (2, "/unreadable.yaml: 无法访问：权限不足\n")


def test_usage_error_shows_usage_and_where_the_help_is(directory: Path) -> None:
    assert invoke(["build"], directory) == (2, "用法：juesuan build [选项] {数据集}\n"
                                               "运行 juesuan build --help 查看帮助。\n"
                                               "错误：缺少参数：数据集\n")  # fmt: skip


def test_usage_errors_go_to_stderr() -> None:
    result = CliRunner().invoke(app, ["check", str(MINI), "--format", "xml"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith("错误：--format 的取值无效：「xml」不是可选的取值（可选：text、json）\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [(["buid"], "错误：没有这个命令：buid（是否想输入：build？）"),
     (["check", str(MINI), "--format", "xml"], "错误：--format 的取值无效：「xml」不是可选的取值（可选：text、json）"),
     (["build", "{d}/missing.yaml"], "/missing.yaml: 文件不存在")],
    ids=["unknown-command", "bad-choice", "missing-input"],
)  # fmt: skip
def test_the_installed_command_line_is_chinese_too(args: list[str], message: str, tmp_path: Path) -> None:
    """``python -m juesuan`` (what the ``juesuan`` script runs: ``juesuan.commands.app:main``)."""
    args = [arg.format(d=tmp_path) for arg in args]
    done = subprocess.run([sys.executable, "-m", "juesuan", *args], capture_output=True, text=True,
                          encoding="utf-8", check=False)  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert message in done.stderr
    assert english_in(done.stderr) == []


#: Latin words a help page may show: command and option names, choices and formats, file kinds.
LATIN = {"juesuan", "build", "store", "reports", "show", "findings", "compare", "jobs", "j", "summary", "cluster",
         "timeout", "memory", "unit", "year", "status", "rule", "severity", "audited", "partial", "not_audited",
         "unusable", "failed", "error", "warning", "info", "csv", "CSV", "SQLite", "sqlite", "postgresql",
         "psycopg", "tcp", "Dask", "MiB", "CPU", "xlsx", "juesuan-audit", "not", "check", "rules", "score",
         "audit", "parse", "schema", "version", "help", "o", "out", "format", "rounding", "force", "final",
         "config", "evaluations", "strict", "profile", "adjusted", "independent", "text", "json", "docx", "pdf",
         "html", "md", "tables-html", "tables", "report", "DOCX", "PDF", "HTML", "XLSX", "XLS", "Markdown", "JSON",
         "YAML", "Schema", "serve", "host", "port", "data", "auth", "max-upload", "users", "add", "list", "JUESUAN",
         "PASSWORD", "MB", "juesuan-web", "no-charts", "template", "convert", "yaml", "dataset", "jiangxi-",
         "docs", "workbook"}  # fmt: skip


def help_of(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "200"})
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


@pytest.mark.parametrize(
    "command",
    ["", "build", "check", "rules", "score", "audit", "parse", "schema", "version", "template", "convert",
     "store", "store reports",
     "store show", "store findings", "store compare", "serve", "users", "users add", "users list"],
)  # fmt: skip
def test_help_is_chinese(command: str) -> None:
    text = help_of(*command.split())
    assert english_in(text) == []
    assert "用法：juesuan" in text and "显示本帮助并退出" in text
    words = set(re.findall(r"[A-Za-z][A-Za-z-]*", text))
    assert words <= LATIN, sorted(words - LATIN)


def test_build_help_shows_defaults_and_types_in_chinese() -> None:
    text = help_of("build")
    assert "[默认：out]" in text and "[默认：adjusted]" in text and "[必填]" in text
    assert re.search(r"--out\s+-o\s+<路径>\s+输出目录", text)
    assert re.search(r"--force\s+存在错误时仍然输出", text)  # a flag shows no type
    assert re.search(r"数据集\s+<路径>\s+数据集文件", text)


def test_help_without_rich_is_chinese_too() -> None:
    """``TYPER_USE_RICH=0``: typer's plain help (click's formatter and typer.core's gettext strings)."""
    env = {**os.environ, "TYPER_USE_RICH": "0"}
    done = subprocess.run([sys.executable, "-m", "juesuan", "build", "--help"], capture_output=True, text=True,
                          encoding="utf-8", check=False, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert english_in(done.stdout) == []
    assert "用法：" in done.stdout and "默认：out" in done.stdout


@pytest.mark.parametrize(
    ("english", "chinese"),
    [("Missing argument 'DATASET'.", "缺少参数：DATASET"),
     ("Missing option '-o' / '--out'.", "缺少选项：-o/--out"),
     ("No such option: --x (Possible options: --xa, --xb)", "没有这个选项：--x（是否想输入：--xa、--xb？）"),
     ("No such command 'buil'. Did you mean 'build'?", "没有这个命令：buil（是否想输入：build？）"),
     ("Got unexpected extra argument(s) (a b)", "多余的参数：a b"),
     ("Invalid value for '--rounding': Value error, 'up' is not one of 'adjusted', 'independent'.",
      "--rounding 的取值无效：「up」不是可选的取值（可选：adjusted、independent）"),
     ("Invalid value for 'FILE': path 'x.yaml' does not exist.", "FILE 的取值无效：路径「x.yaml」不存在"),
     ("Invalid value for '--out': dir 'o' is a file.", "--out 的取值无效：目录「o」是文件，不是目录"),
     ("Missing argument 'MODE'. Choose from:\n\tfast,\n\tslow", "缺少参数：MODE（可选：fast、slow）"),
     ("Missing command.", "缺少命令（juesuan --help 列出全部命令）"),
     ("Something else entirely", "Something else entirely")],
)  # fmt: skip
def test_translate(english: str, chinese: str) -> None:
    assert zh.translate(english) == chinese


@pytest.mark.parametrize(
    ("error", "reason"),
    [(PermissionError(errno.EACCES, "Permission denied"), "权限不足"),
     (IsADirectoryError(errno.EISDIR, "Is a directory"), "该路径是目录，不是文件"),
     (NotADirectoryError(errno.ENOTDIR, "Not a directory"), "该路径（或其上级）已存在且不是目录"),
     (FileNotFoundError(errno.ENOENT, "No such file or directory"), "上级目录不存在"),
     (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
     (OSError(errno.EROFS, "Read-only file system"), "只读文件系统"),
     (OSError(errno.EIO, "Input/output error"), "读写设备出错"),
     (OSError(errno.ECHILD, "No child processes"), "系统错误（ECHILD）"),
     (OSError("no errno"), "系统错误")],
)  # fmt: skip
def test_os_reason_is_chinese(error: OSError, reason: str) -> None:
    """Never the system's own (English) message."""
    assert os_reason(error) == reason
