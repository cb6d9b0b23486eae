"""Unusable input: `juesuan build` exits 2 with a located Chinese message, no traceback, and writes nothing.

Each case is a whole file (the fixture with one change, or something that is not a dataset at all). The message
must name the file, the line where there is one, and the field path where there is one; a few are pinned verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan.commands.app import app
from juesuan.errors import InputError
from juesuan.load.loader import load

MINI_TEXT = (Path(__file__).parent / "fixtures" / "mini.yaml").read_text(encoding="utf-8")


def mini(old: str, new: str) -> bytes:
    assert old in MINI_TEXT, old
    return MINI_TEXT.replace(old, new, 1).encode("utf-8")


@dataclass(frozen=True)
class Case:
    id: str
    content: bytes | None  # None: the path does not exist; b"<dir>": the path is a directory
    line: int | None  # expected line (None where a line makes no sense)
    field: str | None  # expected field path
    words: tuple[str, ...]  # Chinese words the message must contain
    exact: str | None = None  # the whole message line, "{path}" standing for the file


# fmt: off
CASES = [
    Case("malformed-yaml", b"year: 2023\ndepartment: [x\n", 2, None, ("YAML/JSON 格式错误", "方括号列表"),
         "{path}:2: YAML/JSON 格式错误：方括号列表 [ ] 没有正确结束（缺少逗号或「]」）"
         "［expected ',' or ']', but got '<stream end>'］"),
    Case("unclosed-quote", b'year: 2023\ndepartment: "x\n', 2, None, ("引号没有闭合",)),
    Case("tab-indent", b"year: 2023\n\tdepartment: x\n", 2, None, ("制表符",)),
    Case("duplicate-key", b"year: 2023\nyear: 2024\n", 2, None, ("键「year」重复出现",),
         "{path}:2: YAML/JSON 格式错误：键「year」重复出现"),
    Case("wrong-type", mini("year: 2023", "year: abc"), 1, "year", ("应为整数",),
         "{path}:1: 字段 year：应为整数，实际为「abc」"),
    Case("units-not-a-list", "year: 2023\ndepartment: 部门\nunits: 3\n".encode(), 3, "units", ("应为列表",),
         "{path}:3: 字段 units：应为列表（- 开头的多项），实际为「3」"),
    Case("negative-amount", mini("amount: 130800}", "amount: -130800}"), 8, "units[0].income[0].amount",
         ("不能为负数",), "{path}:8: 字段 units[0].income[0].amount：不能为负数，实际为「-130800」"),
    Case("unknown-fund", mini("fund: 一般公共预算, amount: 7349", "fund: 财政, amount: 7349"), 15,
         "units[0].expenditure[3].fund", ("未知的资金性质「财政」", "可用的值")),
    Case("unknown-nature", mini("nature: 基本, ", "nature: 日常, "), 15, "units[0].expenditure[3].nature",
         ("未知的支出性质「日常」",)),
    Case("unknown-source", mini("code: \"2101102\", source: 一般公共预算", "code: \"2101102\", source: 捐赠"), 10,
         "units[0].income[2].source", ("未知的收入来源「捐赠」",)),
    Case("class-not-in-profile", mini('"2101102", nature', '"2270101", nature'), 15, "units[0].expenditure[3].code",
         ("2270101", "227", "26 个"),
         "{path}:15: 字段 units[0].expenditure[3].code：科目编码 2270101 的类级科目 227 不在本模板的 26 个"
         "支出功能分类类级科目中，无法列入公开01/04表"),
    Case("six-digit-code", mini('"2101102", nature', '"210110", nature'), 15, "units[0].expenditure[3].code",
         ("应为 7 位数字", "210110")),
    Case("wan-seven-decimals", mini("year: 2023\n", "year: 2023\namount_unit: 万元\n").replace(
        b"amount: 7349}", b"amount: 0.7349001}", 1), 11, "units[0].income[2].amount", ("比 1 分还精细", "万元"),
         "{path}:11: 字段 units[0].income[2].amount：金额「0.7349001」比 1 分还精细，请检查金额单位（amount_unit 为 万元）"),
    Case("amount-too-large", mini("amount: 130800}", "amount: 1.0e+30}"), 8, "units[0].income[0].amount",
         ("超出可处理的范围",)),
    Case("unknown-field", mini("department: 测试部门\n", "department: 测试部门\ncolour: red\n"), 3, "colour",
         ("不认识的字段",), "{path}:3: 字段 colour：不认识的字段（请检查拼写，或参阅 docs/dataset.md）"),
    Case("unknown-profile", mini("year: 2023\n", "year: 2023\nprofile: mars-2023\n"), 2, None, ("未知的模板「mars-2023」",)),
    Case("empty-file", b"", None, None, ("文件是空的",), "{path}: 文件是空的"),
    Case("only-a-comment", b"# nothing here\n", 1, None, ("顶层应为映射", "空")),
    Case("top-level-list", b"- year: 2023\n- department: x\n", 1, None, ("顶层应为映射",),
         "{path}:1: 数据集的顶层应为映射（键: 值），实际为列表"),
    Case("top-level-text", b"hello\n", 1, None, ("顶层应为映射", "文字")),
    Case("not-utf8", "year: 2023\ndepartment: 测试\n".encode("gbk"), 2, None, ("UTF-8",)),
    Case("too-deep", b"year: 2023\nunits: " + b"[" * 5000 + b"]" * 5000 + b"\n", None, None, ("嵌套层次过深",)),
    Case("missing-file", None, None, None, ("文件不存在",), "{path}: 文件不存在"),
    Case("directory", b"<dir>", None, None, ("目录",), "{path}: 这是一个目录，不是数据文件"),
]
# fmt: on


def place(tmp_path: Path, case: Case) -> Path:
    path = tmp_path / f"{case.id}.yaml"
    if case.content == b"<dir>":
        path.mkdir()
    elif case.content is not None:
        path.write_bytes(case.content)
    return path


def check_message(message: str, path: Path, case: Case) -> None:
    assert message.startswith(str(path)), message
    if case.line is not None:
        assert message.startswith(f"{path}:{case.line}: "), message
    else:
        assert message.startswith(f"{path}: "), message
    if case.field is not None:
        assert f"字段 {case.field}：" in message, message
    for word in case.words:
        assert word in message, (word, message)
    if case.exact is not None:
        assert message == case.exact.format(path=path)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cli_rejects_unusable_input(tmp_path: Path, case: Case) -> None:
    path = place(tmp_path, case)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(path), "-o", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "输入有误，未生成任何文件："
    assert len(lines) >= 2 and all(line.startswith("  ") for line in lines[1:])
    check_message(lines[1][2:], path, case)
    assert not out.exists()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_load_raises_input_error(tmp_path: Path, case: Case) -> None:
    path = place(tmp_path, case)
    with pytest.raises(InputError) as raised:
        load(path)
    assert raised.value.path == str(path)
    check_message(raised.value.problems[0], path, case)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = MINI_TEXT.replace("amount: 130800}", "amount: -1}").replace("source: 一般公共预算, amount: 7349",
                                                                     "source: 捐赠, amount: 7349")  # fmt: skip
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load(path)
    assert raised.value.problems == [
        f"{path}:8: 字段 units[0].income[0].amount：不能为负数，实际为「-1」",
        f"{path}:10: 字段 units[0].income[2].source：未知的收入来源「捐赠」，可用的值：一般公共预算财政拨款收入、"
        "一般公共预算财政拨款、一般公共预算、政府性基金预算财政拨款收入、政府性基金预算财政拨款、政府性基金预算、"
        "国有资本经营预算财政拨款收入、国有资本经营预算财政拨款、国有资本经营预算、上级补助收入、上级补助、事业收入、"
        "事业、经营收入、经营、附属单位上缴收入、附属单位上缴、其他收入、其他、政府性基金、国有资本经营",
        f"{path}:12: 字段 units[0].expenditure[0].amount：不能为负数，实际为「-1」",
    ]


def test_block_style_code_is_located_on_its_own_line(tmp_path: Path) -> None:
    """A code outside the profile's 类 points at the ``code:`` line, not at the start of the entry."""
    text = MINI_TEXT.replace(
        '      - {code: "2101102", nature: 基本, fund: 一般公共预算, amount: 7349}\n',
        "      - nature: 基本\n        fund: 一般公共预算\n        amount: 7349\n        code: '2270101'\n",
    )
    path = tmp_path / "block.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load(path)
    assert raised.value.problems[0].startswith(f"{path}:18: 字段 units[0].expenditure[3].code：科目编码 2270101")


def test_libyaml_and_pure_python_parsers_agree() -> None:
    """The fast (libyaml) parser gives the same values and the same line numbers as the pure-Python one."""
    import yaml

    from juesuan import yamlsrc

    if yamlsrc._FastLoader is None:
        pytest.skip("PyYAML built without libyaml")
    text = MINI_TEXT.replace("    kind: 事业单位\n", "    kind: 事业单位\n    # a comment\n\n    budget_level: 二级\n")
    fast = yaml.load(text, Loader=yamlsrc._FastLoader)
    slow = yaml.load(text, Loader=yamlsrc._Loader)

    def same(a: object, b: object) -> None:
        assert type(a) is type(b) and a == b
        if isinstance(a, yamlsrc.LineDict | yamlsrc.LineList):
            assert (a.line, a.lines) == (b.line, b.lines)  # type: ignore[union-attr]
            for x, y in zip(a.values() if isinstance(a, dict) else a, b.values() if isinstance(b, dict) else b,
                            strict=True):  # fmt: skip
                same(x, y)

    same(fast, slow)
    assert fast["units"][0].lines["budget_level"] == 8
