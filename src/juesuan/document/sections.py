"""第三部分 决算情况说明: one builder per section, turning tables and the report section into template phrases.

A builder reads figures from the built :class:`~juesuan.model.tables.TableSet` (cells named in the profile's
``cells`` map) and from :class:`~juesuan.model.report.Report`, and returns the template's context: plain text
or phrases put through :class:`~juesuan.document.templating.Marks`. :data:`BUILDERS` maps the ``id`` that a
profile's ``document.yaml`` gives a section to its builder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ..model.blocks import Heading, Paragraph, Run
from ..model.money import YUAN_PER_WAN, ZERO, to_wan
from .evaluations import narrative_section
from .templating import Context
from .wording import chinese_number, differs, rate


def _income(c: Context) -> dict[str, Any]:
    out: dict[str, Any] = {"grand_total": c.amount(c.cell("income_grand_total"))[1]}
    for key, what in (
        ("opening", "年初结转和结余"),
        ("use_non_fiscal", "使用非财政拨款结余"),
        ("income_total", "收入"),
    ):
        phrases = c.yoy(c.cell(key), key, what)
        out |= {key: phrases["amount"], f"{key}_change": phrases["change"], f"{key}_reason": phrases["reason"]}
        out[f"{key}_nonzero"] = to_wan(c.cells.value(c.cell(key))) != 0
    out["parts"] = c.shares(c.templates.data["income_parts"])
    return out


def _expenditure(c: Context) -> dict[str, Any]:
    out: dict[str, Any] = {"grand_total": c.amount(c.cell("expenditure_grand_total"))[1]}
    for key, what in (("expenditure_total", "支出"), ("distribution", "结余分配"), ("closing", "年末结转和结余")):
        phrases = c.yoy(c.cell(key), key, what)
        out |= {key: phrases["amount"], f"{key}_change": phrases["change"], f"{key}_reason": phrases["reason"]}
        out[f"{key}_nonzero"] = to_wan(c.cells.value(c.cell(key))) != 0
    out["parts"] = c.shares(c.templates.data["expenditure_parts"])
    cells = c.templates.data["cells"]
    out["classes"] = c.shares(
        _class_parts(c, cells.get("expenditure_table", "03"), cells.get("expenditure_column", "本年支出合计"))
    )
    return out


def _class_parts(c: Context, table_id: str, column: str) -> list[dict[str, str]]:
    """The 类 rows of a tree table as share parts (label without its numbering, cell)."""
    return [
        {"label": _NUMBERING.sub("", row.label), "cell": f"{table_id}:{row.code}:{column}"}
        for row in c.cells.table(table_id).rows
        if row.code and len(row.code) == 3
    ]


_NUMBERING = re.compile(r"^[一二三四五六七八九十]+、")


def _fiscal_budget(c: Context) -> dict[str, Any]:
    report, w = c.accounts.report, c.writer
    table_id, column = c.cell("fiscal_table"), c.cell("fiscal_class_column")
    table = c.cells.table(table_id)
    total_ref = str(c.templates.data["cells"].get("fiscal_budget_total", c.cell("fiscal_expenditure_total")))
    actual = c.cells.value(total_ref)
    by_class = report.initial_budget_by_class
    budget_ref = "report:initial_budget.total"
    if report.initial_budget_total is not None:
        budget: Decimal | None = report.initial_budget_total
    elif by_class:  # the sum of the printed class budgets
        budget = sum((to_wan(v) for v in by_class.values()), ZERO) * YUAN_PER_WAN
        budget_ref = "+".join(f"report:initial_budget.by_class.{code}" for code in sorted(by_class))
    else:
        budget = None
    out: dict[str, Any] = {"actual": c.amount(total_ref)[1], "classes": []}
    if budget is None:
        out |= {
            "budget": c.put(w.placeholder("initial_budget", "财政拨款年初预算数", "report.initial_budget")),
            "completion": "",
            "reason": "",
        }
    else:
        if "+" in budget_ref:
            out["budget"] = c.put(w.amount(budget, tuple(budget_ref.split("+")), "sum"))
        else:
            out["budget"] = c.put(w.amount(budget, (budget_ref,), "input"))
        out["completion"] = c.put(w.completion(actual, budget, (total_ref, budget_ref), "，完成年初预算的"))
        required = not by_class and differs(actual, budget)
        out["reason"] = c.put(w.reason(c.reasons, "budget", required=required, lead="，预决算差异主要原因："))
    rows = [r for r in table.rows if r.code and len(r.code) == 3 and r.side in ("", "支出")]
    number = 0
    for row in rows:
        cell = row.cells.get(column)
        value = ZERO if cell is None or cell.value is None else cell.value
        if row.code not in by_class and to_wan(value) == 0:
            continue
        number += 1
        ref = f"{table_id}:{row.code}:{column}"
        item: dict[str, str] = {
            "number": chinese_number(number),
            "name": _NUMBERING.sub("", row.label),
            "actual": c.put(w.amount(value, (ref,))),
        }
        code = row.code or ""
        class_budget = by_class.get(code)
        if class_budget is None:
            item |= {
                "budget": c.put(
                    w.placeholder(
                        f"initial_budget.{code}", f"{item['name']}年初预算数", f"report.initial_budget.by_class.{code}"
                    )
                ),
                "completion": "",
                "reason": "",
            }
        else:
            budget_cell = f"report:initial_budget.by_class.{code}"
            item["budget"] = c.put(w.amount(class_budget, (budget_cell,), "input"))
            item["completion"] = c.put(w.completion(value, class_budget, (ref, budget_cell), "，完成年初预算的"))
            item["reason"] = c.put(
                w.reason(
                    c.reasons,
                    f"budget.{code}",
                    required=differs(value, class_budget),
                    lead="预决算差异主要原因：",
                    tail="。",
                )
            )
        out["classes"].append(item)
    return out


def _basic(c: Context) -> dict[str, Any]:
    table_id, column = c.cell("economic_table"), c.cell("economic_column")
    table = c.cells.table(table_id)
    always = [str(code) for code in c.templates.data.get("basic_classes", [])]
    classes = []
    for row in table.rows:
        code = row.code or ""
        if len(code) != 3:
            continue
        ref = f"{table_id}:{code}:{column}"
        value = c.cells.value(ref)
        key = f"basic.{code}"
        if code not in always and to_wan(value) == 0 and not to_wan(c.previous.get(key, ZERO)):
            continue
        classes.append((code, row.label, ref))
    order = {code: i for i, code in enumerate(always)}
    classes.sort(key=lambda item: (order.get(item[0], len(order)), item[0]))
    out: dict[str, Any] = {"total": c.amount(c.cell("basic_total"))[1], "classes": [], "groups": []}
    for number, (code, label, ref) in enumerate(classes, 1):
        phrases = c.yoy(ref, f"basic.{code}", label)
        out["classes"].append({"number": chinese_number(number), "name": label, **phrases})
    # 人员经费 / 公用经费 with the 款 they include (the central layout: "人员经费 X 万元，主要包括：…")
    for group in c.templates.data.get("basic_groups", []):
        classes_of = {str(code) for code in group["classes"]}
        items = [
            row.label
            for row in table.rows
            if row.code
            and len(row.code) == 5
            and row.code[:3] in classes_of
            and to_wan(c.cells.value(f"{table_id}:{row.code}:{column}")) != 0
        ]
        out["groups"].append(
            {
                "number": chinese_number(len(out["groups"]) + 1),
                "name": group["name"],
                "amount": c.amount(group["cell"])[1],
                "names": "、".join(items),
            }
        )
    return out


_THREE_PUBLIC = (("total", "“三公”经费"), ("abroad", "因公出国（境）费"), ("vehicle", "公务用车购置及运行维护费"),
                 ("vehicle_purchase", "公务用车购置费"), ("vehicle_operation", "公务用车运行维护费"),
                 ("reception", "公务接待费"))  # fmt: skip
#: The 三公 statistics in groups that the text states together, the item whose 决算数 makes the group due (a
#: count must be stated when money was spent on it), and what each count is called in a 【待补充】 mark.
_STAT_GROUPS: tuple[tuple[tuple[str, ...], str | None], ...] = (
    (("abroad_groups", "abroad_people"), "abroad"),
    (("vehicles_purchased",), "vehicle_purchase"),
    (("vehicles_held",), "vehicle_operation"),
    (("domestic_batches", "domestic_people"), "reception"),
    (("domestic_foreign_batches", "domestic_foreign_people"), None),  # stated only when given (其中外事接待)
    (("abroad_reception_batches", "abroad_reception_people"), None),  # stated only when given
)
_STAT_NAMES = {"abroad_groups": "因公出国（境）团组数", "abroad_people": "因公出国（境）人次数",
               "vehicles_purchased": "公务用车购置数", "vehicles_held": "公务用车保有量",
               "domestic_batches": "国内公务接待批次", "domestic_people": "国内公务接待人次",
               "domestic_foreign_batches": "外事接待批次", "domestic_foreign_people": "外事接待人次",
               "abroad_reception_batches": "国（境）外公务接待批次",
               "abroad_reception_people": "国（境）外公务接待人次"}  # fmt: skip
#: The dataset field of each item's 全年预算数 (the 公务用车 total is the sum of its two parts).
_BUDGET_FIELDS = {"total": "units[].three_public.full_budget", "vehicle": "units[].three_public.full_budget",
                  "abroad": "units[].three_public.full_budget.abroad",
                  "vehicle_purchase": "units[].three_public.full_budget.vehicle_purchase",
                  "vehicle_operation": "units[].three_public.full_budget.vehicle_operation",
                  "reception": "units[].three_public.full_budget.reception"}  # fmt: skip


def _versus(actual: Decimal, budget: Decimal) -> str:
    """The lead of a budget-vs-final reason; its direction word agrees with the printed figures."""
    if not differs(actual, budget):
        return "，主要原因："
    return (
        "，决算数大于全年预算数的主要原因："
        if to_wan(actual) > to_wan(budget)
        else "，决算数小于全年预算数的主要原因："
    )


def _three_public_refs(c: Context) -> dict[str, tuple[str, str]]:
    """(全年预算数, 决算数) cell of each 三公 item: the profile's ``three_public_cells`` (a table that prints the
    items as columns of one row, as the central layout does), else the item's row of the 三公 table."""
    mapping = c.templates.data.get("three_public_cells")
    if mapping:
        return {item: (str(mapping[item]["budget"]), str(mapping[item]["actual"])) for item, _ in _THREE_PUBLIC}
    table_id = c.cell("three_public_table")
    budget_column, actual_column = c.cell("three_public_budget"), c.cell("three_public_actual")
    return {
        item: (f"{table_id}:{item}:{budget_column}", f"{table_id}:{item}:{actual_column}") for item, _ in _THREE_PUBLIC
    }


def _three_public(c: Context) -> dict[str, Any]:
    """Each 三公 item's 全年预算数, 决算数, completion and changes, and the statistics.

    A blank 决算数 is none spent (table 09's own note: an empty table means no 三公 spending). A 全年预算数 or a
    count the dataset does not give is never printed as 0: when money was spent it is a 【待补充】 mark, else
    the template leaves the clause out (``None``). A count given as 0 next to money spent is printed as given;
    the check catalogue reports it (t09-trip-reception-counts, t09-vehicle-counts).
    """
    w = c.writer
    refs = _three_public_refs(c)
    out: dict[str, Any] = {}
    actuals: dict[str, Decimal] = {}
    for item, what in _THREE_PUBLIC:
        key = "three_public" if item == "total" else f"three_public.{item}"
        budget_ref, actual_ref = refs[item]
        budget, actual = c.cells.given(budget_ref), c.cells.value(actual_ref)
        actuals[item] = actual
        phrases = c.yoy(actual_ref, key, what)
        out[item] = {"actual": phrases["amount"], "change": phrases["change"], "reason": phrases["reason"]}
        if budget is None:  # no 全年预算数 given: a mark when money was spent, else no budget clause at all
            spent = to_wan(actual) != 0
            missing = w.placeholder(f"{key}.full_budget", f"{what}全年预算数", _BUDGET_FIELDS[item])
            reason = w.reason(c.reasons, f"{key}.budget", required=False, lead="，主要原因：")
            out[item] |= {"budget": c.put(missing) if spent else None, "completion": "", "budget_reason": c.put(reason)}
            continue
        out[item] |= {
            "budget": c.amount(budget_ref)[1],
            "completion": c.put(w.completion(actual, budget, (actual_ref, budget_ref), "，完成全年预算的")),
            "budget_reason": c.put(
                w.reason(c.reasons, f"{key}.budget", required=differs(actual, budget), lead=_versus(actual, budget))
            ),
        }
    # the statistics: rows of the 三公 table (Jiangxi), or the dataset's (three_public_stat: "model:…")
    stat = c.templates.data.get("three_public_stat")
    if stat is None:
        stat = f"{c.cell('three_public_table')}:{{item}}:{c.cell('three_public_actual')}"
    stat = str(stat)
    stats: dict[str, Any] = {}
    nonzero: dict[str, bool] = {}
    for names, money in _STAT_GROUPS:
        given = {name: c.cells.given(stat.format(item=name)) for name in names}
        spent = money is not None and to_wan(actuals[money]) != 0
        # a group is stated when any of its counts is given (optional groups: given and not 0) or money was spent
        due = spent or any(v is not None and (money is not None or v != 0) for v in given.values())
        for name, value in given.items():
            if value is not None:
                stats[name] = c.count(stat.format(item=name))
            elif due:
                stats[name] = c.put(w.placeholder(f"three_public_stats.{name}", _STAT_NAMES[name],
                                                  f"units[].three_public.stats.{name}"))  # fmt: skip
            else:
                stats[name] = None
        nonzero[names[0]] = any(v for v in given.values()) or (spent and None in given.values())
    stats["has_foreign"] = nonzero["domestic_foreign_batches"]
    stats["has_abroad"] = nonzero["abroad_reception_batches"]
    stats["has_abroad_trips"] = nonzero["abroad_groups"]
    stats["has_purchase"] = nonzero["vehicles_purchased"]
    out["stats"] = stats
    # the shares of the three items in the 决算数
    out["parts"] = c.shares(
        [
            {"label": what, "cell": refs[item][1]}
            for item, what in _THREE_PUBLIC
            if item in ("abroad", "vehicle", "reception")
        ]
    )
    # no 三公 at all (S2 writes "本部门无“三公”经费财政拨款支出" instead of listing zeros)
    out["nothing"] = all(to_wan(c.cells.value(ref)) == 0 for ref in refs["total"]) and all(
        to_wan(c.previous.get(k, ZERO)) == 0 for k in c.previous if k.startswith("three_public")
    )
    return out


def _operating_costs(c: Context) -> dict[str, Any]:
    report, w = c.accounts.report, c.writer
    if report.operating_costs is None:
        return {"missing": c.put(w.placeholder("operating_costs", "机关运行经费支出情况", "report.operating_costs"))}
    ref = "report:operating_costs"
    amount = report.operating_costs
    previous = c.previous.get("operating_costs")
    changed = previous is not None and differs(amount, previous)
    return {
        "missing": None,
        "amount": c.put(w.amount(amount, (ref,), "input")),
        "change": c.put(w.change(amount, previous, (ref,), "operating_costs", "机关运行经费")),
        "reason": c.put(w.reason(c.reasons, "operating_costs", required=changed)),
    }


def _procurement(c: Context) -> dict[str, Any]:
    report, w = c.accounts.report, c.writer
    p = report.procurement
    if p is None:
        return {"missing": c.put(w.placeholder("procurement", "政府采购支出情况", "report.procurement"))}
    if to_wan(p.total) == 0:
        return {"missing": None, "nothing": True}

    def amount(name: str) -> Run:
        return w.amount(getattr(p, name), (f"report:procurement.{name}",), "input")

    parts = ("report:procurement.goods", "report:procurement.works", "report:procurement.services")
    smes = ("report:procurement.sme_goods", "report:procurement.sme_works", "report:procurement.sme_services")
    total_wan = sum((to_wan(v) for v in (p.goods, p.works, p.services)), ZERO)
    sme_wan = sum((to_wan(v) for v in (p.sme_goods, p.sme_works, p.sme_services)), ZERO)
    out: dict[str, Any] = {
        "missing": None,
        "nothing": False,
        "total": c.put(w.amount(total_wan * YUAN_PER_WAN, parts, "sum")),
        "goods": c.put(amount("goods")),
        "works": c.put(amount("works")),
        "services": c.put(amount("services")),
        "sme": c.put(w.amount(sme_wan * YUAN_PER_WAN, smes, "sum")),
        "small_micro": c.put(amount("small_micro")),
        "sme_share": None,
        "small_micro_share": None,
        "categories": [],
    }
    share = rate(sme_wan, total_wan)
    if share is not None:
        out["sme_share"] = c.put(w.percent(share, ("+".join(smes), "+".join(parts)), "ratio"))
    share = rate(to_wan(p.small_micro), sme_wan)
    if share is not None:
        out["small_micro_share"] = c.put(w.percent(share, ("report:procurement.small_micro", "+".join(smes)), "ratio"))
    for name, label in (("goods", "货物"), ("works", "工程"), ("services", "服务")):
        share = rate(to_wan(getattr(p, f"sme_{name}")), to_wan(getattr(p, name)))
        if share is not None:
            cells = (f"report:procurement.sme_{name}", f"report:procurement.{name}")
            out["categories"].append({"name": label, "share": c.put(w.percent(share, cells, "ratio"))})
    return out


def _assets(c: Context) -> dict[str, Any]:
    """Vehicles by kind and equipment: rows of the assets table (Jiangxi's 10), or, for a layout without that
    table, the dataset's assets (``vehicle_rows`` as ``{name, cell: "model:assets.<item>"}``). A dataset without
    ``units[].assets`` gives no count: 【待补充】 marks, not 0 辆 (``assets: {}`` gives zeros)."""
    cells = c.templates.data["cells"]
    w = c.writer

    def ref(key: str) -> str:  # a row key of the assets table, or a full reference
        return key if ":" in key else f"{cells['assets_table']}:{key}:{cells['assets_column']}"

    kinds = []
    for spec in c.templates.data["vehicle_rows"]:
        if isinstance(spec, dict):
            name, cell = str(spec["name"]), str(spec["cell"])
        else:
            cell = ref(str(spec))
            table_id, row_key, _ = cell.split(":", 2)
            name = re.sub(r"^\d+\.\s*", "", c.cells.table(table_id).row(row_key).label)
        kinds.append({"name": name, "count": c.count(cell), "held": c.cells.value(cell) != 0})
    vehicles = ref(str(cells["assets_vehicles"]))
    equipment = ref(str(cells["assets_equipment"]))
    if c.cells.given(vehicles) is None:
        vehicles_phrase = c.put(w.placeholder("assets.vehicles", "车辆数", "units[].assets.vehicles"))
        kinds = []
    else:
        vehicles_phrase = c.count(vehicles)
    if c.cells.given(equipment) is None:
        name = "单价100万元（含）以上设备数"
        equipment_phrase = c.put(w.placeholder("assets.equipment", name, "units[].assets.equipment_over_1m"))
    else:
        equipment_phrase = c.count(equipment)
    return {
        "vehicles": vehicles_phrase,
        "has_vehicles": c.cells.value(vehicles) != 0,
        "kinds": kinds,
        "equipment": equipment_phrase,
        "extra": list(c.accounts.report.assets_text),
    }


def _performance(c: Context) -> dict[str, Any]:
    """九、预算绩效情况说明: the dataset's ``report.performance`` text, else composed from its evaluations."""
    paragraphs = list(c.accounts.report.performance)
    if not paragraphs and c.accounts.evaluations:
        paragraphs = _performance_from_evaluations(c)
    if not paragraphs:
        paragraphs = [c.put(c.writer.placeholder("performance", "预算绩效情况", "report.performance"))]
    return {"paragraphs": paragraphs}


def _performance_from_evaluations(c: Context) -> list[str]:
    """The section as :func:`juesuan.document.evaluations.narrative_section` composes it, as template lines: its
    subsection headings as lead paragraphs (the seed's form), its sentences with their figures; the
    self-evaluation tables are left to 第五部分 附件. What the evaluations do not state is a placeholder
    recorded like every other (so ``--final`` refuses it)."""
    lines: list[str] = []
    for block in narrative_section(c.accounts.evaluations, c.tables):
        if isinstance(block, Heading) and block.level == 2:
            lines.append(block.text)
        elif isinstance(block, Paragraph):
            runs = [
                c.writer.placeholder("performance", run.text[5:-1], "report.performance")
                if run.mark == "placeholder"
                else run
                for run in block.runs
            ]
            lines.append(c.put(runs))
    return lines


def _totals(c: Context, cells: tuple[str, str, str], key: str, what: str) -> dict[str, Any]:
    """A 收支总计 with its change from last year (``key``), and its 本年收入合计 and 本年支出合计; ``cells`` names
    the profile's cells for the three."""
    grand_cell, income_cell, expenditure_cell = cells
    grand = c.yoy(c.cell(grand_cell), key, what)
    return {
        "grand_total": grand["amount"],
        "change": grand["change"],
        "reason": grand["reason"],
        "income_total": c.amount(c.cell(income_cell))[1],
        "expenditure_total": c.amount(c.cell(expenditure_cell))[1],
    }


def _overall(c: Context) -> dict[str, Any]:
    """收入支出决算总体情况: 收、支总计 and its change; 本年收入合计, 本年支出合计."""
    return _totals(c, ("income_grand_total", "income_total", "expenditure_total"), "grand_total", "收支总计")


def _fiscal_overall(c: Context) -> dict[str, Any]:
    """财政拨款收入支出决算总体情况: 财政拨款收、支总计 and its change."""
    cells = ("fiscal_grand_total", "fiscal_income_total", "fiscal_expenditure_total")
    return _totals(c, cells, "fiscal_total", "财政拨款收支总计")


def _general_budget(c: Context) -> dict[str, Any]:
    """一般公共预算财政拨款支出决算情况: the total and its change (总体), the 类 shares (结构)."""
    total = c.yoy(c.cell("general_budget_total"), "general_budget", "一般公共预算财政拨款支出")
    table_id, column = c.cell("general_budget_table"), c.cell("general_budget_column")
    parts = [
        {"label": row.label, "cell": f"{table_id}:{row.code}:{column}"}
        for row in c.cells.table(table_id).rows
        if row.code and len(row.code) == 3
    ]
    total_ref, whole_ref = c.cell("general_budget_total"), c.cell("expenditure_total")
    share = rate(to_wan(c.cells.value(total_ref)), to_wan(c.cells.value(whole_ref)))
    return {
        "total": total["amount"],
        "change": total["change"],
        "reason": total["reason"],
        "classes": c.shares(parts),
        # 占本年支出合计的 x% (printed 05 合计 ÷ printed 01 本年支出合计)
        "of_total": None if share is None else c.put(c.writer.percent(share, (total_ref, whole_ref), "ratio")),
    }


def _funds(c: Context) -> dict[str, Any]:
    """政府性基金预算 and 国有资本经营预算 财政拨款: amounts, or that there were none (empty tables)."""
    out: dict[str, Any] = {}
    for fund in ("gov_fund", "state_capital"):
        table = c.cells.table(c.cell(f"{fund}_table"))
        out[fund] = None if table.is_empty() else c.amount(c.cell(f"{fund}_expenditure"))[1]
    return out


#: Section builders by the ``id`` a profile's document.yaml gives them.
BUILDERS: dict[str, Callable[[Context], dict[str, Any]]] = {
    "income": _income,
    "expenditure": _expenditure,
    "fiscal_budget": _fiscal_budget,
    "basic": _basic,
    "three_public": _three_public,
    "operating_costs": _operating_costs,
    "procurement": _procurement,
    "assets": _assets,
    "performance": _performance,
    "overall": _overall,
    "fiscal_overall": _fiscal_overall,
    "general_budget": _general_budget,
    "funds": _funds,
}
