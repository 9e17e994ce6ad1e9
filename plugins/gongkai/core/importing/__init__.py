"""``gongkai import``: a catalogue exported from an old CMS (CSV, XLSX, XLS) → entry files.

:mod:`.sheets` reads the export as Excel shows it, :mod:`.vocabulary` says what headers, 有效性
words and dates mean (plus the webmaster's ``import-map.yml``), :mod:`.convert` turns rows into
entries with nothing guessed silently.  Imported entries have review result 待审.
"""

from __future__ import annotations

from .convert import ImportedEntry, ImportOptions, ImportRun, import_sheets, report_rows
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
