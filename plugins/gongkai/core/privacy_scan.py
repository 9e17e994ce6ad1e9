"""One personal-data scan over every text the site publishes.

Catalogue entries are scanned where they are read (:mod:`.load`, per entry and cached with it);
this module scans the rest with the same scanner (:mod:`.privacy`) and the same message: pages
(guide.md, index.md, any other Markdown page), data files (agency.yml, budgets), report narratives,
and the text of attachments and of documents published as they are, read by the one extractor
that also feeds search (:mod:`.search.extract`).

A number found is an error: nothing is published.  An attachment whose text cannot be read (a
tool missing, encrypted, damaged) is a warning, so that ``mkdocs build --strict`` fails, unless
the reviewer recorded it as checked by hand (``checked: YYYY-MM-DD`` on the attachment).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import privacy
from .model import Attachment
from .problems import Problems
from .search.extract import (
    LIBREOFFICE,
    OFFICE_EXPORTS,
    PAGE_BREAK,
    PAGE_SUFFIXES,
    AttachmentText,
    cached_texts,
)

ALLOW_KEY = "privacy_allow"


def allowed_numbers(values: Iterable[object]) -> frozenset[str]:
    """The numbers of a ``privacy_allow`` list, without separators (as they are compared)."""
    return frozenset(_plain(str(value)) for value in values)


def _plain(value: str) -> str:
    return re.sub(r"[\s.\-\u00a0\u2002-\u200b\u3000\uff0d]", "", value).removeprefix("+86")


def is_allowed(hit: privacy.PersonalDataHit, allowed: Collection[str]) -> bool:
    """Whether ``hit`` is one of the ``allowed`` numbers (see :func:`allowed_numbers`)."""
    return bool(allowed) and _plain(hit.value) in allowed


def report_hit(problems: Problems, source: str, line: int, field: str,
               hit: privacy.PersonalDataHit, where: str = "", what: str = "a") -> None:
    """Report personal data found in a published text as an error, its value masked."""
    problems.error(
        source, line, field,
        f"{where}looks like personal data: {what} {hit.kind} ({privacy.mask(hit.value)}) may not be "
        "published",
        "remove or mask it; if it is meant to be public (e.g. an official hotline), add it to "
        f"'{ALLOW_KEY}: [\"{hit.value}\"]'",
    )


def scan_text(problems: Problems, source: str, text: str, allowed: Collection[str] = (), *,
              first_line: int = 1, field: str = "全文") -> None:
    """Scan a published text (a Markdown body starting at line ``first_line`` of its file)."""
    for hit in privacy.find_personal_data(text):
        if not is_allowed(hit, allowed):
            report_hit(problems, source, first_line + hit.line - 1, field, hit)


def scan_yaml(problems: Problems, source: str, data: object, line_of: Callable[[str], int],
              allowed: Collection[str] = ()) -> None:
    """Scan every value of a parsed YAML document (its top-level ``privacy_allow`` excepted),
    each reported with its dotted path as field and ``line_of(path)`` as line."""
    for path, text in _values(data, ""):
        if path == ALLOW_KEY or path.startswith(ALLOW_KEY + "."):
            continue
        for hit in privacy.find_personal_data(text):
            if not is_allowed(hit, allowed):
                # A block text (``notes: |``) starts on the line after its key.
                line = line_of(path) + (hit.line if "\n" in text.rstrip("\n") else 0)
                report_hit(problems, source, line, path, hit)


def _values(data: object, path: str) -> Iterable[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _values(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _values(value, f"{path}.{index}" if path else str(index))
    elif data is not None:
        yield path, str(data)


@dataclass(frozen=True)
class PublishedFile:
    """A file published as it is: an attachment of ``owner`` (an entry or budget), or a document
    in content/ published on its own (``owner`` is the file itself, ``attachment`` is None)."""

    path: str
    owner: str
    attachment: Attachment | None = None
    allowed: frozenset[str] = frozenset()


def scan_files(root: Path, files: list[PublishedFile], problems: Problems,
               cache_dir: Path | None, workers: int | None = None) -> dict[str, str]:
    """Scan the text of published files; returns the text of each, by path (for search)."""
    paths = {file.path: root / file.path for file in files}
    texts = cached_texts(dict.fromkeys(paths.values()), cache_dir, workers)
    missing: dict[str, set[str]] = {}
    for file in files:
        result = texts[paths[file.path]]
        _scan_file(file, result, problems)
        if result.missing_tool is not None:
            missing.setdefault(result.missing_tool, set()).add(file.path)
    for tool, skipped in sorted(missing.items()):
        kinds = "/".join(sorted({PurePosixPath(path).suffix.lower() for path in skipped}))
        what = "old-format attachments" if tool == LIBREOFFICE else "scanned documents or images"
        problems.info(
            "content", 0, "",
            f"{tool} not installed: {len(skipped)} {what} ({kinds}) not scanned for personal data",
            "install it (Debian: " + ("libreoffice-core libreoffice-writer libreoffice-calc"
                                      if tool == LIBREOFFICE
                                      else "tesseract-ocr tesseract-ocr-chi-sim poppler-utils")
            + "); each file is listed above")
    return {file.path: texts[paths[file.path]].text for file in files}


def _scan_file(file: PublishedFile, result: AttachmentText, problems: Problems) -> None:
    attachment = file.attachment
    line = attachment.line if attachment is not None else 0
    field = "attachments" if attachment is not None else ""
    name = PurePosixPath(file.path).name
    for hit in privacy.find_personal_data(result.text):
        if is_allowed(hit, file.allowed):
            continue
        report_hit(problems, file.owner, line, field, hit,
                   where=f"'{name}' ({_position(result.text, hit, file.path)}) ")
    if file.path.lower().endswith(PAGE_SUFFIXES):  # pages that may have been read by OCR
        for hit in privacy.find_id_number_starts(result.text):
            if not is_allowed(hit, file.allowed):
                report_hit(problems, file.owner, line, field, hit, what="the start of a",
                           where=f"'{name}' ({_position(result.text, hit, file.path)}) ")
    if result.scanned or (attachment is not None and attachment.checked is not None):
        return
    why = (f"{result.missing_tool} is not installed" if result.missing_tool is not None
           else result.unreadable)
    if attachment is not None:
        fix = ("replace it with a file whose text can be read, or check it by hand for personal "
               f"data and record that: '- {{path: {PurePosixPath(attachment.path).name}, title: …, "
               "checked: YYYY-MM-DD}'")
    else:
        fix = ("replace it with a file whose text can be read, or attach it to a catalogue entry "
               "and record there that it was checked by hand ('checked: YYYY-MM-DD')")
    problems.warning(file.owner, line, field,
                     f"'{name}' cannot be scanned for personal data ({why})", fix)


def _position(text: str, hit: privacy.PersonalDataHit, path: str) -> str:
    """Where a hit is in an extracted text: page and line of a PDF (or presentation), sheet and
    row of a spreadsheet, line of anything else."""
    suffix = PurePosixPath(path).suffix.lower()
    kind = OFFICE_EXPORTS.get(suffix, suffix.lstrip("."))
    if kind not in ("pdf", "xlsx"):
        return f"line {hit.line}"
    lines = text.split("\n")
    before = "\n".join(lines[:hit.line - 1] + [lines[hit.line - 1][:hit.column - 1]])
    page = before.count(PAGE_BREAK) + 1
    line_in_page = before.rsplit(PAGE_BREAK, 1)[-1].count("\n") + 1
    if kind == "xlsx":  # each sheet's text starts with its name, then one line per row
        return f"sheet {page}, row {line_in_page - 1}"
    return f"page {page}, line {line_in_page}"
