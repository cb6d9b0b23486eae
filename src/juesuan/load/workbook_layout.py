"""The fill-in workbook's shape (填报.xlsx, docs/workbook.md): its sheets, blocks and columns, as data.

Shared by the writer (:mod:`juesuan.load.workbook_template`) and the reader (:mod:`juesuan.load.workbook`), so
that the two cannot disagree. Every sheet holds at most two blocks:

* a **key–value block** (``fields``) starting on row 1: a header row 项目 | 值, then one row per field, the
  Chinese label in column A, the value in column B;
* a **table block** (``table``): a header row of Chinese column headers (found by its first header in column A),
  then one record per row until the end of the sheet (blank rows are skipped).

Each column and field names the field it fills with a dotted key inside its record (``staff.in_service``,
``target.direction``): that is the fixed header → field map the reader uses. Headers are matched by their text,
so columns may be reordered; a missing header is an error naming the sheet and the header.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import vocab
from . import evaluations_schema as es

#: Kinds of cell: how a cell is written and read.
TEXT, CODE7, CODE5, CODE3, AMOUNT, NUMBER, COUNT, YAML = (
    "text",
    "code7",
    "code5",
    "code3",
    "amount",
    "number",
    "count",
    "yaml",
)
UNIT = "unit"  # the 单位名称 of a record (a drop-down of the 单位信息 names)
WORD = "word"  # text read without the spaces around it (ids, keys, codes); TEXT keeps a paragraph as typed
#: Vocabulary kinds: cell kind → (aliases accepted, id → the Chinese name written).
VOCABS: dict[str, dict[str, str]] = {
    "source": vocab.SOURCES,
    "fund": vocab.FUNDS,
    "nature": vocab.NATURES,
    "unit_kind": vocab.UNIT_KINDS,
}


def _first_chinese(aliases: dict[str, str]) -> dict[str, str]:
    """id → the first Chinese spelling of an alias table (what the writer puts in a cell)."""
    out: dict[str, str] = {}
    for spelling, key in aliases.items():
        if not spelling.isascii():
            out.setdefault(key, spelling)
    return out


VOCABS |= {
    "evaluation_kind": _first_chinese(es.KIND_ALIASES),
    "direction": {"ge": "≥", "le": "≤", "eq": "=", "qualitative": "定性"},
    "band": _first_chinese(es.BAND_ALIASES),
    "basis": _first_chinese(es.BASIS_ALIASES),
    "amount_unit": {"元": "元", "万元": "万元"},
    "balance_kind": {"opening_balance": "年初结转和结余", "closing_balance": "年末结转和结余"},
}


@dataclass(frozen=True)
class Column:
    """One column of a table block, or one row of a key–value block."""

    header: str  # the Chinese header (or label)
    key: str  # dotted field key inside the record
    kind: str = TEXT
    width: int = 14
    note: str = ""  # the input message shown when the cell is selected

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))


@dataclass(frozen=True)
class Sheet:
    name: str
    fields: tuple[Column, ...] = ()
    table: tuple[Column, ...] = ()
    note: str = ""  # one line on the sheet's purpose (the 说明 sheet lists them)

    @property
    def table_row(self) -> int:
        """The 0-based row of the table header as written (after the key–value block and one blank row)."""
        return len(self.fields) + 2 if self.fields else 0


#: 单位 column shared by the unit-level sheets.
UNIT_COLUMN = Column("单位名称", "unit", UNIT, 30, "单位信息表中的单位名称；只有一个单位时可不填")
#: 三公经费 columns: (column id, items).
_THREE_PUBLIC_BUDGET = ("abroad", "vehicle_purchase", "vehicle_operation", "reception")
_THREE_PUBLIC_ACTUAL = ("abroad", "vehicle_purchase", "vehicle_operation", "reception_domestic",
                        "reception_foreign_affairs", "reception_abroad")  # fmt: skip
_PROCUREMENT = {
    "goods": "政府采购货物支出", "works": "政府采购工程支出", "services": "政府采购服务支出",
    "sme_goods": "货物采购授予中小企业合同金额", "sme_works": "工程采购授予中小企业合同金额",
    "sme_services": "服务采购授予中小企业合同金额", "small_micro": "其中：授予小微企业合同金额",
}  # fmt: skip
_PREVIOUS = {
    "opening": "上年年初结转和结余", "use_non_fiscal": "上年使用非财政拨款结余", "income_total": "上年本年收入合计",
    "expenditure_total": "上年本年支出合计", "distribution": "上年结余分配", "closing": "上年年末结转和结余",
    "grand_total": "上年收入（支出）总计", "fiscal_total": "上年财政拨款收入（支出）总计",
    "general_budget": "上年一般公共预算财政拨款支出", "operating_costs": "上年机关运行经费",
    "three_public.total": "上年“三公”经费合计", "three_public.abroad": "上年因公出国（境）费",
    "three_public.vehicle": "上年公务用车购置及运行维护费", "three_public.vehicle_purchase": "上年公务用车购置费",
    "three_public.vehicle_operation": "上年公务用车运行维护费", "three_public.reception": "上年公务接待费",
}  # fmt: skip
#: 情况说明: 项目 of the paragraph table → field key in ``report``.
PARAGRAPHS = {
    "部门主要职责": "duties",
    "机构设置": "organization.text",
    "内设机构": "organization.departments",
    "国有资产占用情况说明": "assets_text",
    "预算绩效情况说明": "performance",
}

INFO = Sheet(
    "单位信息",
    fields=(
        Column("格式", "format", WORD, note="固定为 juesuan/1"),
        Column("模板", "profile", WORD, note="地区版式，如 jiangxi-2023、central-2023"),
        Column("年度", "year", COUNT, note="决算年度，如 2023"),
        Column("部门名称", "department", TEXT),
        Column("金额单位", "amount_unit", "amount_unit", note="元 或 万元：本工作簿中所有金额的单位（绩效评价除外）"),
    ),
    table=(
        Column("单位名称", "name", TEXT, 30),
        Column("预算级次", "budget_level", WORD, note="如 一级、二级"),
        Column("单位性质", "kind", "unit_kind", 24),
        Column("年末在职人员", "staff.in_service", COUNT),
        Column("离退休人员", "staff.retired", COUNT, note="不含由养老保险基金发放养老金的离退休人员"),
        Column("其他人员", "staff.other", COUNT),
        Column("由养老保险基金发放养老金的离退休人员", "staff.pension_fund_retired", COUNT, 20),
        Column("编制数", "staff.authorized", COUNT),
        Column("结余分配", "balance_distribution", AMOUNT, note="非财政拨款结余分配；不填为无"),
        Column("使用非财政拨款结余", "use_of_non_fiscal_balance", AMOUNT, 18),
    ),
    note="部门与各预算单位：模板、年度、部门名称、金额单位；每个单位一行（级次、性质、人员）",
)
INCOME = Sheet(
    "收入",
    table=(UNIT_COLUMN, Column("科目编码", "code", CODE7, 12, "支出功能分类科目（项）7 位编码"),
           Column("收入来源", "source", "source", 30), Column("金额", "amount", AMOUNT, 16)),
    note="本年收入：每个单位、科目（项）、收入来源一行",
)  # fmt: skip
EXPENDITURE = Sheet(
    "支出",
    table=(UNIT_COLUMN, Column("科目编码", "code", CODE7, 12, "支出功能分类科目（项）7 位编码"),
           Column("支出性质", "nature", "nature", 20), Column("资金性质", "fund", "fund", 30),
           Column("金额", "amount", AMOUNT, 16)),
    note="本年支出：每个单位、科目（项）、支出性质、资金性质一行",
)  # fmt: skip
ECONOMIC = Sheet(
    "基本支出经济分类",
    table=(UNIT_COLUMN, Column("经济分类科目编码", "code", CODE5, 16, "部门预算支出经济分类科目（款）5 位编码"),
           Column("金额", "amount", AMOUNT, 16)),
    note="一般公共预算财政拨款基本支出，按部门经济分类（款），合计应等于支出表中该部分",
)  # fmt: skip
BALANCES = Sheet(
    "结转结余",
    table=(UNIT_COLUMN,
           Column("类别", "balance", "balance_kind", 18, "年初结转和结余，或（可选，给出时核对）年末结转和结余"),
           Column("资金性质", "fund", "fund", 30),
           Column("科目编码", "code", CODE7, 12, "政府性基金的结转和结余须填支出功能分类科目（项）编码"),
           Column("金额", "amount", AMOUNT, 16)),
    note="年初（及可选的年末）结转和结余，按资金性质",
)  # fmt: skip
THREE_PUBLIC = Sheet(
    "三公",
    table=(
        UNIT_COLUMN,
        *(Column(f"{vocab.THREE_PUBLIC_COLUMNS[c]}·{vocab.THREE_PUBLIC_ITEMS[i]}", f"{c}.{i}", AMOUNT, 16)
          for c in ("initial_budget", "full_budget") for i in _THREE_PUBLIC_BUDGET),
        *(Column(f"决算数·{vocab.THREE_PUBLIC_ITEMS[i]}", f"actual.{i}", AMOUNT, 16) for i in _THREE_PUBLIC_ACTUAL),
        *(Column(label, f"stats.{key}", COUNT, 16) for key, label in vocab.THREE_PUBLIC_STATS.items()),
    ),
    note="财政拨款“三公”经费（公开09表）：每个单位一行；不填的格为空白（不是 0）；没有行的单位不列三公经费",
)  # fmt: skip
ASSETS = Sheet(
    "资产",
    table=(
        UNIT_COLUMN,
        *(Column(f"{label}（辆）", f"vehicles.{key}", COUNT, 14) for key, label in vocab.VEHICLES.items()),
        Column("单价100万元（含）以上设备（台、套）", "equipment_over_1m", COUNT, 18),
    ),
    note="国有资产占用情况（公开10表）：每个单位一行；没有行的单位不列资产",
)
PREVIOUS = Sheet(
    "上年数",
    fields=tuple(Column(label, key, AMOUNT) for key, label in _PREVIOUS.items()),
    table=(Column("经济分类类级科目编码", "code", CODE3, 20, "301、302 …"),
           Column("上年一般公共预算财政拨款基本支出", "amount", AMOUNT, 30)),
    note="上年数（report.previous）：情况说明比较用；不填的显示为【待补充】",
)  # fmt: skip
BUDGET = Sheet(
    "年初预算",
    fields=(Column("财政拨款本年支出年初预算数", "total", AMOUNT, note="不填时为各类之和"),),
    table=(Column("功能分类类级科目编码", "code", CODE3, 20, "201、208 …"), Column("年初预算数", "amount", AMOUNT, 20)),
    note="财政拨款支出年初预算数（report.initial_budget），按支出功能分类类级科目",
)
REASONS = Sheet(
    "原因说明",
    table=(Column("原因键", "key", "reason", 30, "见说明表的原因键列表"), Column("原因说明", "text", TEXT, 80)),
    note="变动原因（report.reasons）：原因键 → 说明",
)
NARRATIVE = Sheet(
    "情况说明",
    fields=(
        Column("编制数", "organization.authorized", COUNT, note="不填时为各单位编制数之和"),
        Column("实有人数", "organization.actual", COUNT),
        Column("机关运行经费", "operating_costs.amount", AMOUNT),
        *(Column(label, f"procurement.{key}", AMOUNT) for key, label in _PROCUREMENT.items()),
        Column("上年数据集", "previous_dataset", TEXT, note="上年数据集的路径（相对于本文件）"),
    ),
    table=(Column("项目", "item", "paragraph", 22, "、".join(PARAGRAPHS)), Column("内容", "text", TEXT, 100)),
    note="情况说明的文字：职责、机构、采购、机关运行经费等；每段一行",
)
GLOSSARY = Sheet(
    "名词解释",
    table=(Column("名词或科目编码", "term", TEXT, 24), Column("解释", "text", TEXT, 100)),
    note="名词解释的补充或覆盖（report.glossary）",
)
NAMES = Sheet(
    "科目名称",
    table=(Column("科目编码", "code", WORD, 12, "3、5 或 7 位"), Column("科目名称", "name", TEXT, 40)),
    note="科目名称（names：内置代码表没有的编码，或覆盖代码表的名称）",
)
EVALUATIONS = Sheet(
    "绩效评价",
    table=(
        Column("评价编号", "id", WORD, 18, "数据集内唯一，指标和数字表用它对应"),
        Column("评价类型", "kind", "evaluation_kind", 18),
        Column("评价对象", "subject", TEXT, 36, "项目名称或部门名称"),
        Column("标题", "title", TEXT, 20),
        Column("金额单位", "amount_unit", "amount_unit", 10, "本评价中金额的单位（默认 万元）"),
        Column("评价金额", "amount", NUMBER),
        Column("金额口径", "amount_basis", "basis", 16),
        Column("占比（%）", "share", NUMBER),
        Column("满分", "total_weight", NUMBER),
        Column("总得分", "score", NUMBER),
        Column("得分率（%）", "rate", NUMBER),
        Column("等级", "grade", TEXT, 8),
        Column("等级方案", "grades", WORD, 10, "default 或 shanghai"),
        Column("自定义等级", "grade_bands", "bands", 24, "如 优:90；良:80；中:60；差:0（从高到低）"),
    ),
    note="绩效评价：每个评价一行",
)
INDICATORS = Sheet(
    "绩效指标",
    table=(
        Column("评价编号", "evaluation", WORD, 18),
        Column("级次", "level", COUNT, 6, "1 为一级指标；2 为其上方最近一个 1 级指标的下级，依此类推"),
        Column("指标名称", "name", TEXT, 30),
        Column("标识", "key", WORD, 12, "如 satisfaction、execution_rate"),
        Column("分值", "weight", NUMBER, 8),
        Column("方向", "target.direction", "direction", 8),
        Column("目标值", "target.value", NUMBER, 10),
        Column("计量单位", "target.unit", TEXT, 8),
        Column("目标文字", "target.text", TEXT, 24),
        Column("实际值", "actual", NUMBER, 10),
        Column("实际情况", "actual_text", TEXT, 24),
        Column("档次", "band", "band", 10),
        Column("计分方法", "method", WORD, 16),
        Column("参数", "params", YAML, 20, "YAML 或 JSON 映射，如 {full: 100}"),
        Column("得分", "score", NUMBER, 8),
        Column("得分率（%）", "rate", NUMBER, 10),
        Column("偏差原因", "explanation", TEXT, 30),
        Column("执行数", "executed", NUMBER, 10),
        Column("预算数", "budget", NUMBER, 10),
    ),
    note="绩效指标：每个指标一行，按级次排成树",
)
FIGURES = Sheet(
    "绩效数字",
    table=(
        Column("评价编号", "evaluation", WORD, 18),
        Column("标识", "key", WORD, 20),
        Column("数值", "value", NUMBER, 12),
        Column("单位", "unit", TEXT, 8),
        Column("原文说法", "label", TEXT, 30),
        Column("出处", "where", TEXT, 20),
    ),
    note="指标体系之外所述的数字（figures）",
)

#: Every data sheet, in the workbook's order (说明 comes first, 代码表 last and hidden).
SHEETS = (INFO, INCOME, EXPENDITURE, ECONOMIC, BALANCES, THREE_PUBLIC, ASSETS, PREVIOUS, BUDGET, REASONS,
          NARRATIVE, GLOSSARY, NAMES, EVALUATIONS, INDICATORS, FIGURES)  # fmt: skip
BY_NAME = {sheet.name: sheet for sheet in SHEETS}
README_SHEET = "说明"
CODES_SHEET = "代码表"
EVALUATION_SHEETS = (EVALUATIONS.name, INDICATORS.name, FIGURES.name)
KV_HEADER = ("项目", "值")
#: How many data rows a blank template prepares (formatted, unlocked, validated).
TEMPLATE_ROWS = 300


def field_place(field: str) -> str | None:
    """Where in the workbook a dataset field (as the composer names it, ``report.reasons.opening``) is filled
    in, in Chinese: the sheet and the row or column; None for a field the workbook has no single place for."""
    path = field.split(".")
    if path[0] == "report" and len(path) > 1:
        return _report_place(path[1], ".".join(path[2:]))
    if path[0] == "units[]" and len(path) > 1:
        sheet = {"assets": ASSETS, "three_public": THREE_PUBLIC}.get(path[1])
        return None if sheet is None else f"「{sheet.name}」表"
    return f"「{EVALUATIONS.name}」表" if field.startswith("evaluations") else None


def _report_place(part: str, rest: str) -> str | None:
    if part == "reasons" and rest:
        return f"「{REASONS.name}」表（原因键 {rest}）"
    if part == "previous" and rest:
        if rest.startswith("basic_by_class."):
            return f"「{PREVIOUS.name}」表（经济分类类级科目 {rest.split('.', 1)[1]}）"
        label = _PREVIOUS.get(rest)
        return f"「{PREVIOUS.name}」表" + (f"「{label}」" if label else "")
    if part == "initial_budget":
        code = rest.rpartition(".")[2] if rest.startswith("by_class.") else ""
        return f"「{BUDGET.name}」表" + (f"（功能分类类级科目 {code}）" if code else "")
    key = f"{part}.{rest}" if rest else part
    for label, paragraph in PARAGRAPHS.items():
        if paragraph == key:
            return f"「{NARRATIVE.name}」表（项目 {label}）"
    for column in NARRATIVE.fields:
        if column.key == key or column.key.startswith(key + "."):
            return f"「{NARRATIVE.name}」表「{column.header}」"
    return f"「{GLOSSARY.name}」表（{key}）" if part not in ("procurement", "operating_costs") else None
