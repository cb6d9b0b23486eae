"""placeholder"""

from ..model.tables import TableSet


def render(tables: TableSet) -> str:
    raise NotImplementedError
