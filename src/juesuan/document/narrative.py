"""第三部分 决算情况说明, section by section as the profile's ``document.yaml`` lists them.

Each section names a builder of :mod:`juesuan.document.sections` (``id``, plus any ``with``) and a Jinja2
template; :mod:`juesuan.document.templating` renders it into headings and paragraphs whose figures keep their
:class:`~juesuan.model.blocks.Figure`.
"""

from __future__ import annotations

from ..errors import ProfileError
from ..model.blocks import Block, Chart, Heading
from .charting import section_charts
from .sections import BUILDERS
from .templating import Cells, Context, Marks, Templates, available_templates, has_templates

__all__ = ["BUILDERS", "Cells", "Context", "Marks", "Templates", "available_templates", "compose_narrative",
           "has_templates"]  # fmt: skip


def compose_narrative(c: Context) -> list[Block]:
    """The headings and paragraphs of 第三部分, section by section as the profile lists them.

    A section's ``id`` names its builder; ``with`` lists more builders whose phrases the template gets under
    their ids (a section that combines several, such as 其他重要事项). The profile's charts of a section
    (:mod:`.charting`) follow its text, unless ``c.charts`` is off.
    """
    blocks: list[Block] = []
    for section in c.templates.data["sections"]:
        builder = BUILDERS.get(section["id"])
        if builder is None:
            raise ProfileError(
                f"模板「{c.templates.profile}」的第三部分列出了未知的章节「{section['id']}」；"
                f"可用的章节：{'、'.join(BUILDERS)}"
            )
        title = str(section["title"]).format(year=c.accounts.year, department=c.accounts.department)
        c.writer.section = title
        blocks.append(Heading(title, level=1, anchor=f"narrative-{section['id']}"))
        context = {"year": c.accounts.year, "department": c.accounts.department, **builder(c)}
        for extra in section.get("with", []):  # more builders' phrases, under their ids
            if extra not in BUILDERS:
                raise ProfileError(f"模板「{c.templates.profile}」的第三部分列出了未知的章节「{extra}」")
            context[extra] = BUILDERS[extra](c)
        blocks += c.marks.blocks(c.templates.env.get_template(section["template"]).render(context))
        if c.charts:
            blocks += section_charts(c, str(section["id"]), sum(isinstance(b, Chart) for b in blocks) + 1)
    return blocks
