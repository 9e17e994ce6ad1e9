"""``gongkai import``: a catalogue exported from an old CMS (CSV, XLSX, XLS) → entry files.

:mod:`.sheets` reads the export as Excel shows it, :mod:`.vocabulary` says what headers and 有效性
words mean (plus the webmaster's ``import-map.yml``), :mod:`.headers` finds each sheet's table,
:mod:`.rows` reads a row as an entry, :mod:`.convert` merges the rows of one document and numbers
the entries, with nothing guessed silently (:mod:`.run`: what an import is given and gives back).
Imported entries have review result 待审.
"""

from __future__ import annotations

from .convert import import_sheets, report_rows
from .run import ImportedEntry, ImportOptions, ImportRun
from .sheets import SUFFIXES, read_sheets
from .vocabulary import (
    HEADER_ALIASES,
    VALIDITY_WORDS,
    ImportMap,
    load_map,
    map_template,
)

__all__ = [
    "HEADER_ALIASES", "SUFFIXES", "VALIDITY_WORDS", "ImportMap", "ImportOptions", "ImportRun",
    "ImportedEntry", "import_sheets", "load_map", "map_template", "read_sheets",
    "report_rows",
]
