"""财政预决算 checks: the publication deadline of 预算法第十四条."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Budget
from .problems import Problem

# 预算法第十四条: budgets and 决算 are published within twenty days of their approval (calendar days).
PUBLICATION_LIMIT_DAYS = 20


def days_to_publish(budget: Budget) -> int:
    """Calendar days from approval (批复) to publication (公开)."""
    return (budget.published - budget.approved).days


def publication_problems(budgets: Sequence[Budget]) -> list[Problem]:
    """Late and impossible publication dates.

    A publication later than 20 days after approval is reported as information: it happened and
    cannot be undone, so it must not fail a strict build; the agency explains it in ``notes``.
    A publication before approval is a mistake in the file and a warning.
    """
    problems: list[Problem] = []
    for budget in budgets:
        days = days_to_publish(budget)
        label = f"{budget.year}年{budget.kind}"
        if days < 0:
            problems.append(Problem(
                budget.source, budget.published_line, "published",
                f"{label} published {budget.published} before its approval on {budget.approved}",
                "check both dates: a budget is published after it is approved", "warning"))
        elif days > PUBLICATION_LIMIT_DAYS:
            problems.append(Problem(
                budget.source, budget.published_line, "published",
                f"{label} published {budget.published}, {days} days after approval on "
                f"{budget.approved}; 预算法 requires publication within {PUBLICATION_LIMIT_DAYS} days "
                "(reported as a fact, the build goes on)",
                "explain the delay in the budget's notes", "info"))
    return problems
