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
from ..model.accounts import Accounts, Fact, Staff, Unit
from ..model.source import SourceRef
from ..profiles import loader as profiles
from . import vocab
from .messages import located
from .schema import Dataset, UnitInput
from .yamlsrc import line_of, parse

MAX_BYTES = 64 * 1024 * 1024
WAN = Decimal(10000)


def read_text(path: Path) -> str:
    shown = str(path)
    if not path.exists():
        raise InputError(shown, [f"{shown}: 文件不存在"])
    if path.is_dir():
        raise InputError(shown, [f"{shown}: 这是一个目录，不是数据文件"])
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(shown, [f"{shown}: 文件过大（{size} 字节，上限 {MAX_BYTES} 字节）"])
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(shown, [f"{shown}: 文件不是 UTF-8 编码的文本（第 {exc.start} 字节）"]) from exc
    if not text.strip():
        raise InputError(shown, [f"{shown}: 文件是空的"])
    return text


def parse_file(path: Path) -> Any:
    text = read_text(path)
    try:
        root = parse(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = exc.problem or exc.context or "格式错误"
        raise InputError(str(path), [f"{path}{line}: YAML/JSON 格式错误：{problem}"]) from exc
    except yaml.YAMLError as exc:
        raise InputError(str(path), [f"{path}: YAML/JSON 格式错误：{exc}"]) from exc
    if not isinstance(root, dict):
        raise InputError(str(path), [f"{path}: 数据集的顶层应为映射（键: 值），实际为 {type(root).__name__}"])
    return root


def load(path: str | Path) -> Accounts:
    """Load a ledger dataset. Raises :class:`InputError` listing every located problem."""
    path = Path(path)
    root = parse_file(path)
    try:
        dataset = Dataset.model_validate(root)
    except ValidationError as exc:
        raise InputError(str(path), located(str(path), root, exc)) from exc
    try:
        profile = profiles.get(dataset.profile)
    except ProfileError as exc:
        line = line_of(root, ("profile",))
        raise InputError(str(path), [f"{path}:{line}: {exc}"]) from exc
    builder = _FactBuilder(str(path), root, dataset)
    for index, unit in enumerate(dataset.units):
        builder.add_unit(index, unit)
    builder.check_placement(profile.class_codes())
    if builder.problems:
        raise InputError(str(path), builder.problems)
    return Accounts(
        department=dataset.department,
        year=dataset.year,
        profile=dataset.profile,
        units=tuple(builder.units),
        facts=tuple(builder.facts),
        names=dict(dataset.names),
        path=str(path),
    )


class _FactBuilder:
    def __init__(self, path: str, root: Any, dataset: Dataset) -> None:
        self.path, self.root = path, root
        self.scale = WAN if dataset.amount_unit == "万元" else Decimal(1)
        self.max_places = 6 if dataset.amount_unit == "万元" else 2
        self.facts: list[Fact] = []
        self.units: list[Unit] = []
        self.problems: list[str] = []
        self._seen_units: set[str] = set()

    def ref(self, *loc: int | str) -> SourceRef:
        from .messages import field_path

        return SourceRef(self.path, line_of(self.root, loc), field_path(loc))

    def money(self, value: Decimal, *loc: int | str) -> Decimal:
        exponent = value.as_tuple().exponent
        if (
            isinstance(exponent, int)
            and -exponent > self.max_places
            and value != value.quantize(Decimal(1).scaleb(-self.max_places))
        ):
            ref = self.ref(*loc)
            self.problems.append(
                f"{self.path}:{ref.line}: 字段 {ref.field}：金额「{value}」比 1 分还精细，"
                f"请检查金额单位（amount_unit 为 {'万元' if self.scale == WAN else '元'}）"
            )
        return value * self.scale

    def add_unit(self, index: int, unit: UnitInput) -> None:
        at: tuple[int | str, ...] = ("units", index)
        if unit.name in self._seen_units:
            ref = self.ref(*at, "name")
            self.problems.append(f"{self.path}:{ref.line}: 单位名称「{unit.name}」重复")
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
                ref = self.ref(*loc)
                self.problems.append(
                    f"{self.path}:{ref.line}: 字段 {ref.field}：财政拨款资金（{vocab.FUNDS[exp.fund]}）"
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
                    ref = self.ref(*loc)
                    self.problems.append(
                        f"{self.path}:{ref.line}: 字段 {ref.field}：政府性基金的结转和结余需要给出支出功能分类"
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

    def check_placement(self, class_codes: frozenset[str]) -> None:
        for fact in self.facts:
            if fact.code and fact.family != "basic_economic" and fact.code[:3] not in class_codes:
                ref = fact.refs[0] if fact.refs else None
                line = f":{ref.line}" if ref and ref.line else ""
                field = ref.field if ref else ""
                self.problems.append(
                    f"{self.path}{line}: 字段 {field}：科目编码 {fact.code} 的类级科目 {fact.code[:3]} "
                    f"不在本模板的 26 个支出功能分类类级科目中，无法列入公开01/04表"
                )
