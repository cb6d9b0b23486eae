"""The whole disclosure document: cover, 目录, 概况, tables, 情况说明, 名词解释, 附件 and the 尾数 note.

:func:`compose_document` is the public entry point. It is profile-driven: part titles, the 第三部分
sections and the cells they read come from ``templates/<profile>/document.yaml``; a profile without document
templates raises :class:`~juesuan.errors.ProfileError` with a Chinese message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..derive.build import Build, build_tables
from ..findings import Finding, Location, Severity
from ..load.loader import load
from ..load.workbook_layout import field_place
from ..model.accounts import Accounts
from ..model.blocks import Block, Document, Heading, PageBreak, Paragraph, SimpleTable, TableBlock, TableOfContents
from ..model.money import ZERO, format_wan, to_wan
from ..model.report import Report
from ..model.tables import TableSet
from ..profiles import loader as profiles
from .evaluations import evaluation_blocks
from .glossary import glossary_blocks
from .narrative import compose_narrative
from .templating import Cells, Context, Marks, Templates
from .wording import Writer, chinese_number

#: Rule id of the finding made for each 【待补充：…】 mark.
MISSING_RULE = "document-missing"


@dataclass(frozen=True)
class Composed:
    """What :func:`compose_document` returns: the document and the findings made while composing it."""

    document: Document
    findings: tuple[Finding, ...]

    @property
    def missing(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.rule == MISSING_RULE)


def compose_document(
    accounts: Accounts,
    build: Build,
    *,
    final: bool = False,
    attachments: Sequence[Block] = (),
    previous: LastYear | None = None,
    charts: bool = True,
) -> Composed:
    """Compose the complete report of ``accounts`` from its built tables.

    Args:
        accounts: the loaded accounts (with the ``report`` section).
        build: :func:`juesuan.derive.build.build_tables` of the same accounts.
        final: make each missing item (【待补充：…】) an error instead of a warning.
        attachments: blocks of 第五部分 附件 (e.g. the performance-evaluation report).
        previous: last year's tables and report, for figures ``report.previous`` does not give (see
            :func:`previous_tables`, which loads ``report.previous_dataset``).
        charts: print the profile's charts (图, :mod:`.charting`); ``--no-charts`` leaves them out.

    Raises:
        ProfileError: the profile has no document templates.
    """
    templates = Templates.load(accounts.profile)
    tables = build.tables
    data = templates.data
    fields = {"department": accounts.department, "year": accounts.year}
    writer = Writer()
    marks = Marks()
    context = Context(
        accounts,
        tables,
        Cells(tables, accounts),
        templates,
        writer,
        marks,
        _previous(accounts, previous, templates),
        charts,
    )
    profile = profiles.get(accounts.profile)
    parts = data["parts"]

    blocks: list[Block] = [TableOfContents(title=str(data.get("toc_title", "目录")), depth=1)]
    # the 尾数 note under the 目录 and at the foot of the pages, unless the profile's document leaves it to the
    # tables' notes (central: 公开01表's note says it)
    footer = profile.footer_note if data.get("footer_note", True) else ""
    if footer:
        blocks.append(Paragraph.plain(footer, "note"))
    blocks.append(PageBreak())

    blocks.append(Heading(parts["overview"].format(**fields), level=0, anchor="overview"))
    blocks += _overview(context)
    blocks.append(PageBreak())

    blocks.append(Heading(parts["tables"].format(**fields), level=0, anchor="tables"))
    for number, table in enumerate(tables, 1):
        blocks.append(Heading(f"{chinese_number(number)}、{table.title}", level=1, anchor=f"table-{table.id}"))
        blocks.append(TableBlock(table))
        note = _empty_table_note(data.get("empty_table_note"), table.id)
        if table.is_empty() and table.empty_note and note:
            blocks.append(Paragraph.plain(note.format(note=table.empty_note, **fields), "note"))
    blocks.append(PageBreak())

    blocks.append(Heading(parts["narrative"].format(**fields), level=0, anchor="narrative"))
    blocks += compose_narrative(context)
    blocks.append(PageBreak())

    blocks.append(Heading(parts["glossary"].format(**fields), level=0, anchor="glossary"))
    blocks += glossary_blocks(
        tables,
        income_labels=[  # the sources the narrative names (all, or those printing more than 0.00)
            p["label"]
            for p in data["income_parts"]
            if data.get("list_zero_parts", True) or to_wan(context.cells.value(p["cell"])) != 0
        ],
        terms=data.get("glossary_terms", []),
        tree_tables=data.get("glossary_tables", []),
        groups=data["glossary_groups"],
        overrides=accounts.report.glossary,
        writer=writer,
    )
    blocks.append(PageBreak())

    blocks.append(Heading(parts["attachments"].format(**fields), level=0, anchor="attachments"))
    attached = list(attachments) or evaluation_attachments(accounts, tables, writer)
    blocks += attached or [Paragraph.plain(str(data.get("no_attachments", "无。")))]

    document = Document(
        title=templates.title("title", **fields),
        department=accounts.department,
        year=accounts.year,
        blocks=tuple(blocks),
        profile=accounts.profile,
        footer=footer,
        meta={
            "cover_lines": "\n".join(str(line).format(**fields) for line in data.get("cover_lines", [])),
            "rounding": tables.rounding,
        },
    )
    # only the placeholders the document shows (a builder may make phrases its template does not print)
    shown = {id(run) for b in blocks if isinstance(b, Paragraph) for run in b.runs if run.mark == "placeholder"}
    writer.missing = [m for m in writer.missing if m.run is None or id(m.run) in shown]
    return Composed(document, tuple(_findings(accounts, writer, final)))


def _empty_table_note(note: object, table_id: str) -> str | None:
    """The 说明 printed under an empty table: one wording for all (``{note}`` is the table's empty_note), a
    wording per table id, or none."""
    if isinstance(note, dict):
        return None if note.get(table_id) is None else str(note[table_id])
    return None if note is None else str(note)


def _overview(c: Context) -> list[Block]:
    data, report, w = c.templates.data, c.accounts.report, c.writer
    titles = data["overview_sections"]
    out: list[Block] = [Heading(titles["duties"], level=1, anchor="overview-duties")]
    w.section = titles["duties"]
    if report.duties:
        out += [Paragraph.plain(text) for text in report.duties]
    else:
        out.append(Paragraph((w.placeholder("duties", "部门主要职责", "report.duties"),)))
    out.append(Heading(titles["organization"], level=1, anchor="overview-organization"))
    w.section = titles["organization"]
    units = c.accounts.units
    authorized = report.authorized
    if authorized is None and any(u.staff.authorized is not None for u in units):
        authorized = sum(u.staff.authorized or 0 for u in units)
    context = {
        "organization": list(report.organization),
        "departments": "、".join(report.departments),
        "department_count": c.marks.put(w.count(len(report.departments), ("report:organization.departments",))),
        "authorized": None if authorized is None else c.marks.put(w.count(authorized, ("model:staff.authorized",))),
        "actual": None
        if report.actual is None
        else c.marks.put(w.count(report.actual, ("report:organization.actual",))),
        "unit_count": c.marks.put(w.count(len(units), ("model:units",))),
    }
    context |= {
        "units": "、".join(u.name for u in units),
        "department": c.accounts.department,
        "year": str(c.accounts.year),
    }
    out += c.marks.blocks(c.templates.env.get_template("overview.j2").render(context))
    if data.get("units_table_title"):  # the table of units (Jiangxi); the central layout names them in the text
        out.append(
            SimpleTable(
                title=str(data["units_table_title"]),
                header=(("序号", "单位名称", "预算级次"),),
                body=tuple((str(i), u.name, u.budget_level) for i, u in enumerate(units, 1)),
            )
        )
    staff = {
        name: c.marks.put(w.count(sum(getattr(u.staff, name) for u in units), (f"model:staff.{name}",)))
        for name in ("in_service", "retired", "other", "pension_fund_retired")
    }
    out += c.marks.blocks(c.templates.env.get_template("staff.j2").render(staff))
    return out


@dataclass(frozen=True)
class LastYear:
    """Last year's built tables and report section (from ``report.previous_dataset``)."""

    tables: TableSet
    report: Report


def previous_tables(accounts: Accounts) -> LastYear | None:
    """Last year's tables and report built from ``report.previous_dataset`` (None when not given).

    Raises :class:`~juesuan.errors.InputError` when that dataset cannot be used.
    """
    path = accounts.report.previous_dataset
    if path is None:
        return None

    last = load(path)
    return LastYear(build_tables(last).tables, last.report)


def _previous(accounts: Accounts, last: LastYear | None, templates: Templates) -> dict[str, Decimal]:
    """Last year's figures: ``report.previous`` first, then what last year's tables and report give.

    The profile's ``previous_cells`` map item keys to last year's cells; ``basic.<类>`` come from the 经济分类
    table's 类 rows.
    """
    out: dict[str, Decimal] = {}
    if last is not None:
        if last.report.operating_costs is not None:
            out["operating_costs"] = last.report.operating_costs
        cells = Cells(last.tables)
        for key, ref in templates.data.get("previous_cells", {}).items():
            out[str(key)] = cells.value(str(ref))
        economic, column = templates.data["cells"]["economic_table"], templates.data["cells"]["economic_column"]
        try:
            rows = last.tables[economic].rows
        except KeyError:
            rows = ()
        for row in rows:
            if row.code and len(row.code) == 3:
                out[f"basic.{row.code}"] = cells.value(f"{economic}:{row.code}:{column}")
    out.update(accounts.report.previous)
    return out


def _where(accounts: Accounts, field: str) -> str:
    """Where the user fills ``field`` in: the dataset's field, or the fill-in workbook's sheet and row."""
    if accounts.path and accounts.path.lower().endswith(".xlsx"):
        place = field_place(field)
        return f"填报工作簿的{place}" if place else f"填报工作簿中（数据集字段 {field}）"
    return f"数据集的 {field} "


def _findings(accounts: Accounts, writer: Writer, final: bool) -> list[Finding]:
    severity = Severity.ERROR if final else Severity.WARNING
    findings = [
        Finding(
            rule=MISSING_RULE,
            severity=severity,
            message=f"决算报告「{m.section}」缺少{m.what}，已标注【待补充：{m.what}】；"
            f"请在{_where(accounts, m.field)}中给出",
            locations=(Location(path=accounts.path, field=m.field),),
        )
        for m in writer.missing
    ]
    report = accounts.report
    findings += [
        Finding(
            rule="document-unused-reason",
            severity=Severity.INFO,
            message=f"数据集给出了「{key}」的原因，但报告中没有这一项，未使用（请检查键名）",
            locations=(Location(path=accounts.path, field=f"report.reasons.{key}"),),
        )
        for key in sorted(set(report.reasons) - writer.asked)
    ]
    if report.initial_budget_total is not None and report.initial_budget_by_class:
        by_class = sum(report.initial_budget_by_class.values(), ZERO)
        if to_wan(by_class) != to_wan(report.initial_budget_total):
            findings.append(
                Finding(
                    rule="document-budget-classes",
                    severity=Severity.WARNING,
                    message=f"财政拨款年初预算数合计 {format_wan(report.initial_budget_total)} 万元，"
                    f"各类之和 {format_wan(by_class)} 万元，二者不一致",
                    locations=(Location(path=accounts.path, field="report.initial_budget"),),
                    expected=report.initial_budget_total,
                    actual=by_class,
                    difference=by_class - report.initial_budget_total,
                )
            )
    administrative = {"administrative", "civil_service_managed"}
    if (
        report.operating_costs is not None
        and report.operating_costs > 0
        and not any(u.kind in administrative for u in accounts.units)
    ):
        findings.append(
            Finding(
                rule="document-operating-costs",
                severity=Severity.WARNING,
                message=f"机关运行经费 {format_wan(report.operating_costs)} 万元，但没有行政单位或参公单位："
                "按定义，机关运行经费只发生在行政单位和参照公务员法管理的事业单位",
                locations=(Location(path=accounts.path, field="report.operating_costs"),),
            )
        )
    return findings


__all__ = ["MISSING_RULE", "Composed", "LastYear", "compose_document", "previous_tables"]


def evaluation_attachments(accounts: Accounts, tables: TableSet, writer: Writer | None = None) -> list[Block]:
    """第五部分 附件 by default: each performance evaluation the dataset carries, as its 绩效自评表 with the
    total and grade juesuan computes (figures stated by the unit are checked by ``juesuan check``). With a
    ``writer``, each 【待补充】 mark is recorded like the composer's own (a ``document-missing`` finding, so
    ``--final`` refuses it)."""
    blocks: list[Block] = []
    for n, evaluation in enumerate(accounts.evaluations, 1):
        title = f"附件{chinese_number(n)}：{evaluation.subject}{evaluation.kind_name}"
        blocks.append(Heading(title, level=1, anchor=f"attachment-{n}"))
        if writer is not None:
            writer.section = title
        for block in evaluation_blocks(evaluation, tables):
            if writer is not None and isinstance(block, Paragraph):
                field = f"evaluations（id: {evaluation.id}）"
                block = Paragraph(
                    tuple(
                        writer.placeholder(f"evaluation.{evaluation.id}", run.text[5:-1], field)
                        if run.mark == "placeholder"
                        else run
                        for run in block.runs
                    ),
                    block.style,
                )
            blocks.append(block)
    return blocks
