"""An independent oracle for the consistency identities of the 公开01–10表 (docs/domain.md §4.1, §4.2 X1–X9).

It reads a ``tables.json`` document (the dict of :func:`juesuan.render.json_out.tables_to_dict`) and checks the
*displayed* figures, the decimal strings a reader sees, never the exact values behind them. It deliberately
imports nothing from juesuan: rows are found by their printed labels, codes, sides and 行次 as the Jiangxi layout
prints them, and every identity is recomputed here from those strings.

Two modes:

* exact (the ``adjusted`` rounding policy): every identity must hold to the cent;
* envelope (the ``independent`` policy): an identity between displayed figures may be off by the rounding
  envelope, 0.005 万元 per displayed figure involved, i.e. (n + 1) × 0.005 for "total = Σ of n parts" (§4.6).
  Figures that are blank (nothing entered) are exact zeros and add nothing to the envelope.

Inequalities (X6, X9, 外事 ≤ 国内) are checked exactly in both modes: half-up rounding is monotone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

ZERO = Decimal(0)
HALF_CENT = Decimal("0.005")
NA = "---"

Value = Decimal | None
Row = dict[str, Any]


def check_tables(doc: dict[str, Any], *, exact: bool | None = None) -> list[str]:
    """Every violated identity of ``doc`` (a tables.json dict), as readable strings; [] when all hold.

    ``exact`` defaults to True for ``"rounding": "adjusted"`` documents and False (envelope) otherwise.
    """
    if exact is None:
        exact = doc.get("rounding", "adjusted") == "adjusted"
    oracle = _Oracle(doc, exact)
    oracle.run()
    return oracle.violations


class _Oracle:
    def __init__(self, doc: dict[str, Any], exact: bool) -> None:
        self.tables: dict[str, dict[str, Any]] = {t["id"]: t for t in doc.get("tables", [])}
        self.exact = exact
        self.violations: list[str] = []

    # -- plumbing ----------------------------------------------------------------------------------
    def fail(self, message: str) -> None:
        self.violations.append(message)

    def run(self) -> None:
        missing = [
            tid for tid in ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10") if tid not in self.tables
        ]
        if missing:
            self.fail(f"tables missing: {', '.join(missing)}")
            return
        for table in self.tables.values():
            self.check_strings(table)
        self.table01()
        self.table04()
        for tid, identities in _TREE_COLUMNS.items():
            self.tree(tid)
            for total, parts in identities:
                self.column_identity(tid, total, parts)
        self.table07_rows()
        self.table06()
        self.table09()
        self.table10()
        self.cross_tables()

    def check_strings(self, table: dict[str, Any]) -> None:
        """Every displayed figure is blank, ``---``, a 2-decimal amount, or (count rows/tables) an integer ≥ 0."""
        count_table = table.get("unit") != "万元"
        for row in table["rows"]:
            is_count = count_table or row.get("kind") == "count"
            for header, text in row["values"].items():
                if text is None or text == NA:
                    continue
                where = f"{table['id']} 「{row['label']}」「{header}」"
                try:
                    value = Decimal(text)
                except (InvalidOperation, TypeError):
                    self.fail(f"{where}: not a number: {text!r}")
                    continue
                if is_count and (value != value.to_integral_value() or value < 0 or "." in text):
                    self.fail(f"{where}: a count must be a non-negative integer, shows {text!r}")
                elif not is_count and (value.as_tuple().exponent != -2):
                    self.fail(f"{where}: an amount must show exactly two decimals, shows {text!r}")

    def rows(self, tid: str, side: str | None = None) -> list[Row]:
        return [r for r in self.tables[tid]["rows"] if side is None or r.get("side", "") == side]

    def headers(self, tid: str, side: str | None = None) -> list[str]:
        return [c["header"] for c in self.tables[tid]["columns"] if side is None or c.get("side", "") == side]

    def find(self, tid: str, label: str, side: str | None = None) -> Row | None:
        found = [r for r in self.rows(tid, side) if r["label"] == label]
        if len(found) != 1:
            self.fail(f"{tid}: expected one row 「{label}」{' (' + side + ')' if side else ''}, found {len(found)}")
            return None
        return found[0]

    def by_line(self, tid: str, line: int) -> Row | None:
        found = [r for r in self.rows(tid) if r.get("line") == line]
        if len(found) != 1:
            self.fail(f"{tid}: expected one row with 行次 {line}, found {len(found)}")
            return None
        return found[0]

    @staticmethod
    def val(row: Row | None, header: str) -> Value:
        if row is None:
            return None
        text = row["values"].get(header)
        if text is None or text == NA:
            return None
        try:
            return Decimal(text)
        except (InvalidOperation, TypeError):
            return None  # reported by check_strings

    def eq(self, where: str, left: Iterable[Value], right: Iterable[Value]) -> None:
        """Σ left = Σ right on the displayed figures (exactly, or within the envelope)."""
        left, right = list(left), list(right)
        lsum = sum((v for v in left if v is not None), ZERO)
        rsum = sum((v for v in right if v is not None), ZERO)
        shown = sum(1 for v in (*left, *right) if v is not None)
        allowed = ZERO if self.exact else HALF_CENT * shown
        if abs(lsum - rsum) > allowed:
            tolerance = "" if self.exact else f", envelope {allowed}"
            self.fail(f"{where}: {lsum} ≠ {rsum} (difference {lsum - rsum}{tolerance})")

    def le(self, where: str, small: Value, big: Value) -> None:
        s, b = small or ZERO, big or ZERO
        if s > b:
            self.fail(f"{where}: {s} > {b}")

    # -- 01 ----------------------------------------------------------------------------------------
    def table01(self) -> None:
        total = self.find("01", "本年收入合计", "收入")
        lines = self.income_lines("01")
        if len(lines) != 8:
            self.fail(f"01: expected 8 income lines before 本年收入合计, found {len(lines)}")
        h = "决算数"
        self.eq("01 本年收入合计 = Σ 收入 lines 1–8", [self.val(total, h)], [self.val(r, h) for r in lines])
        use = self.find("01", "使用非财政拨款结余", "收入")
        opening = self.find("01", "年初结转和结余", "收入")
        grand_in = self.find("01", "总计", "收入")
        self.eq(
            "01 总计(收) = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
            [self.val(grand_in, h)],
            [self.val(total, h), self.val(use, h), self.val(opening, h)],
        )
        classes = [r for r in self.rows("01", "支出") if len(r.get("code") or "") == 3]
        if len(classes) != 26:
            self.fail(f"01: expected 26 类 rows on the 支出 side, found {len(classes)}")
        spent = self.find("01", "本年支出合计", "支出")
        self.eq("01 本年支出合计 = Σ 类", [self.val(spent, h)], [self.val(r, h) for r in classes])
        distribution = self.find("01", "结余分配", "支出")
        closing = self.find("01", "年末结转和结余", "支出")
        grand_out = self.find("01", "总计", "支出")
        self.eq(
            "01 总计(支) = 本年支出合计 + 结余分配 + 年末结转和结余",
            [self.val(grand_out, h)],
            [self.val(spent, h), self.val(distribution, h), self.val(closing, h)],
        )
        self.eq("01 总计(收) = 总计(支)", [self.val(grand_in, h)], [self.val(grand_out, h)])

    def income_lines(self, tid: str) -> list[Row]:
        """The labelled income rows above 本年收入合计 (01: lines 1–8; 04: the three 财政拨款)."""
        out = []
        for row in self.rows(tid, "收入"):
            if row["label"] == "本年收入合计":
                break
            if row["label"]:
                out.append(row)
        return out

    def rows_under(self, tid: str, side: str, header_label: str) -> list[Row]:
        """The labelled rows between ``header_label`` and the side's 总计 (04's three fund rows)."""
        out, inside = [], False
        for row in self.rows(tid, side):
            if row["label"] == header_label:
                inside = True
            elif row["label"] == "总计":
                break
            elif inside and row["label"]:
                out.append(row)
        return out

    # -- 04 ----------------------------------------------------------------------------------------
    def table04(self) -> None:
        h = "决算数"
        funds_in = self.income_lines("04")
        if len(funds_in) != 3:
            self.fail(f"04: expected 3 财政拨款 income lines, found {len(funds_in)}")
        total_in = self.find("04", "本年收入合计", "收入")
        self.eq("04 本年收入合计 = Σ 3 funds", [self.val(total_in, h)], [self.val(r, h) for r in funds_in])
        opening = self.find("04", "年初财政拨款结转和结余", "收入")
        opening_funds = self.rows_under("04", "收入", "年初财政拨款结转和结余")
        if len(opening_funds) != 3:
            self.fail(f"04: expected 3 年初 fund rows, found {len(opening_funds)}")
        self.eq(
            "04 年初财政拨款结转和结余 = Σ fund rows", [self.val(opening, h)], [self.val(r, h) for r in opening_funds]
        )
        grand_in = self.find("04", "总计", "收入")
        self.eq(
            "04 总计(收) = 本年收入合计 + 年初", [self.val(grand_in, h)], [self.val(total_in, h), self.val(opening, h)]
        )

        headers = self.headers("04", "支出")
        subtotal, funds = headers[0], headers[1:]
        if subtotal != "小计" or len(funds) != 3:
            self.fail(f"04: unexpected 支出 columns {headers}")
            return
        out_rows = self.rows("04", "支出")
        for row in out_rows:
            self.eq(
                f"04 「{row['label']}」(行次 {row.get('line')}) 小计 = Σ funds",
                [self.val(row, subtotal)],
                [self.val(row, f) for f in funds],
            )
        classes = [r for r in out_rows if len(r.get("code") or "") == 3]
        spent = self.find("04", "本年支出合计", "支出")
        closing = self.find("04", "年末财政拨款结转和结余", "支出")
        closing_funds = self.rows_under("04", "支出", "年末财政拨款结转和结余")
        grand_out = self.find("04", "总计", "支出")
        if len(closing_funds) != 3:
            self.fail(f"04: expected 3 年末 fund rows, found {len(closing_funds)}")
        for col in headers:
            self.eq(f"04 「{col}」 本年支出合计 = Σ 类", [self.val(spent, col)], [self.val(r, col) for r in classes])
            self.eq(
                f"04 「{col}」 年末财政拨款结转和结余 = Σ fund rows",
                [self.val(closing, col)],
                [self.val(r, col) for r in closing_funds],
            )
            self.eq(
                f"04 「{col}」 总计(支) = 本年支出合计 + 年末",
                [self.val(grand_out, col)],
                [self.val(spent, col), self.val(closing, col)],
            )
        self.eq("04 总计(收) = 总计(支)", [self.val(grand_in, h)], [self.val(grand_out, subtotal)])
        # each fund balances on its own: 年初 + 本年收入 = 本年支出 + 年末
        for n, fund in enumerate(funds):
            if n < len(funds_in) and n < len(opening_funds) and n < len(closing_funds):
                for row in (funds_in[n], opening_funds[n], closing_funds[n]):
                    if fund not in row["label"]:
                        self.fail(f"04: row 「{row['label']}」 is not in the order of the fund columns")
                self.eq(
                    f"04 {fund}: 年初 + 本年收入 = 本年支出 + 年末",
                    [self.val(opening_funds[n], h), self.val(funds_in[n], h)],
                    [self.val(spent, fund), self.val(closing_funds[n], fund)],
                )

    # -- tree tables -------------------------------------------------------------------------------
    def tree_rows(self, tid: str) -> tuple[Row | None, dict[str, Row]]:
        total = None
        coded: dict[str, Row] = {}
        for row in self.rows(tid):
            level = row.get("level")
            code = row.get("code") or ""
            if level == "合计":
                if total is not None:
                    self.fail(f"{tid}: two 合计 rows")
                total = row
                continue
            want = {3: "类", 5: "款", 7: "项"}.get(len(code))
            if want is None or not code.isdigit() or level != want:
                self.fail(f"{tid}: row 「{row['label']}」 has code {code!r} and level {level!r}")
                continue
            if code in coded:
                self.fail(f"{tid}: code {code} printed twice")
            coded[code] = row
        if total is None:
            self.fail(f"{tid}: no 合计 row")
        return total, coded

    def tree(self, tid: str) -> None:
        """合计 = Σ 类, 类 = Σ its 款, 款 = Σ its 项, in every column; codes nest."""
        total, coded = self.tree_rows(tid)
        for code in coded:
            if len(code) > 3 and code[: len(code) - 2] not in coded:
                self.fail(f"{tid}: {code} is printed without its parent row {code[: len(code) - 2]}")
        for header in self.headers(tid):
            classes = [r for c, r in coded.items() if len(c) == 3]
            self.eq(
                f"{tid} 「{header}」 合计 = Σ 类", [self.val(total, header)], [self.val(r, header) for r in classes]
            )
            for code, row in coded.items():
                if len(code) == 7:
                    continue
                children = [r for c, r in coded.items() if len(c) == len(code) + 2 and c.startswith(code)]
                self.eq(
                    f"{tid} 「{header}」 {code} = Σ children",
                    [self.val(row, header)],
                    [self.val(r, header) for r in children],
                )

    def column_identity(self, tid: str, total: str, parts: Sequence[str]) -> None:
        headers = self.headers(tid)
        for h in (total, *parts):
            if h not in headers:
                self.fail(f"{tid}: no column 「{h}」")
                return
        for row in self.rows(tid):
            self.eq(
                f"{tid} 「{row['label']}」({row.get('code') or row.get('level')}) {total} = {' + '.join(parts)}",
                [self.val(row, total)],
                [self.val(row, p) for p in parts],
            )

    def table07_rows(self) -> None:
        for row in self.rows("07"):
            self.eq(
                f"07 「{row['label']}」({row.get('code') or row.get('level')}) 年初 + 本年收入 = 本年支出 + 年末",
                [self.val(row, "年初结转和结余"), self.val(row, "本年收入")],
                [self.val(row, "小计"), self.val(row, "年末结转和结余")],
            )

    # -- 06 ----------------------------------------------------------------------------------------
    def table06(self) -> None:
        h = "金额"
        coded = {r["code"]: r for r in self.rows("06") if r.get("code")}
        classes = {c: r for c, r in coded.items() if len(c) == 3}
        for code in coded:
            if len(code) == 5 and code[:3] not in classes:
                self.fail(f"06: 款 {code} printed without its 类 row")
        for code, row in classes.items():
            kids = [r for c, r in coded.items() if len(c) == 5 and c.startswith(code)]
            self.eq(f"06 {code} = Σ its 款", [self.val(row, h)], [self.val(r, h) for r in kids])
        personnel = self.find("06", "人员经费合计")
        public = self.find("06", "公用经费合计")
        self.eq(
            "06 人员经费合计 = 301 + 303",
            [self.val(personnel, h)],
            [self.val(classes.get(c), h) for c in ("301", "303")],
        )
        self.eq(
            "06 公用经费合计 = 302 + 307 + 310 + 312 + 399",
            [self.val(public, h)],
            [self.val(classes.get(c), h) for c in ("302", "307", "310", "312", "399")],
        )
        self.eq(
            "06 人员经费合计 + 公用经费合计 = Σ every 类 printed",
            [self.val(personnel, h), self.val(public, h)],
            [self.val(r, h) for r in classes.values()],
        )
        basic = self.val(self.tree_total("05"), "基本支出")
        self.eq(
            "X5 05 基本支出 合计 = 06 人员经费合计 + 公用经费合计",
            [basic],
            [self.val(personnel, h), self.val(public, h)],
        )

    def tree_total(self, tid: str) -> Row | None:
        found = [r for r in self.rows(tid) if r.get("level") == "合计"]
        return found[0] if len(found) == 1 else None

    # -- 09, 10 ------------------------------------------------------------------------------------
    def table09(self) -> None:
        row = {n: self.by_line("09", n) for n in range(1, 10)}
        for col in self.headers("09"):
            self.eq(f"09 「{col}」 三公合计 = 出国 + 车辆 + 接待", [self.val(row[1], col)],
                    [self.val(row[2], col), self.val(row[3], col), self.val(row[6], col)])  # fmt: skip
            self.eq(
                f"09 「{col}」 车辆 = 购置 + 运维",
                [self.val(row[3], col)],
                [self.val(row[4], col), self.val(row[5], col)],
            )
        col = "决算数"
        self.eq(
            f"09 「{col}」 接待 = 国内 + 国（境）外",
            [self.val(row[6], col)],
            [self.val(row[7], col), self.val(row[9], col)],
        )
        self.le(f"09 「{col}」 外事接待费 ≤ 国内接待费", self.val(row[8], col), self.val(row[7], col))

    def table10(self) -> None:
        h = "决算数"
        total = self.by_line("10", 1)
        parts = [self.by_line("10", n) for n in range(2, 10)]
        self.eq("10 车辆数合计 = Σ 8 categories", [self.val(total, h)], [self.val(r, h) for r in parts])

    # -- between tables ----------------------------------------------------------------------------
    def cross_tables(self) -> None:
        h = "决算数"
        lines01 = self.income_lines("01")
        t02 = self.tree_total("02")
        headers02 = self.headers("02")
        self.eq("X1 01 本年收入合计 = 02 合计 本年收入合计",
                [self.val(self.find("01", "本年收入合计", "收入"), h)], [self.val(t02, headers02[0])])  # fmt: skip
        if len(lines01) == 8 and len(headers02) == 7:
            self.eq(
                "X1 01 lines 1–3 = 02 合计 财政拨款收入",
                [self.val(r, h) for r in lines01[:3]],
                [self.val(t02, headers02[1])],
            )
            for row, header in zip(lines01[3:], headers02[2:], strict=True):
                self.eq(f"X1 01 「{row['label']}」 = 02 合计 「{header}」", [self.val(row, h)], [self.val(t02, header)])

        t03_total, t03 = self.tree_rows("03")
        col03 = self.headers("03")[0]
        self.eq("X2 01 本年支出合计 = 03 合计", [self.val(self.find("01", "本年支出合计", "支出"), h)],
                [self.val(t03_total, col03)])  # fmt: skip
        classes01 = {r["code"]: r for r in self.rows("01", "支出") if len(r.get("code") or "") == 3}
        self.class_rows_match("X2", "01", classes01, h, t03, col03)

        funds_in = self.income_lines("04")
        if len(lines01) == 8 and len(funds_in) == 3:
            for n in range(3):
                self.eq(f"X3 04 「{funds_in[n]['label']}」 = 01 line {n + 1}", [self.val(funds_in[n], h)],
                        [self.val(lines01[n], h)])  # fmt: skip

        classes04 = {r["code"]: r for r in self.rows("04", "支出") if len(r.get("code") or "") == 3}
        spent04 = self.find("04", "本年支出合计", "支出")
        t05_total, t05 = self.tree_rows("05")
        self.class_rows_match("X4", "04", classes04, "一般公共预算财政拨款", t05, "本年支出合计", sub="05")
        self.eq("X4 04 一般公共预算 本年支出合计 = 05 合计", [self.val(spent04, "一般公共预算财政拨款")],
                [self.val(t05_total, "本年支出合计")])  # fmt: skip

        for code, row05 in [("合计", t05_total), *t05.items()]:
            row03 = t03_total if code == "合计" else t03.get(code)
            if row05 is None:
                continue
            if row03 is None:
                self.fail(f"X6 05 row {code} has no row in 03")
                continue
            for header in self.headers("05"):
                self.le(f"X6 05 ≤ 03 at {code} 「{header}」", self.val(row05, header), self.val(row03, header))

        t07_total, t07 = self.tree_rows("07")
        g = "政府性基金预算财政拨款"
        self.class_rows_match("X7", "04", classes04, g, t07, "小计", sub="07")
        self.eq(
            "X7 04 政府性基金 本年支出合计 = 07 合计 本年支出小计",
            [self.val(spent04, g)],
            [self.val(t07_total, "小计")],
        )
        opening04 = self.rows_under("04", "收入", "年初财政拨款结转和结余")
        closing04 = self.rows_under("04", "支出", "年末财政拨款结转和结余")
        if len(opening04) == 3 and len(closing04) == 3 and len(funds_in) == 3:
            self.eq(
                "X7 04 年初 政府性基金 = 07 合计 年初",
                [self.val(opening04[1], h)],
                [self.val(t07_total, "年初结转和结余")],
            )
            self.eq(
                "X7 04 年末 政府性基金 = 07 合计 年末",
                [self.val(closing04[1], g)],
                [self.val(t07_total, "年末结转和结余")],
            )
            self.eq(
                "X7 04 收入 政府性基金 = 07 合计 本年收入",
                [self.val(funds_in[1], h)],
                [self.val(t07_total, "本年收入")],
            )

        t08_total, t08 = self.tree_rows("08")
        s = "国有资本经营预算财政拨款"
        self.class_rows_match("X8", "04", classes04, s, t08, "合计", sub="08")
        self.eq("X8 04 国有资本 本年支出合计 = 08 合计", [self.val(spent04, s)], [self.val(t08_total, "合计")])

        self.le("X9 04 年初财政拨款结转和结余 ≤ 01 年初结转和结余",
                self.val(self.find("04", "年初财政拨款结转和结余", "收入"), h),
                self.val(self.find("01", "年初结转和结余", "收入"), h))  # fmt: skip
        self.le("X9 04 年末财政拨款结转和结余 ≤ 01 年末结转和结余",
                self.val(self.find("04", "年末财政拨款结转和结余", "支出"), "小计"),
                self.val(self.find("01", "年末结转和结余", "支出"), h))  # fmt: skip

    def class_rows_match(self, tag: str, tid: str, classes: dict[str, Row], header: str, tree: dict[str, Row],
                         tree_header: str, sub: str = "03") -> None:  # fmt: skip
        """Each 类 row of a fixed table (01/04) = the tree table's 类 row; no 类 of the tree is missing."""
        for code, row in classes.items():
            self.eq(f"{tag} {tid} 类 {code} 「{header}」 = {sub} 类 {code} 「{tree_header}」",
                    [self.val(row, header)], [self.val(tree.get(code), tree_header)])  # fmt: skip
        for code in tree:
            if len(code) == 3 and code not in classes:
                self.fail(f"{tag} {sub} 类 {code} has no 类 row in {tid}")


#: Column identities of the tree tables: (total column, part columns).
_TREE_COLUMNS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "02": [("本年收入合计", ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"))],
    "03": [("本年支出合计", ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"))],
    "05": [("本年支出合计", ("基本支出", "项目支出"))],
    "07": [("小计", ("基本支出", "项目支出"))],
    "08": [("合计", ("基本支出", "项目支出"))],
}
