"""Dataset file → :class:`~juesuan.model.accounts.Accounts`, stage by stage.

1. read the file (missing, empty, undecodable → InputError);
2. parse YAML/JSON keeping line numbers (malformed → InputError with the line);
3. validate against :mod:`juesuan.load.schema` (every problem located by line and field path);
4. turn the ledger into facts, each with its SourceRef;
5. check what the tables cannot represent (codes whose 类 has no row in the profile, 财政拨款 spent
   with a non-财政 nature, …) → InputError.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import InputError, ProfileError
from ..model import vocab
from ..model.accounts import Accounts, Fact, Staff, Unit
from ..model.source import SourceRef
from ..profiles import loader as profiles
from ..yamlsrc import DuplicateKeyError, parse
from .evaluations import evaluations_from
from .messages import Places, YamlPlaces, check_input_file
from .report import build_report
from .schema import Dataset, UnitInput
from .workbook import is_workbook, read_workbook

WAN = Decimal(10000)
#: The largest amount one line may carry (元): sums of many such lines stay exact in 28-digit Decimals.
MAX_YUAN = Decimal(10) ** 15


def read_text(path: Path) -> str:
    shown = check_input_file(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            shown,
            [f"{shown}:{line}: 文件不是 UTF-8 编码的文本（第 {line} 行，第 {exc.start + 1} 字节）；请另存为 UTF-8"],
        ) from exc
    if not text.strip():
        raise InputError(shown, [f"{shown}: 文件是空的"])
    return text


#: PyYAML's (English) problem texts, by prefix → a Chinese explanation. The original is kept in brackets.
_YAML_PROBLEMS = (
    ("expected ',' or ']'", "方括号列表 [ ] 没有正确结束（缺少逗号或「]」）"),
    ("expected ',' or '}'", "花括号映射 { } 没有正确结束（缺少逗号或「}」）"),
    ("found unexpected end of stream", "文件意外结束（引号没有闭合？）"),
    ("mapping values are not allowed here", "此处不能出现「键: 值」（缩进不一致，或值里有未加引号的冒号）"),
    ("expected <block end>", "缩进不一致"),
    ("could not find expected ':'", "缺少冒号「:」"),
    ("found undefined alias", "引用了未定义的锚点（*名称）"),
    ("could not determine a constructor", "不支持的 YAML 标签（!!…）"),
    ("found character '\\t'", "出现了制表符：YAML 的缩进只能用空格"),
    ("found character", "出现了不能作为内容开头的字符（请加引号）"),
    ("but found another document", "文件中有多个 YAML 文档（---），数据集只能有一个"),
    ("expected '<document start>'", "多余的内容（括号不配对？）"),
)


def _yaml_message(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line to report and a Chinese description of a YAML syntax error."""
    problem = exc.problem or exc.context or ""
    explained = next((zh for prefix, zh in _YAML_PROBLEMS if problem.startswith(prefix)), None)
    duplicate = isinstance(exc, DuplicateKeyError)
    if duplicate or (explained is None and not problem.isascii()):
        description = problem or "格式错误"  # already Chinese (our own duplicate-key error)
    else:
        description = f"{explained or '无法解析'}［{problem}］" if problem else "无法解析"
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None, description
    lines = max(text.count("\n") + (0 if text.endswith("\n") else 1), 1)
    line = min(mark.line + 1, lines)  # the end-of-stream mark sits on a line after the last one
    context = exc.context_mark
    if (
        context is not None
        and exc.problem_mark is not None
        and context.line + 1 < line
        and (exc.context or "").startswith("while ")
    ):
        description += f"（该结构从第 {context.line + 1} 行开始）"
    return line, description


_KINDS = {"LineList": "列表", "list": "列表", "str": "文字", "NoneType": "空（没有任何内容）", "bool": "布尔值",
          "int": "数字", "Decimal": "数字", "float": "数字", "date": "日期", "datetime": "日期时间"}  # fmt: skip


def parse_file(path: Path) -> Any:
    text = read_text(path)
    try:
        root = parse(text)
    except yaml.MarkedYAMLError as exc:
        line, description = _yaml_message(exc, text)
        where = f"{path}:{line}" if line else str(path)
        raise InputError(str(path), [f"{where}: YAML/JSON 格式错误：{description}"]) from exc
    except yaml.YAMLError as exc:
        raise InputError(str(path), [f"{path}: YAML/JSON 格式错误：{exc}"]) from exc
    except RecursionError as exc:
        raise InputError(str(path), [f"{path}: YAML/JSON 嵌套层次过深，无法读取"]) from exc
    if not isinstance(root, dict):
        kind = _KINDS.get(type(root).__name__, type(root).__name__)
        raise InputError(
            str(path), [f"{path}:{getattr(root, 'line', 1)}: 数据集的顶层应为映射（键: 值），实际为{kind}"]
        )
    return root


def load(path: str | Path) -> Accounts:
    """Load a ledger dataset (YAML/JSON, or a fill-in workbook .xlsx: docs/workbook.md). Raises
    :class:`InputError` listing every located problem."""
    path = Path(path)
    if is_workbook(path):
        root, places, problems = read_workbook(path)
        return load_data(root, places, problems)
    root = parse_file(path)
    return load_data(root, YamlPlaces(str(path), root))


def load_data(root: Any, places: Places, problems: list[str] | tuple[str, ...] = ()) -> Accounts:
    """The parsed dataset ``root`` (a dict as YAML gives it) → accounts; ``places`` says where each value was
    read (a line, a cell), ``problems`` what reading found already. Raises :class:`InputError`."""
    path = places.path
    try:
        dataset = Dataset.model_validate(root)
    except ValidationError as exc:
        raise InputError(path, [*problems, *places.errors(exc)]) from exc
    if problems:
        raise InputError(path, list(problems))
    try:
        profile = profiles.get(dataset.profile)
    except ProfileError as exc:
        raise InputError(path, [f"{places.where(('profile',))}: {exc}"]) from exc
    builder = _FactBuilder(places, dataset)
    for index, unit in enumerate(dataset.units):
        builder.add_unit(index, unit)
    builder.check_placement(profile.class_codes())
    try:
        evaluations = evaluations_from(dataset.evaluations, root, path, places)
    except InputError as exc:
        builder.problems += exc.problems
        evaluations = ()
    report = build_report(builder, dataset.report)
    if builder.problems:
        raise InputError(path, builder.problems)
    return Accounts(
        department=dataset.department,
        year=dataset.year,
        profile=dataset.profile,
        units=tuple(builder.units),
        facts=tuple(builder.facts),
        names=dict(dataset.names),
        path=path,
        evaluations=evaluations,
        report=report,
    )


class _FactBuilder:
    def __init__(self, places: Places, dataset: Dataset) -> None:
        self.places = places
        self.path = places.path
        self.scale = WAN if dataset.amount_unit == "万元" else Decimal(1)
        self.max_places = 6 if dataset.amount_unit == "万元" else 2
        self.facts: list[Fact] = []
        self.units: list[Unit] = []
        self.problems: list[str] = []
        self._seen_units: set[str] = set()
        self._coded: list[tuple[str, tuple[int | str, ...]]] = []  # functional codes used, with their place

    def ref(self, *loc: int | str) -> SourceRef:
        return self.places.ref(loc)

    def at(self, *loc: int | str) -> str:
        return self.places.at(loc)

    def money(self, value: Decimal, *loc: int | str) -> Decimal:
        if value * self.scale > MAX_YUAN:
            self.problems.append(
                f"{self.at(*loc)}：金额「{value}」超出可处理的范围（单笔上限 1000 万亿元），"
                f"请检查金额单位（amount_unit 为 {'万元' if self.scale == WAN else '元'}）"
            )
            return Decimal(0)
        exponent = value.as_tuple().exponent
        if (
            isinstance(exponent, int)
            and -exponent > self.max_places
            and value != value.quantize(Decimal(1).scaleb(-self.max_places))
        ):
            self.problems.append(
                f"{self.at(*loc)}：金额「{value}」比 1 分还精细，"
                f"请检查金额单位（amount_unit 为 {'万元' if self.scale == WAN else '元'}）"
            )
        return value * self.scale

    def add_unit(self, index: int, unit: UnitInput) -> None:
        at: tuple[int | str, ...] = ("units", index)
        if unit.name in self._seen_units:
            self.problems.append(f"{self.places.where((*at, 'name'))}: 单位名称「{unit.name}」重复")
        self._seen_units.add(unit.name)
        s = unit.staff
        self.units.append(
            Unit(
                name=unit.name,
                budget_level=unit.budget_level,
                kind=unit.kind,
                staff=Staff(s.in_service, s.retired, s.other, s.pension_fund_retired, s.authorized),
                ref=self.ref(*at),
            )
        )
        name = unit.name
        for i, inc in enumerate(unit.income):
            loc = (*at, "income", i)
            self.fact(loc, "income", self.money(inc.amount, *loc, "amount"), name, code=inc.code,
                      source=inc.source, fund=vocab.fund_of_source(inc.source))  # fmt: skip
        for i, exp in enumerate(unit.expenditure):
            loc = (*at, "expenditure", i)
            if exp.fund in vocab.FISCAL_FUNDS and exp.nature not in vocab.FISCAL_NATURES:
                self.problems.append(
                    f"{self.at(*loc)}：财政拨款资金（{vocab.FUNDS[exp.fund]}）"
                    f"只能用于基本支出或项目支出，不能是「{vocab.NATURES[exp.nature]}」"
                )
            self.fact(loc, "expenditure", self.money(exp.amount, *loc, "amount"), name, code=exp.code,
                      nature=exp.nature, fund=exp.fund)  # fmt: skip
        for i, eco in enumerate(unit.basic_by_economic):
            loc = (*at, "basic_by_economic", i)
            self.fact(loc, "basic_economic", self.money(eco.amount, *loc, "amount"), name, code=eco.code,
                      fund="general_budget", nature="basic")  # fmt: skip
        self.add_balances(at, unit)
        if unit.three_public is not None:
            self.add_three_public(at, unit)
        if unit.assets is not None:
            assets = unit.assets
            for key, count in assets.vehicles.model_dump().items():
                self.fact((*at, "assets", "vehicles", key), "assets", Decimal(count), name, item=key)
            self.fact((*at, "assets", "equipment_over_1m"), "assets", Decimal(assets.equipment_over_1m),
                      name, item="equipment_over_1m")  # fmt: skip

    def add_balances(self, at: tuple[int | str, ...], unit: UnitInput) -> None:
        name = unit.name
        for family, lines in (
            ("opening", unit.opening_balance),
            ("closing_given", unit.closing_balance or []),
        ):
            field = "opening_balance" if family == "opening" else "closing_balance"
            for i, bal in enumerate(lines):
                loc = (*at, field, i)
                if bal.fund == "gov_fund" and bal.code is None:
                    self.problems.append(
                        f"{self.at(*loc)}：政府性基金的结转和结余需要给出支出功能分类"
                        f"科目编码 code（公开07表按科目列示）"
                    )
                self.fact(loc, family, self.money(bal.amount, *loc, "amount"), name, fund=bal.fund,
                          code=bal.code or "")  # fmt: skip
        if unit.balance_distribution is not None:
            loc = (*at, "balance_distribution")
            self.fact(loc, "distribution", self.money(unit.balance_distribution, *loc), name, fund="non_fiscal")
        if unit.use_of_non_fiscal_balance is not None:
            loc = (*at, "use_of_non_fiscal_balance")
            amount = self.money(unit.use_of_non_fiscal_balance, *loc)
            self.fact(loc, "use_non_fiscal", amount, name, fund="non_fiscal")

    def add_three_public(self, at: tuple[int | str, ...], unit: UnitInput) -> None:
        tp = unit.three_public
        assert tp is not None
        for column in ("initial_budget", "full_budget", "actual"):
            for item, value in getattr(tp, column).model_dump().items():
                if value is not None:
                    loc = (*at, "three_public", column, item)
                    self.fact(loc, "three_public", self.money(value, *loc), unit.name, column=column, item=item)
        for item, count in tp.stats.model_dump().items():
            if count is not None:
                loc = (*at, "three_public", "stats", item)
                self.fact(loc, "three_public_stats", Decimal(count), unit.name, column="actual", item=item)

    def fact(self, loc: tuple[int | str, ...], family: str, amount: Decimal, unit: str, **dims: str) -> None:
        self.facts.append(Fact(family=family, amount=amount, unit=unit, refs=(self.ref(*loc),), **dims))
        if dims.get("code") and family != "basic_economic":
            self._coded.append((dims["code"], loc))

    def check_placement(self, class_codes: frozenset[str]) -> None:
        for code, loc in self._coded:
            if code[:3] not in class_codes:
                self.problems.append(
                    f"{self.at(*loc, 'code')}：科目编码 {code} 的类级科目 {code[:3]} "
                    f"不在本模板的 {len(class_codes)} 个支出功能分类类级科目中，无法列入公开01/04表"
                )
