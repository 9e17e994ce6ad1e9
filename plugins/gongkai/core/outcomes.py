"""办理结果 of 依申请公开 applications: the groups and items of table B (国办公开办函〔2021〕30号).

The labels are the official wording and are printed verbatim by the report; registers may name an
item by its number (``不予公开/3``) or by its full label (``不予公开/危及“三安全一稳定”``).
"""

from __future__ import annotations

from .model import Outcome

SIMPLE_GROUPS: tuple[str, ...] = ("予以公开", "部分公开")

ITEMISED_GROUPS: dict[str, tuple[str, ...]] = {
    "不予公开": (
        "属于国家秘密",
        "其他法律行政法规禁止公开",
        "危及“三安全一稳定”",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息",
        "属于行政执法案卷",
        "属于行政查询事项",
    ),
    "无法提供": (
        "本机关不掌握相关政府信息",
        "没有现成信息需要另行制作",
        "补正后申请内容仍不明确",
    ),
    "不予处理": (
        "信访举报投诉类申请",
        "重复申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    ),
    "其他处理": (
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他",
    ),
}


def _normalise_quotes(text: str) -> str:
    return text.replace('"', "“", 1).replace('"', "”", 1) if '"' in text else text


def parse_outcome(code: str) -> Outcome | None:
    """Return the :class:`Outcome` a register code names, or ``None`` if it names none.

    Accepted: ``予以公开``, ``部分公开``, ``<group>/<n>`` and ``<group>/<full item label>``
    (ASCII or full-width slash; ASCII quotes in the label are taken as Chinese quotes).
    """
    text = code.strip().replace("／", "/")
    if text in SIMPLE_GROUPS:
        return Outcome(text)
    group, sep, item = text.partition("/")
    group, item = group.strip(), item.strip()
    if not sep or group not in ITEMISED_GROUPS:
        return None
    labels = ITEMISED_GROUPS[group]
    if item.isdigit():
        number = int(item)
        return Outcome(group, number) if 1 <= number <= len(labels) else None
    item = _normalise_quotes(item)
    for number, label in enumerate(labels, start=1):
        if item == label:
            return Outcome(group, number)
    return None


def valid_outcome_codes() -> list[str]:
    """Every short code, for error messages."""
    codes = list(SIMPLE_GROUPS)
    for group, labels in ITEMISED_GROUPS.items():
        codes.append(f"{group}/1–{len(labels)}")
    return codes


def outcome_label(outcome: Outcome) -> str:
    """The full national label of an outcome, e.g. ``不予公开 / 属于国家秘密``."""
    if outcome.item is None:
        return outcome.group
    return f"{outcome.group} / {ITEMISED_GROUPS[outcome.group][outcome.item - 1]}"
