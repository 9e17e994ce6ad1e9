"""``gongkai audit``: check a published report against the rules of the national format and name
the cells that are wrong.

The rules are those of the build (:mod:`.checks`).  A wrong cell breaks every rule it takes part in
(an altered 一 × 自然人 breaks the balance of column 自然人 and the row sum of 一), so listing broken
rules would send a reader to the wrong cell.  The auditor instead looks for the fewest cells whose
correction makes every broken rule hold: greedily, the cell whose corrected figure repairs the most
broken rules without breaking one that holds; among equals the total a rule determines (a 总计,
（七）总计, 四), since a total typed by hand is the usual mistake.  A broken rule no single cell can
repair without breaking another (the tables are consistent in themselves but last year's 四 differs
from this year's 二) is reported at the cell the rule determines.
"""

from __future__ import annotations

from dataclasses import dataclass

from .checks import CellRef, Identity, carried_over_identities, table_identities
from .parse import ParsedReport


@dataclass(frozen=True)
class WrongCell:
    """A cell whose printed figure breaks the rules, the figure they need, and the rules it breaks.

    ``certain`` is False when the rules cannot tell this cell from another (one broken row sum:
    its 总计 or one of its parts; last year's 四 or this year's 二); the cell named is then the
    total the rule determines.
    """

    cell: CellRef
    found: int
    expected: int
    rules: tuple[Identity, ...]
    certain: bool = True

    def line(self) -> str:
        """One line naming the cell: ``2022年 表三“（七）总计”×“自然人”: 2, expected 11 — …``."""
        because = "; ".join(f"rule “{i.rule}”: {i.describe()}" for i in self.rules)
        hedge = "" if self.certain else " (or another cell of the rule)"
        year = f"{self.cell.year}年 " if self.cell.year else ""
        return (f"{year}{self.cell}: {self.found}, expected {self.expected}{hedge} "
                f"— {because}")


def _values(identities: list[Identity]) -> dict[CellRef, int]:
    return {t.cell: t.value for i in identities for t in i.terms}


def wrong_cells(identities: list[Identity]) -> list[WrongCell]:
    """The fewest cells that explain every broken rule of ``identities``, in the order found."""
    printed = _values(identities)
    values = dict(printed)
    by_cell: dict[CellRef, list[Identity]] = {}
    for identity in identities:
        for term in identity.terms:
            by_cell.setdefault(term.cell, []).append(identity)
    found: list[WrongCell] = []
    unexplained: list[Identity] = []
    while True:
        broken = [i for i in identities if not i.holds(values) and i not in unexplained]
        if not broken:
            break
        viable: list[tuple[tuple[int, int, int], CellRef, int, list[Identity]]] = []
        for order, identity in enumerate(broken):
            for term in identity.terms:
                target = identity.solve(term.cell, values)
                trial = {**values, term.cell: target}
                related = by_cell[term.cell]
                if any(i.holds(values) and not i.holds(trial) for i in related):
                    continue
                repaired = [i for i in related if not i.holds(values) and i.holds(trial)]
                is_total = any(i.total == term.cell for i in repaired)
                viable.append(((len(repaired), int(is_total), -order), term.cell, target, repaired))
        if not viable:
            # No single cell repairs a rule without breaking another: name the rule's own total.
            identity = broken[0]
            unexplained.append(identity)
            found.append(WrongCell(identity.total, values[identity.total],
                                   identity.solve(identity.total, values), (identity,), False))
            continue
        _, cell, target, repaired = max(viable, key=lambda candidate: candidate[0])
        # Certain when no other cell would repair the same rules (a row sum broken alone: its
        # total or any of its parts).
        rivals = {c for _, c, _, r in viable if set(map(id, r)) == set(map(id, repaired))}
        found.append(WrongCell(cell, printed[cell], target, tuple(repaired), len(rivals) == 1))
        values[cell] = target
    return found


def report_identities(report: ParsedReport, previous: ParsedReport | None = None) -> list[Identity]:
    """The rules that apply to ``report``, with 上年结转 = last year's 四 when ``previous`` is the
    report of the year before."""
    identities = table_identities(report.year, report.table_b, report.table_c)
    if previous is not None and previous.year == report.year - 1:
        identities += carried_over_identities(report.year, report.table_b, previous.year,
                                              previous.table_b)
    return identities


def audit_reports(reports: list[ParsedReport]) -> list[WrongCell]:
    """Every wrong cell of ``reports`` of one agency (any order; a report of the year before
    another is compared with it for 上年结转), oldest report first.  Audit reports of the same year
    (two agencies) one by one: their cells have the same names."""
    by_year = sorted(reports, key=lambda r: r.year)
    identities: list[Identity] = []
    for index, report in enumerate(by_year):
        previous = by_year[index - 1] if index and report.year else None
        identities += report_identities(report, previous)
    return wrong_cells(identities)
