"""Python checks of performance evaluations (catalogue/performance.yaml; domain.md §6).

The checks read the ``evaluations`` input (a tuple of :class:`juesuan.model.evaluations.Evaluation`), score each
evaluation with :func:`juesuan.perf.scoring.score_evaluation` and compare what was entered (published) with
what the arithmetic, the scoring methods, the grade scale, the tables and the accounts say. Findings point at
the input line of the entered value.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..derive.query import NotRun, Quantity, evaluate
from ..findings import Finding, Location
from ..load.evaluations import read_evaluations
from ..model.accounts import Accounts
from ..model.evaluations import BANDS, Evaluation
from ..model.money import round_to_cents_of_wan, to_wan
from ..model.source import SourceRef
from ..perf import scoring  # a module reference: perf.scoring itself imports the check engine
from ..perf.figures import OWN_FIELDS, accounts_value, bindings
from ..perf.grades import scale_of
from ..perf.methods import CannotScore, methods
from .context import RuleContext, location_of
from .inputs import EXAMPLE_READERS

if TYPE_CHECKING:
    from ..perf.scoring import Sheet

HUNDRED = Decimal(100)


def _example_evaluations(raw: Any, where: str) -> object:
    return read_evaluations({"evaluations": raw}, where)


EXAMPLE_READERS["evaluations"] = _example_evaluations


def _evaluations(ctx: RuleContext) -> tuple[Evaluation, ...]:
    given = ctx.tables.input("evaluations")
    if not isinstance(given, tuple) or not given:
        raise NotRun("没有绩效评价")
    return given


def _sheets(ctx: RuleContext) -> list[Sheet]:
    """The evaluations scored once per check run (cached on the run's table view, shared by the rules)."""
    evaluations = _evaluations(ctx)
    cached = getattr(ctx.tables, "_perf_sheets", None)
    if cached is not None and cached[0] is evaluations:
        return list(cached[1])
    tables = ctx.tables.tables if ctx.tables.tables.tables else None
    sheets = [scoring.score_evaluation(e, tables) for e in evaluations]
    setattr(ctx.tables, "_perf_sheets", (evaluations, sheets))  # noqa: B010 - a per-run cache, not an attribute
    return list(sheets)


def _loc(ref: SourceRef | None, row: str, column: str) -> Location:
    if ref is None:
        return Location(row=row, column=column)
    return Location(row=row, column=column, page=ref.page, path=ref.path, line=ref.line, field=ref.field)


def _emit(
    ctx: RuleContext, message: str, locations: Iterable[Location], expected: Decimal | None = None,
    actual: Decimal | None = None, unit: str | None = None,
) -> None:  # fmt: skip
    ctx.comparisons += 1
    difference = actual - expected if actual is not None and expected is not None else None
    message = f"{ctx.rule.title}不成立：{message}"
    finding = Finding(ctx.rule.id, ctx.severity, message, tuple(locations), expected, actual, difference, None, unit)
    ctx.findings.append(finding)


def _who(evaluation: Evaluation) -> str:
    return f"{evaluation.kind_name}「{evaluation.subject}」"


def _n(value: Decimal) -> str:
    """A score or rate as entered/computed, without trailing zeros beyond two places."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def tree_sum(ctx: RuleContext) -> None:
    """Σ children's scores = the parent's entered score at every level; Σ 一级 = the stated total."""
    for sheet in _sheets(ctx):
        ev = sheet.evaluation
        for node in sheet.walk():
            ind = node.indicator
            if not node.children or ind.score is None or node.computed is None:
                continue
            if node.computed != ind.score:
                parts = " + ".join(_n(c.score) for c in node.children if c.score is not None)
                _emit(ctx, f"{_who(ev)}指标「{ind.name}」得分 {_n(ind.score)}，下级指标得分之和 {parts} = "
                      f"{_n(node.computed)}", [_loc(ind.ref("score"), ind.name, "得分")], node.computed, ind.score,
                      "分")  # fmt: skip
            else:
                ctx.passed()
        if ev.score is not None and sheet.computed is not None:
            if sheet.computed != ev.score:
                parts = " + ".join(_n(t.score) for t in sheet.indicators if t.score is not None)
                _emit(ctx, f"{_who(ev)}总得分 {_n(ev.score)}，一级指标得分之和 {parts} = {_n(sheet.computed)}",
                      [_loc(ev.ref("score"), "合计", "得分")], sheet.computed, ev.score, "分")  # fmt: skip
            else:
                ctx.passed()


def score_within_weight(ctx: RuleContext) -> None:
    """0 ≤ each entered score ≤ its 分值; the total ≤ the full score."""
    for sheet in _sheets(ctx):
        ev = sheet.evaluation
        for node in sheet.walk():
            ind = node.indicator
            if ind.score is None or node.weight is None:
                continue
            if ind.score > node.weight:
                _emit(ctx, f"{_who(ev)}指标「{ind.name}」得分 {_n(ind.score)} 超过分值 {_n(node.weight)}",
                      [_loc(ind.ref("score"), ind.name, "得分")], node.weight, ind.score, "分")  # fmt: skip
            else:
                ctx.passed()
        if ev.score is not None:
            if ev.score > ev.total_weight:
                _emit(ctx, f"{_who(ev)}总得分 {_n(ev.score)} 超过满分 {_n(ev.total_weight)}",
                      [_loc(ev.ref("score"), "合计", "得分")], ev.total_weight, ev.score, "分")  # fmt: skip
            else:
                ctx.passed()


def weights_add_up(ctx: RuleContext) -> None:
    """Σ children's 分值 = the parent's 分值; Σ 一级 分值 = the full score (100)."""
    for sheet in _sheets(ctx):
        ev = sheet.evaluation
        for node in sheet.walk():
            ind = node.indicator
            if not node.children or ind.weight is None or any(c.weight is None for c in node.children):
                continue
            total = sum((c.weight for c in node.children if c.weight is not None), Decimal(0))
            if total != ind.weight:
                _emit(ctx, f"{_who(ev)}指标「{ind.name}」分值 {_n(ind.weight)}，下级指标分值之和 {_n(total)}",
                      [_loc(ind.ref("weight"), ind.name, "分值")], total, ind.weight, "分")  # fmt: skip
            else:
                ctx.passed()
        if sheet.weights is not None:
            if sheet.weights != ev.total_weight:
                _emit(ctx, f"{_who(ev)}一级指标分值之和 {_n(sheet.weights)}，应为满分 {_n(ev.total_weight)}",
                      [_loc(ev.ref("indicators"), "合计", "分值")], ev.total_weight, sheet.weights, "分")  # fmt: skip
            else:
                ctx.passed()


def weight_missing(ctx: RuleContext) -> None:
    """Entered scores whose 分值 is not published cannot be verified: one finding per evaluation."""
    for sheet in _sheets(ctx):
        ev = sheet.evaluation
        unknown = [n.indicator for n in sheet.walk() if n.indicator.score is not None and n.weight is None]
        if unknown:
            names = "、".join(i.name for i in unknown[:5]) + ("等" if len(unknown) > 5 else "")
            _emit(ctx, f"{_who(ev)}有 {len(unknown)} 个指标填报了得分但未公开分值（{names}），无法复核",
                  [_loc(i.ref(), i.name, "分值") for i in unknown])  # fmt: skip
        else:
            ctx.passed()


def rate_recomputed(ctx: RuleContext) -> None:
    """Each stated 得分率 = 得分 ÷ 分值 × 100%, at the precision it is printed with."""
    for sheet in _sheets(ctx):
        ev = sheet.evaluation
        for node in sheet.walk():
            ind = node.indicator
            if ind.rate is None or node.score is None or not node.weight:
                continue
            ctx.compare_percent(
                ind.rate, node.score * HUNDRED / node.weight,
                f"{_who(ev)}指标「{ind.name}」得分率（得分 {_n(node.score)} ÷ 分值 {_n(node.weight)}）",
                [_loc(ind.ref("rate"), ind.name, "得分率")],
            )  # fmt: skip
        if (
            ev.rate is not None
            and sheet.score is not None
            and ev.total_weight
            and (ev.score is not None or sheet.complete)
        ):
            ctx.compare_percent(
                ev.rate, sheet.score * HUNDRED / ev.total_weight,
                f"{_who(ev)}总得分率（总得分 {_n(sheet.score)} ÷ 满分 {_n(ev.total_weight)}）",
                [_loc(ev.ref("rate"), "合计", "得分率")],
            )  # fmt: skip


def grade_matches(ctx: RuleContext) -> None:
    """The stated grade is the grade of the total by the evaluation's scale."""
    for sheet in _sheets(ctx):
        ev = sheet.evaluation
        if ev.grade is None or sheet.score is None or (ev.score is None and not sheet.complete):
            continue  # no stated total, and the published tree is incomplete: the grade cannot be judged
        scale = scale_of(ev.grades, ev.grade_bands)
        expected = scale.grade(sheet.score, ev.total_weight)
        if expected != ev.grade:
            _emit(ctx, f"{_who(ev)}总得分 {_n(sheet.score)} 按“{scale.title}”（{scale.describe()}）应为“{expected}”，"
                  f"所述为“{ev.grade}”", [_loc(ev.ref("grade"), "合计", "等级")])  # fmt: skip
        else:
            ctx.passed()


def method_score(ctx: RuleContext) -> None:
    """An entered score equals what its scoring method gives (qualitative: lies within its band)."""
    if not any(i.method for e in _evaluations(ctx) for i in e.all_indicators()):
        raise NotRun("没有标明计分方法的指标")
    for sheet in _sheets(ctx):
        ev = sheet.evaluation
        for node in sheet.walk():
            ind = node.indicator
            if node.children or ind.method in (None, "entered") or ind.score is None or ind.weight is None:
                continue  # an unpublished 分值 is reported by perf-weight-missing
            where = [_loc(ind.ref("score"), ind.name, "得分")]
            if ind.method == "qualitative" and ind.band is not None and ind.weight is not None:
                name, low, high = BANDS[ind.band]
                if not low * ind.weight <= ind.score <= high * ind.weight:
                    _emit(ctx, f"{_who(ev)}指标「{ind.name}」档次为“{name}”，得分应在 {_n(low * ind.weight)}–"
                          f"{_n(high * ind.weight)} 之间，实为 {_n(ind.score)}", where)  # fmt: skip
                else:
                    ctx.passed()
                continue
            if node.computed is None:
                _emit(ctx, f"{_who(ev)}指标「{ind.name}」无法按“{methods()[ind.method].title}”复核得分：{node.note}",
                      where)  # fmt: skip
            elif node.computed != ind.score:
                _emit(ctx, f"{_who(ev)}指标「{ind.name}」按“{methods()[ind.method].title}”应得 {_n(node.computed)} 分，"
                      f"填报 {_n(ind.score)} 分", where, node.computed, ind.score, "分")  # fmt: skip
            else:
                ctx.passed()


def _wan(value: Decimal) -> Decimal:
    return to_wan(value)


def _compare_amount(ctx: RuleContext, what: str, stated: Decimal, ref: SourceRef | None, row: str, column: str,
                    q: Quantity, op: str = "eq") -> None:  # fmt: skip
    shown = round_to_cents_of_wan(stated)
    bad = shown != q.value if op == "eq" else shown > q.value
    if bad:
        relation = "应等于" if op == "eq" else "应不大于"
        table_place = "、".join(str(location_of(r)) for r in q.refs[:2])
        _emit(ctx, f"{what} {_wan(shown)} 万元，{relation}公开表 {_wan(q.value)} 万元（{table_place}）",
              [_loc(ref, row, column), *(location_of(r) for r in q.refs[:2])], _wan(q.value), _wan(shown),
              "万元")  # fmt: skip
    else:
        ctx.passed()


def budget_execution(ctx: RuleContext) -> None:
    """The 预算执行率 an evaluation used (and its 执行数 / 预算数) agrees with the tables."""
    tables = ctx.tables.tables if ctx.tables.tables.tables else None
    seen = False
    for ev in _evaluations(ctx):
        for ind in ev.all_indicators():
            if ind.children or ind.method is None or not methods()[ind.method].needs_tables:
                continue
            seen = True
            try:
                execution = scoring.execution_of(ind, tables)
            except CannotScore as exc:
                raise NotRun(exc.reason) from exc
            if ind.actual is not None:
                executed, budget = _wan(execution.executed.value), _wan(execution.budget.value)
                ctx.compare_percent(
                    ind.actual, execution.rate,
                    f"{_who(ev)}指标「{ind.name}」所用预算执行率（按公开表 {executed} ÷ {budget}）",
                    [_loc(ind.ref("actual"), ind.name, "实际完成值"),
                     *(location_of(r) for r in (*execution.executed.refs, *execution.budget.refs))],
                )  # fmt: skip
            for stated, q, column in ((ind.executed, execution.executed, "全年执行数"),
                                      (ind.budget, execution.budget, "全年预算数")):  # fmt: skip
                if stated is not None:
                    _compare_amount(
                        ctx,
                        f"{_who(ev)}指标「{ind.name}」所用{column}",
                        stated,
                        ind.ref("executed" if column == "全年执行数" else "budget"),
                        ind.name,
                        column,
                        q,
                    )
    if not seen:
        raise NotRun("没有按预算执行率计分的指标")


def _project_total(ctx: RuleContext) -> Quantity:
    return ctx.tables.total("03", "项目支出")


def amount_matches(ctx: RuleContext) -> None:
    """部门整体支出评价: amount = 本年支出合计 (or 收入总计); 项目自评 / 部门评价: amount ≤ 项目支出."""
    seen = False
    for ev in _evaluations(ctx):
        if ev.amount is None:
            continue
        seen = True
        if ev.kind == "department_overall":
            key, side = (
                ("expenditure_total", "支出") if ev.amount_basis == "expenditure" else ("income_grand_total", "收入")
            )
            q = ctx.tables.cell("01", key, side=side)
            _compare_amount(ctx, f"{_who(ev)}评价金额", ev.amount, ev.ref("amount"), ev.subject, "评价金额", q)
        else:
            _compare_amount(ctx, f"{_who(ev)}评价金额", ev.amount, ev.ref("amount"), ev.subject, "评价金额",
                            _project_total(ctx), "le")  # fmt: skip
    if not seen:
        raise NotRun("绩效评价都没有填报评价金额")


def share_recomputed(ctx: RuleContext) -> None:
    """ "占项目支出总额的 x%": Σ 项目自评 amounts ÷ 项目支出 × 100, at the printed precision."""
    evaluations = _evaluations(ctx)
    stated = [e for e in evaluations if e.share is not None]
    if not stated:
        raise NotRun("绩效评价都没有填报占项目支出总额的比例")
    projects = _project_total(ctx)
    if projects.value == 0:
        raise NotRun("公开03表项目支出为 0")
    for ev in stated:
        assert ev.share is not None
        group = [e for e in evaluations if e.kind == ev.kind and e.amount is not None] if ev.kind == "project_self" \
            else [ev]  # fmt: skip
        if any(e.amount is None for e in group) or not group:
            continue
        amount = sum((round_to_cents_of_wan(e.amount) for e in group if e.amount is not None), Decimal(0))
        ctx.compare_percent(
            ev.share, amount * HUNDRED / projects.value,
            f"{_who(ev)}所述占项目支出总额的比例（{_wan(amount)} ÷ 项目支出 {_wan(projects.value)} 万元）",
            [_loc(ev.ref("share"), ev.subject, "占项目支出比例"), *(location_of(r) for r in projects.refs)],
        )  # fmt: skip


def _show(value: Decimal, unit: str) -> str:
    return f"{_wan(value)} 万元" if unit == "元" else f"{_n(value)}{unit}"


def _own_fields(ctx: RuleContext, ev: Evaluation) -> None:
    """Figures keyed amount / score / rate against the evaluation's own amount, total score, total rate."""
    for figure in ev.figures:
        if figure.key not in OWN_FIELDS:
            continue
        own = {"amount": ev.amount, "score": ev.score, "rate": ev.rate}[figure.key]
        if own is None:
            continue
        value = round_to_cents_of_wan(figure.value) if figure.unit == "元" else figure.value
        own_shown = round_to_cents_of_wan(own) if figure.key == "amount" else own
        if value == own_shown:
            ctx.passed()
            continue
        unit = "元" if figure.key == "amount" else ("分" if figure.key == "score" else "%")
        said = f"“{figure.label}”" if figure.label else ""
        _emit(ctx, f"{_who(ev)}的{OWN_FIELDS[figure.key]}为 {_show(own_shown, unit)}，"
              f"{figure.where or '另处'}所述{said}为 {_show(value, unit)}",
              [_loc(figure.ref, figure.label or figure.key, OWN_FIELDS[figure.key]),
               _loc(ev.ref(figure.key), ev.subject, OWN_FIELDS[figure.key])])  # fmt: skip


def _keyed(ev: Evaluation) -> list[tuple[str, Decimal, str, str, SourceRef | None]]:
    """(key, value, unit, label, ref) of every keyed indicator actual and every other keyed figure."""
    items: list[tuple[str, Decimal, str, str, SourceRef | None]] = []
    for ind in ev.all_indicators():
        if ind.key and ind.actual is not None:
            unit = ind.target.unit if ind.target else ""
            items.append((ind.key, ind.actual, unit, f"{_who(ev)}指标「{ind.name}」", ind.ref("actual")))
    for figure in ev.figures:
        if figure.key not in OWN_FIELDS:
            label = f"{_who(ev)}{figure.where}「{figure.label or figure.key}」"
            items.append((figure.key, figure.value, figure.unit, label, figure.ref))
    return items


def same_value(ctx: RuleContext) -> None:
    """The same indicator or figure (same ``key``) has the same value everywhere in the dataset."""
    first: dict[str, tuple[Decimal, str, str, SourceRef | None]] = {}
    if not any(_keyed(ev) or ev.figures for ev in _evaluations(ctx)):
        raise NotRun("没有标明同一指标（key）的数字，也没有另处所述的数字")
    for ev in _evaluations(ctx):
        _own_fields(ctx, ev)
        for key, value, unit, label, ref in _keyed(ev):
            if key not in first:
                first[key] = (value, unit, label, ref)
                continue
            value0, unit0, label0, ref0 = first[key]
            if value != value0:
                _emit(ctx, f"同一指标（{key}）：{label0}为 {_show(value0, unit0)}，{label}为 {_show(value, unit)}",
                      [_loc(ref, key, "实际完成值"), _loc(ref0, key, "实际完成值")], value0, value,
                      None if unit == "元" else unit)  # fmt: skip
            else:
                ctx.passed()


def figures_match_tables(ctx: RuleContext) -> None:
    """Stated figures bound to the tables or the accounts (perf/figures.yaml) agree with them."""
    accounts = ctx.tables.inputs.get("accounts")
    reasons: list[str] = []
    ran = False
    for ev in _evaluations(ctx):
        for figure in ev.figures:
            binding = bindings().get(figure.key)
            if binding is None:
                continue
            what = f"{_who(ev)}{figure.where}所述“{figure.label or binding.title}”"
            if binding.tables is not None:
                try:
                    q = evaluate(binding.tables, ctx.tables)
                except NotRun as exc:
                    reasons.append(exc.reason)
                    continue
                ran = True
                _compare_amount(ctx, what, figure.value, figure.ref, figure.label or figure.key, binding.title, q)
            elif binding.accounts is not None:
                if not isinstance(accounts, Accounts):
                    reasons.append("没有账务数据（数据集）")
                    continue
                expected = accounts_value(accounts, binding.accounts)
                if expected is None:
                    reasons.append(f"数据集中没有{binding.title}")
                    continue
                ran = True
                if figure.value != expected:
                    _emit(ctx, f"{what}为 {_n(figure.value)}{figure.unit}，数据集的{binding.title}为 {expected}",
                          [_loc(figure.ref, figure.label or figure.key, binding.title)], expected, figure.value,
                          figure.unit)  # fmt: skip
                else:
                    ctx.passed()
    if not ran:
        raise NotRun("；".join(dict.fromkeys(reasons)) or "没有与公开表或账务数据对应的数字")


def result_missing(ctx: RuleContext) -> None:
    """An evaluation that states neither indicators nor a score nor a grade."""
    for ev in _evaluations(ctx):
        if not ev.indicators and ev.score is None and ev.grade is None:
            _emit(ctx, f"{_who(ev)}既没有指标得分，也没有总得分和评价等级", [_loc(ev.ref(), ev.subject, "评价结果")])
        else:
            ctx.passed()
