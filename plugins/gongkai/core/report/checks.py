"""The arithmetic every report in the national format must satisfy, as equations over named cells.

One set of rules serves two readers.  The build (:func:`check_report`) checks the report it compiled
and reports each broken rule as an error: the compiler derives every cell, so a broken rule means a
defect in the data or the compiler.  ``gongkai audit`` (:mod:`.audit`) checks a report someone
else published and names the cell that is wrong.  Both read the rules from :func:`table_identities`
and :func:`carried_over_identities`: every rule is an :class:`Identity`, ``sum(left) == sum(right)``
over cells named by table, row label and column label as the national format prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import Problem
from .labels import (
    KEY_CARRIED_IN,
    KEY_CARRIED_OUT,
    KEY_NEW,
    KEY_OUTCOME_TOTAL,
    TOTAL,
)
from .tables import AnnualReport, ReportTableB, ReportTableC

RULE_B_BALANCE = "表三每一列：第一项加第二项之和，等于第三项加第四项之和"
RULE_B_OUTCOMES = "表三每一列：（七）总计等于本年度办理结果各项之和"
RULE_B_ROW_TOTAL = "表三每一行：总计等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他之和"
RULE_C_TOTAL = "表四：每个总计等于结果维持、结果纠正、其他结果、尚未审结之和"
RULE_CARRIED_OVER = "本年表三“二、上年结转”等于上年表三“四、结转下年度继续办理”"

TABLE_B_NAME = "表三"
TABLE_C_NAME = "表四"

_FIX = ("the tables are compiled from the register files: check received, replied and outcome of "
        "the applications there; if they are right, report this as a defect of gongkai")


@dataclass(frozen=True)
class CellRef:
    """One cell of a report: year, table (表三, 表四), row and column as the national format prints
    them (in 表四 the row is the kind of case: 行政复议, 未经复议直接起诉, 复议后起诉)."""

    year: int
    table: str
    row: str
    column: str

    def __str__(self) -> str:
        return f"{self.table}“{self.row}”×“{self.column}”"


@dataclass(frozen=True)
class Term:
    """A cell and the figure printed in it."""

    cell: CellRef
    value: int


@dataclass(frozen=True)
class Identity:
    """One rule applied to one row, column or group: ``sum(left) == sum(right)``.

    ``total`` is the cell the rule determines (a 总计, （七）总计, 四, this year's 二): the cell to
    name when nothing else tells which cell is wrong.  ``left_phrase``/``right_phrase`` say a side
    of many terms in words; ``across_years`` prints the year before each cell.
    """

    rule: str
    where: str
    left: tuple[Term, ...]
    right: tuple[Term, ...]
    total: CellRef
    left_phrase: str = ""
    right_phrase: str = ""
    across_years: bool = False

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every cell of the rule with its printed figure."""
        return self.left + self.right

    def sides(self, values: dict[CellRef, int] | None = None) -> tuple[int, int]:
        """The sums of both sides, with ``values`` replacing printed figures where given."""
        def value(term: Term) -> int:
            return term.value if values is None else values.get(term.cell, term.value)
        return sum(map(value, self.left)), sum(map(value, self.right))

    def holds(self, values: dict[CellRef, int] | None = None) -> bool:
        """Whether the rule holds (with ``values`` replacing printed figures where given)."""
        left, right = self.sides(values)
        return left == right

    def solve(self, cell: CellRef, values: dict[CellRef, int] | None = None) -> int:
        """The figure ``cell`` would need for the rule to hold, all other cells as they are."""
        left, right = self.sides(values)
        current = next(t.value if values is None else values.get(t.cell, t.value)
                       for t in self.terms if t.cell == cell)
        if any(t.cell == cell for t in self.left):
            return current + right - left
        return current + left - right

    def _side(self, terms: tuple[Term, ...], phrase: str, total: int) -> str:
        if phrase:
            return f"{phrase} add up to {total}"
        names = [f"{f'{t.cell.year}年' if self.across_years else ''}“{t.cell.row} × {t.cell.column}”"
                 for t in terms]
        if len(terms) == 1:
            return f"{names[0]} is {terms[0].value}"
        return " + ".join(f"{n} {t.value}" for n, t in zip(names, terms, strict=True)) + f" = {total}"

    def describe(self) -> str:
        """The rule's figures in words: ``column 自然人: “…” 4 + “…” 1 = 5, but … = 4``."""
        left, right = self.sides()
        return (f"{self.where}: {self._side(self.left, self.left_phrase, left)}, but "
                f"{self._side(self.right, self.right_phrase, right)}")


def _terms(year: int, table: str, row: str, columns: tuple[str, ...],
           values: tuple[int, ...]) -> tuple[Term, ...]:
    return tuple(Term(CellRef(year, table, row, c), v) for c, v in zip(columns, values, strict=True))


def table_b_identities(year: int, table: ReportTableB) -> list[Identity]:
    """The rules of 表三 (in the order the build reports them): per column 一+二 = （七）+四 and
    （七） = the outcome rows; then per row 总计 = the six applicant columns."""
    identities: list[Identity] = []
    new, carried_in = table.row(KEY_NEW), table.row(KEY_CARRIED_IN)
    total, carried_out = table.row(KEY_OUTCOME_TOTAL), table.row(KEY_CARRIED_OUT)
    outcomes = table.outcome_rows

    def term(row_label: str, column: str, value: int) -> Term:
        return Term(CellRef(year, TABLE_B_NAME, row_label, column), value)

    for index, column in enumerate(table.columns):
        where = f"column {column}"
        identities.append(Identity(
            RULE_B_BALANCE, where,
            (term(new.label, column, new.values[index]),
             term(carried_in.label, column, carried_in.values[index])),
            (term(total.label, column, total.values[index]),
             term(carried_out.label, column, carried_out.values[index])),
            total=CellRef(year, TABLE_B_NAME, carried_out.label, column)))
        identities.append(Identity(
            RULE_B_OUTCOMES, where,
            (term(total.label, column, total.values[index]),),
            tuple(term(r.label, column, r.values[index]) for r in outcomes),
            total=CellRef(year, TABLE_B_NAME, total.label, column),
            right_phrase=f"the {len(outcomes)} outcome rows of this column"))
    types = table.columns[:-1]
    for row in table.rows:
        identities.append(Identity(
            RULE_B_ROW_TOTAL, f"row {row.label}",
            (term(row.label, TOTAL, row.values[-1]),),
            _terms(year, TABLE_B_NAME, row.label, types, row.values[:-1]),
            total=CellRef(year, TABLE_B_NAME, row.label, TOTAL),
            right_phrase=f"the {'six' if len(types) == 6 else len(types)} applicant columns"))
    return identities


def table_c_identities(year: int, table: ReportTableC) -> list[Identity]:
    """The rules of 表四: each kind of case's 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    parts = table.columns[:-1]
    return [
        Identity(
            RULE_C_TOTAL, group.label,
            (Term(CellRef(year, TABLE_C_NAME, group.label, TOTAL), group.values[-1]),),
            _terms(year, TABLE_C_NAME, group.label, parts, group.values[:-1]),
            total=CellRef(year, TABLE_C_NAME, group.label, TOTAL),
            right_phrase=f"{'、'.join(parts)} of {group.label}")
        for group in table.groups
    ]


def table_identities(year: int, table_b: ReportTableB, table_c: ReportTableC) -> list[Identity]:
    """Every rule within one year's report: 表三, then 表四."""
    return table_b_identities(year, table_b) + table_c_identities(year, table_c)


def carried_over_identities(year: int, table_b: ReportTableB, previous_year: int,
                            previous_b: ReportTableB) -> list[Identity]:
    """This year's 二 (上年结转) = last year's 四 (结转下年度继续办理), per column."""
    this_year, last_year = table_b.row(KEY_CARRIED_IN), previous_b.row(KEY_CARRIED_OUT)
    identities = []
    for index, column in enumerate(table_b.columns):
        mine = CellRef(year, TABLE_B_NAME, this_year.label, column)
        identities.append(Identity(
            RULE_CARRIED_OVER, f"column {column}",
            (Term(mine, this_year.values[index]),),
            (Term(CellRef(previous_year, TABLE_B_NAME, last_year.label, column),
                  last_year.values[index]),),
            total=mine, across_years=True))
    return identities


def _problem(report: AnnualReport, identity: Identity) -> Problem:
    return Problem(report.source, 0, f"{report.year}年度报告{identity.total.table}",
                   f"rule “{identity.rule}” does not hold: {identity.describe()}", _FIX, "error")


def check_report(report: AnnualReport, previous: AnnualReport | None) -> list[Problem]:
    """Every rule of the national format that ``report`` breaks, one problem per broken rule.

    ``previous`` is the report of the year before, for 上年结转 = last year's 结转下年度; ``None`` for
    the first report (nothing to compare).  Each problem names the rule, the cells (row × column)
    and their values; its path is the register file of the year.
    """
    identities = table_identities(report.year, report.table_b, report.table_c)
    if previous is not None and previous.year == report.year - 1:
        identities += carried_over_identities(report.year, report.table_b, previous.year,
                                              previous.table_b)
    return [_problem(report, i) for i in identities if not i.holds()]
