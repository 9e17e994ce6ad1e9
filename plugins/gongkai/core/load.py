"""Read and validate the whole content folder into a :class:`~gongkai.core.model.Site`.

First stage of the pipeline (read → validate → model): every file is read once, every problem is
collected with its file, line and field, and a :class:`~gongkai.core.problems.ContentError` is
raised before anything could be rendered or written.  Each kind of file has its reader in
:mod:`gongkai.core.loading` (agency and guide, entries, the checks across the catalogue, registers,
budgets); this module walks the folder, hands each file to its reader and puts the site together.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from . import identifiers, privacy_scan
from .calendar import load_calendar_additions
from .entrycache import ENTRY_CACHE, ReadEntry
from .loading.agency import GUIDE_FILE, read_agency, read_guide
from .loading.budgets import read_budget
from .loading.catalogue import check_catalogue
from .loading.entry import read_entry
from .loading.fields import read_published_yaml, read_text, read_yaml_file, scan_page
from .loading.registers import read_register
from .model import (
    Budget,
    CalendarAdditions,
    CatalogueEntry,
    Law,
    MarkdownPage,
    Register,
    ReportNarrative,
    Site,
    SourceLines,
)
from .parallel import fork_map
from .problems import Problems
from .publish import (
    BUDGETS_DIR,
    CATALOGUE_DIR,
    REGISTERS_DIR,
    REPORTS_DIR,
    is_content_data,
    is_markdown,
    link_problems,
)
from .regulations import LAWS_FILE, read_laws
from .search.extract import IMAGE_SUFFIXES, READABLE_SUFFIXES
from .settings import Settings
from .yamlsource import (
    check_control_characters,
    split_front_matter,
)

CALENDAR_FILE = "calendar.yml"



_REGISTER_NAME = re.compile(r"^(\d{4})\.ya?ml$")



_BUDGET_NAME = re.compile(r"^(\d{4})-(预算|决算)\.ya?ml$")



_REPORT_NAME = re.compile(r"^(\d{4})\.md$")



def _read_narrative(root: Path, rel: str, year: int, problems: Problems) -> ReportNarrative | None:
    from .report import parse_narrative

    text = read_text(root / rel)
    if text is None:
        problems.error(rel, 0, "", "not UTF-8 text", "save the file as UTF-8")
        return None
    source = split_front_matter(text, rel, problems)
    scan_page(rel, source, problems)
    return parse_narrative(source.body, year, rel)



def _walk(root: Path) -> list[str]:
    found: list[str] = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        # The folder relative to root, once per folder (relpath per file is slow at 10,000 files).
        prefix = os.path.relpath(directory, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found += [prefix + name for name in sorted(filenames) if not name.startswith(".")]
    return found



def _is_entry_file(rel: str) -> bool:
    # Any name MkDocs reads as Markdown (d.MD, d.markdown): none may be silently left out.
    return rel.startswith(CATALOGUE_DIR + "/") and is_markdown(rel)



def _is_page(rel: str) -> bool:
    """A Markdown page MkDocs publishes as it is (index.md, extra pages; not guide.md, entries or
    narratives, which have their own readers)."""
    top = rel.partition("/")[0]
    return (is_markdown(rel) and rel != GUIDE_FILE
            and top not in (CATALOGUE_DIR, REPORTS_DIR, REGISTERS_DIR))



def _published_files(files: list[str], entries: list[CatalogueEntry],
                     budgets: list[Budget]) -> list[privacy_scan.PublishedFile]:
    """Every file published as it is whose text can be read: the attachments of published
    entries and budgets, and documents in content/ outside the catalogue, budgets and registers
    (images there are pictures of a page, not documents, and are not read)."""
    found: dict[str, privacy_scan.PublishedFile] = {}
    owners: list[CatalogueEntry | Budget] = [*entries, *budgets]
    for owner in owners:
        allowed = privacy_scan.allowed_numbers(owner.privacy_allow)
        for attachment in owner.attachments:
            # An attachment two owners share is scanned once, for the first (newest) of them.
            found.setdefault(attachment.path, privacy_scan.PublishedFile(
                attachment.path, owner.source, attachment, allowed))
    for rel in files:
        top = rel.partition("/")[0]
        if (top in (CATALOGUE_DIR, BUDGETS_DIR, REGISTERS_DIR) or is_content_data(rel)
                or is_markdown(rel) or rel.lower().endswith(IMAGE_SUFFIXES)
                or not rel.lower().endswith(READABLE_SUFFIXES)):
            continue
        found.setdefault(rel, privacy_scan.PublishedFile(rel, rel))
    return list(found.values())



def read_site(content_dir: str | Path, settings: Settings,
              on_file: Callable[[str], None] | None = None,
              workers: int | None = None) -> tuple[Site, Problems]:
    """Read, validate and model the content folder.

    Returns the site and every problem found; the caller decides how to report them and must
    call :meth:`Problems.raise_if_errors` before rendering.  Catalogue entries are read in
    ``workers`` processes (default: one per core, see :mod:`gongkai.core.parallel`); the result
    does not depend on how many.
    """
    root = Path(content_dir)
    problems = Problems()
    agency = read_agency(root, problems)
    guide = read_guide(root, problems)
    index_pattern = identifiers.index_no_regex(settings.index_no_pattern, agency.code or "")
    context = (settings, agency.code, agency.name)

    def reader(rel: str) -> ReadEntry:
        return lambda data, own: read_entry(
            root, rel, settings, agency.code, agency.name, index_pattern, data, own)

    problems.extend(link_problems(root))
    files = _walk(root)
    entry_files = [rel for rel in files if _is_entry_file(rel)]
    resolved = {
        rel: outcome
        for outcomes in fork_map(
            lambda part: list(zip(part, ENTRY_CACHE.resolve_many(root, part, context, reader),
                                  strict=True)),
            entry_files, workers)
        for rel, outcome in outcomes
    }
    entries: list[CatalogueEntry] = []
    registers: dict[int, Register] = {}
    budgets: list[Budget] = []
    narratives: dict[int, ReportNarrative] = {}
    calendar = CalendarAdditions()
    laws: tuple[Law, ...] = ()
    seen_ids: dict[str, str] = {}
    pages: list[MarkdownPage] = []
    for rel in files:
        if on_file is not None:
            on_file(rel)
        parts = PurePosixPath(rel).parts
        name = parts[-1]
        if _is_entry_file(rel):
            entry = ENTRY_CACHE.apply(root, rel, resolved[rel], problems)
            if entry is not None:
                entries.append(entry)
        elif parts[0] == REGISTERS_DIR and len(parts) == 2:
            match = _REGISTER_NAME.match(name)
            if not match:
                problems.error(rel, 0, "", "a register file must be named <year>.yml",
                               "rename it, e.g. registers/2024.yml")
                continue
            register = read_register(root, rel, int(match.group(1)), problems, seen_ids)
            if register is not None:
                registers[register.year] = register
        elif parts[0] == BUDGETS_DIR and name.endswith((".yml", ".yaml")):
            match = _BUDGET_NAME.match(name)
            if not match:
                problems.error(rel, 0, "", "a budget file must be named <year>-预算.yml or <year>-决算.yml",
                               "rename it, e.g. budgets/2024-预算.yml")
                continue
            budget = read_budget(root, rel, int(match.group(1)), match.group(2), problems)
            if budget is not None:
                budgets.append(budget)
        elif parts[0] == REPORTS_DIR and name.endswith(".md"):
            match = _REPORT_NAME.match(name)
            if not match:
                problems.error(rel, 0, "", "a report narrative must be named <year>.md",
                               "rename it, e.g. reports/2024.md")
                continue
            narrative = _read_narrative(root, rel, int(match.group(1)), problems)
            if narrative is not None:
                narratives[narrative.year] = narrative
        elif _is_page(rel):
            text = read_text(root / rel)
            if text is None:
                problems.error(rel, 0, "", "not UTF-8 text", "save the file as UTF-8")
            else:
                page = split_front_matter(text, rel, problems)
                scan_page(rel, page, problems)
                pages.append(MarkdownPage(rel, page.body, SourceLines(body_line=page.body_first_line)))
        elif rel == CALENDAR_FILE:
            doc = read_yaml_file(root, rel, problems)
            if doc is not None:
                calendar = load_calendar_additions(doc.data, rel, problems, lines=doc.line)
        elif rel == LAWS_FILE:
            doc = read_published_yaml(root, rel, problems)
            if doc is not None:
                laws = read_laws(doc.data, rel, problems, lines=doc.line)
        elif (name.endswith(".md") and rel != GUIDE_FILE
              and parts[0] not in (REGISTERS_DIR, BUDGETS_DIR, REPORTS_DIR)):
            # Other pages (index.md, about.md…) are rendered by MkDocs; what no page may hold
            # is found here, before anything is written.
            page_text = read_text(root / rel)
            if page_text is not None:
                check_control_characters(page_text, rel, 1, problems)
    check_catalogue(entries, problems)
    published = [e for e in entries if e.is_published]
    published_files = _published_files(files, published, budgets)
    attachment_texts = privacy_scan.scan_files(root, published_files, problems,
                                               settings.text_cache, workers)
    withheld = [e for e in entries if not e.is_published]
    for entry in withheld:
        problems.info(entry.source, entry.lines.line("review"), "review",
                      f"not published: 保密审查 is '{entry.review.result}' ({entry.index_no} {entry.title})",
                      "it appears nowhere on the site until the review result is 通过")
    published.sort(key=lambda e: (e.published, e.index_no), reverse=True)
    site = Site(
        agency=agency,
        guide=guide,
        categories=settings.categories,
        entries=tuple(published),
        withheld=tuple(withheld),
        registers=registers,
        budgets=tuple(sorted(budgets, key=lambda b: (b.year, b.kind))),
        narratives=narratives,
        calendar=calendar,
        laws=laws,
        attachment_texts=attachment_texts,
        pages=tuple(pages),
    )
    return site, problems
