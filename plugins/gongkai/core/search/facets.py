"""The filters' data: category, year and 有效性 of every entry as columns of codes (``facets.json``,
see :mod:`.index`), a long category or 有效性 column in a file of its own."""

from __future__ import annotations

import os
from typing import Any

from ..model import VALIDITIES, CatalogueEntry
from ..pages import FileSpec, compact_json
from ..settings import Settings
from .postings import PACKED, varint

UNSTATED = "未注明"  # the 有效性 facet of an entry whose source did not state it
# A category or 有效性 column longer than this travels in its own file, fetched for the filter only:
# at 300 agencies' 300,000 entries the category column alone is 300 KB, and every query would pay
# for it.  The year column is always inline: entries are numbered newest first, so it is a few runs
# per agency (and the year a query names counts in the ranking).  GONGKAI_FACETS_INLINE sets
# another limit (bytes), for tests of the deferred columns on small sites.
FACETS_INLINE_BYTES = 64 * 1024
FACETS_INLINE_VARIABLE = "GONGKAI_FACETS_INLINE"


def _column(codes: list[int]) -> str:
    """A facet column: one character per entry (``0`` + code), or, when shorter, ``~`` and runs
    of equal codes as varint pairs (code, length)."""
    plain = "".join(chr(48 + code) for code in codes)
    runs: list[str] = []
    start = 0
    for at in range(1, len(codes) + 1):
        if at == len(codes) or codes[at] != codes[start]:
            runs.append(varint(codes[start]) + varint(at - start))
            start = at
    encoded = PACKED + "".join(runs)
    return encoded if len(encoded) < len(plain) else plain


def validity_code(entry: CatalogueEntry) -> int:
    """The entry's 有效性 as its position in ``[*VALIDITIES, UNSTATED]``."""
    return VALIDITIES.index(entry.validity) if entry.validity_stated else len(VALIDITIES)


def facet_files(entries: tuple[CatalogueEntry, ...], settings: Settings) -> list[FileSpec]:
    """``facets.json``: category, year and 有效性 of every entry as columns of codes (see
    :func:`_column`): the category's position in ``categories``, the year's offset from
    ``first_year``, the position in ``validities``.  A category or 有效性 column longer than
    :data:`FACETS_INLINE_BYTES` is written to ``facets/<name>.json`` and named in ``deferred``.

    The few entries also listed under other columns (``also_in``) have those columns' codes in
    ``also``, by entry number, so that each column's filter finds them; an unstated 有效性 is the
    last value of ``validities``, 未注明.
    """
    categories = [c.name for c in settings.categories]
    validities = [*VALIDITIES, UNSTATED]
    years = sorted({e.published.year for e in entries})
    first_year = years[0] if years else 0
    columns = {
        "category": _column([categories.index(e.category) for e in entries]),
        "year": _column([e.published.year - first_year for e in entries]),
        "validity": _column([validity_code(e) for e in entries]),
    }
    limit = int(os.environ.get(FACETS_INLINE_VARIABLE) or FACETS_INLINE_BYTES)
    deferred = [name for name in ("category", "validity") if len(columns[name].encode()) > limit]
    files = [FileSpec(f"search/facets/{name}.json", compact_json(columns.pop(name))) for name in deferred]
    also = {str(number): "".join(chr(48 + categories.index(name)) for name in e.also_in)
            for number, e in enumerate(entries) if e.also_in}
    data: dict[str, Any] = {"categories": categories, "validities": validities,
                            "first_year": first_year, "years": years, "columns": columns,
                            "deferred": deferred, "also": also}
    return [FileSpec("search/facets.json", compact_json(data)), *files]
