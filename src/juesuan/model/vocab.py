"""The dataset's controlled vocabulary: ids used in the model and the Chinese names users may write."""

from __future__ import annotations

from collections.abc import Callable


def one_of(table: dict[str, str], what: str) -> Callable[[object], str]:
    """A validator mapping a written name (Chinese or id) to its id by ``table``; anything else is an error
    that lists the Chinese names accepted."""
    accepted = "、".join(dict.fromkeys(k for k in table if not k.isascii()))

    def check(value: object) -> str:
        key = table.get(str(value).strip()) if isinstance(value, str) else None
        if key is None:
            raise ValueError(f"未知的{what}「{value}」，可用的值：{accepted}")
        return key

    return check


#: 收入来源 (income sources): id → Chinese name as printed in the tables.
SOURCES = {
    "general_budget": "一般公共预算财政拨款收入",
    "gov_fund": "政府性基金预算财政拨款收入",
    "state_capital": "国有资本经营预算财政拨款收入",
    "superior_subsidy": "上级补助收入",
    "business": "事业收入",
    "operating": "经营收入",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
}

#: 资金性质 (funds): the three 财政拨款 budgets and everything else.
FUNDS = {
    "general_budget": "一般公共预算财政拨款",
    "gov_fund": "政府性基金预算财政拨款",
    "state_capital": "国有资本经营预算财政拨款",
    "non_fiscal": "非财政拨款",
}
FISCAL_FUNDS = ("general_budget", "gov_fund", "state_capital")

#: 支出性质 (natures of expenditure).
NATURES = {
    "basic": "基本支出",
    "project": "项目支出",
    "remit_superior": "上缴上级支出",
    "operating": "经营支出",
    "subsidy_affiliated": "对附属单位补助支出",
}
#: Natures that 财政拨款 money may have.
FISCAL_NATURES = ("basic", "project")

#: 单位性质.
UNIT_KINDS = {
    "administrative": "行政单位",
    "civil_service_managed": "参照公务员法管理事业单位",
    "public_institution": "事业单位",
    "other": "其他单位",
}

#: 三公经费 items (amounts). Budget columns use the first four; 决算 uses the detailed ones.
THREE_PUBLIC_ITEMS = {
    "abroad": "因公出国（境）费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
    "reception": "公务接待费",
    "reception_domestic": "国内接待费",
    "reception_foreign_affairs": "其中：外事接待费",
    "reception_abroad": "国（境）外接待费",
}
THREE_PUBLIC_COLUMNS = {
    "initial_budget": "年初预算数",
    "full_budget": "全年预算数",
    "actual": "决算数",
}
THREE_PUBLIC_STATS = {
    "abroad_groups": "因公出国（境）团组数（个）",
    "abroad_people": "因公出国（境）人次数（人）",
    "vehicles_purchased": "公务用车购置数（辆）",
    "vehicles_held": "公务用车保有量（辆）",
    "domestic_batches": "国内公务接待批次（个）",
    "domestic_foreign_batches": "其中：外事接待批次（个）",
    "domestic_people": "国内公务接待人次（人）",
    "domestic_foreign_people": "其中：外事接待人次（人）",
    "abroad_reception_batches": "国（境）外公务接待批次（个）",
    "abroad_reception_people": "国（境）外公务接待人次（人）",
}
#: The 三公 spending (决算数 items) each statistic counts: a unit that spent nothing on it has none to count.
STAT_SPENDING = {
    "abroad_groups": ("abroad",), "abroad_people": ("abroad",),
    "vehicles_purchased": ("vehicle_purchase",), "vehicles_held": ("vehicle_operation", "vehicle_purchase"),
    "domestic_batches": ("reception_domestic",), "domestic_people": ("reception_domestic",),
    "domestic_foreign_batches": ("reception_foreign_affairs",),
    "domestic_foreign_people": ("reception_foreign_affairs",),
    "abroad_reception_batches": ("reception_abroad",), "abroad_reception_people": ("reception_abroad",),
}  # fmt: skip
VEHICLES = {
    "ministerial": "副部（省）级及以上领导用车",
    "principal": "主要负责人用车",
    "confidential": "机要通信用车",
    "emergency": "应急保障用车",
    "law_enforcement": "执法执勤用车",
    "special_technical": "特种专业技术用车",
    "retiree_service": "离退休干部服务用车",
    "other": "其他用车",
}


def aliases(vocab: dict[str, str], *extra: tuple[str, str]) -> dict[str, str]:
    """Every accepted spelling → id: the id itself, the Chinese name, and the name without 收入/财政拨款."""
    table: dict[str, str] = {}
    for key, name in vocab.items():
        table[key] = key
        table[name] = key
        for suffix in ("收入", "财政拨款收入", "财政拨款", "支出"):
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                table.setdefault(name.removesuffix(suffix), key)
    for spelling, key in extra:
        table[spelling] = key
    return table


SOURCE_ALIASES = aliases(SOURCES, ("政府性基金", "gov_fund"), ("国有资本经营", "state_capital"))
FUND_ALIASES = aliases(FUNDS, ("政府性基金", "gov_fund"), ("国有资本经营", "state_capital"), ("非财政", "non_fiscal"))
NATURE_ALIASES = aliases(NATURES)
UNIT_KIND_ALIASES = aliases(
    UNIT_KINDS, ("参公事业单位", "civil_service_managed"), ("参公单位", "civil_service_managed")
)


def fund_of_source(source: str) -> str:
    return source if source in FISCAL_FUNDS else "non_fiscal"
