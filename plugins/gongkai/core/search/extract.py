"""Plain text of attachments: the one extraction that search and the personal-data scan share.

PDF (pypdf), DOCX and XLSX (their XML, openpyxl) are read in this process.  The old binary
formats agencies still attach (.doc, .xls, .wps, .et, .ppt, .dps …) are converted by LibreOffice
(``soffice --headless --convert-to``), scanned PDFs and images are read by Tesseract with its
``chi_sim`` data (pages rendered by ``pdftoppm``), each when the tool is on PATH.

Texts are kept in a cache folder keyed by the file's bytes and :data:`EXTRACTOR_VERSION`, so a
rebuild reads only new or changed attachments.  What a missing tool could not read is not
cached: installing the tool makes the next build read it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

if TYPE_CHECKING:
    from pypdf import PageObject

# Part of every cache key: raise it when an extractor changes what it returns.
EXTRACTOR_VERSION = "1"

WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PLAIN_SUFFIXES = (".txt", ".csv", ".md", ".html", ".htm", ".xml", ".json")
NATIVE_SUFFIXES = (".pdf", ".docx", ".xlsx", *PLAIN_SUFFIXES)
# LibreOffice's export per old format: text for documents, XLSX for spreadsheets (every sheet, then
# read like any XLSX), PDF for presentations (then read like any PDF).
OFFICE_EXPORTS = {
    **dict.fromkeys((".doc", ".wps", ".rtf", ".odt", ".wpt", ".dot"), "txt:Text (encoded):UTF8"),
    **dict.fromkeys((".xls", ".et", ".ods", ".ett", ".xlt"), "xlsx"),
    **dict.fromkeys((".ppt", ".pptx", ".dps", ".odp", ".dpt", ".pps"), "pdf"),
}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif")
READABLE_SUFFIXES = NATIVE_SUFFIXES + tuple(OFFICE_EXPORTS) + IMAGE_SUFFIXES
# Pages (PDF) and sheets (XLSX) are separated by a form feed, so a position can name its page.
PAGE_BREAK = "\f"

LIBREOFFICE = "LibreOffice (soffice)"
TESSERACT = "Tesseract with chi_sim, and pdftoppm for PDFs"
OCR_LANGUAGES = "chi_sim+eng"
# Seconds a tool may take for one file; a hung conversion (a password prompt) must not hang builds.
TOOL_TIMEOUT = 180
# Non-space characters a PDF page needs to count as having a text layer.
MIN_PAGE_TEXT = 8
OCR_DPI = 200


# PDF text and OCR keep the page's lines: a line may end inside a word (中国特色社会\n主义思想), and
# pypdf spreads a justified line with spaces (号 ， 邮 编 ：).  Search joins them again.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WRAPPED = re.compile(f"(?<=[{_HAN}])[ \t\u3000]*\n[ \t\u3000]*(?=[{_HAN}])")
_SPREAD_CHAR = f"[{_HAN}\u3001-\u303f\uff01-\uff5e]"  # and CJK and full-width punctuation
# Single characters apart (报   名   表), not words apart (地址 漏洞名称: a table's columns).
_SPREAD = re.compile(f"(?<!{_SPREAD_CHAR}){_SPREAD_CHAR}(?: +{_SPREAD_CHAR})+(?!{_SPREAD_CHAR})")
PAGE_SUFFIXES = (".pdf", *IMAGE_SUFFIXES, *(s for s, export in OFFICE_EXPORTS.items() if export == "pdf"))


def searchable_text(path: str, text: str) -> str:
    """The text of the attachment ``path`` as search reads it: single Chinese characters a
    justified line spreads apart joined, and in a page's text (PDF, scan, presentation) a line
    that ends between two Chinese characters joined to the next; the lines of other files are
    paragraphs, rows or cells and stay apart.  The personal-data scan reads the text as it is, so
    its positions are the page's lines."""
    text = _SPREAD.sub(lambda spread: spread[0].replace(" ", ""), text)
    return _WRAPPED.sub("", text) if path.lower().endswith(PAGE_SUFFIXES) else text


class UnreadableAttachment(Exception):
    """The attachment exists but its text cannot be read (damaged, encrypted, not what it says)."""


class MissingTool(Exception):
    """The tool that would read the attachment is not installed (its name is the message)."""


@dataclass(frozen=True)
class AttachmentText:
    """What extraction found in one file.

    ``text`` is the plain text (pages or sheets separated by :data:`PAGE_BREAK`); ``unreadable``
    says why the file itself cannot be read; ``missing_tool`` names the tool that would read it.
    """

    text: str = ""
    unreadable: str | None = None
    missing_tool: str | None = None

    @property
    def scanned(self) -> bool:
        """Whether the whole text could be read."""
        return self.unreadable is None and self.missing_tool is None


def attachment_text(path: Path) -> str:
    """The text of one file of a :data:`READABLE_SUFFIXES` type; ``""`` for other types.

    Raises :class:`UnreadableAttachment` with a short reason when the file cannot be parsed and
    :class:`MissingTool` when the tool that reads it is not installed.
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            return _pdf_text(path)
        if suffix == ".docx":
            return _docx_text(path)
        if suffix == ".xlsx":
            return _xlsx_text(path)
        if suffix in PLAIN_SUFFIXES:
            return path.read_text(encoding="utf-8", errors="replace")
        if suffix in OFFICE_EXPORTS:
            return _office_text(path)
        if suffix in IMAGE_SUFFIXES:
            return _ocr_image(path)
    except (UnreadableAttachment, MissingTool):
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure is the same problem for an author
        raise UnreadableAttachment(f"{type(error).__name__}: {error}".strip()[:160]) from error
    return ""


def extract(path: Path) -> AttachmentText:
    """:func:`attachment_text` of ``path`` as a result, never raising; a file of a type no
    reader knows (an archive, an OFD) is unreadable, since nothing in it could be checked."""
    if not path.suffix.lower().endswith(READABLE_SUFFIXES):
        return AttachmentText(unreadable=f"gongkai cannot read the text of '{path.suffix}' files")
    try:
        return AttachmentText(attachment_text(path))
    except MissingTool as missing:
        return AttachmentText(missing_tool=str(missing))
    except UnreadableAttachment as error:
        return AttachmentText(unreadable=str(error))


# ---------------------------------------------------------------------------------------------
# the cache


def cache_key(suffix: str, data: bytes) -> str:
    """The cache key of a file: sha256 of its bytes, its type and :data:`EXTRACTOR_VERSION`."""
    digest = hashlib.sha256(f"gongkai-text {EXTRACTOR_VERSION} {suffix.lower()}\0".encode())
    digest.update(data)
    return digest.hexdigest()


# Texts read in this process by cache key (``mkdocs serve`` rebuilds, workers' results).
_MEMORY: dict[str, AttachmentText] = {}


def clear_memory() -> None:
    """Forget the texts read in this process (the disk cache stays)."""
    _MEMORY.clear()


def cached_texts(paths: Iterable[Path], cache_dir: Path | None,
                 workers: int | None = None) -> dict[Path, AttachmentText]:
    """The text of each file in ``paths``, from ``cache_dir`` when it was read before.

    Files not in the cache are read in ``workers`` processes (see :mod:`gongkai.core.parallel`)
    and stored in it, except results a missing tool decided.  A file that cannot be opened is
    :attr:`~AttachmentText.unreadable`.
    """
    from ..parallel import fork_map

    results: dict[Path, AttachmentText] = {}
    todo: list[tuple[Path, str]] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            results[path] = AttachmentText(unreadable=f"cannot be opened ({error.strerror})")
            continue
        key = cache_key(path.suffix, data)
        known = _MEMORY.get(key) or _from_disk(cache_dir, key)
        if known is None:
            todo.append((path, key))
        else:
            _MEMORY[key] = results[path] = known
    # LibreOffice converts all old-format files in one run (it starts once, several seconds).
    office = [(path, key) for path, key in todo if path.suffix.lower() in OFFICE_EXPORTS]
    others = [(path, key) for path, key in todo if path.suffix.lower() not in OFFICE_EXPORTS]
    read = list(_office_texts([path for path, _ in office]).items())
    read += [item for part in fork_map(
        lambda part: [(path, extract(path)) for path, _ in part], others, workers, min_items=4)
        for item in part]
    keys = dict(todo)
    for path, result in read:
        key = keys[path]
        _MEMORY[key] = results[path] = result
        if result.missing_tool is None:
            _to_disk(cache_dir, key, result)
    return results


def _from_disk(cache_dir: Path | None, key: str) -> AttachmentText | None:
    if cache_dir is None:
        return None
    try:
        stored = json.loads((cache_dir / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
        return AttachmentText(str(stored["text"]), stored.get("unreadable"))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # absent or damaged: read the file again


def _to_disk(cache_dir: Path | None, key: str, result: AttachmentText) -> None:
    if cache_dir is None:
        return
    target = cache_dir / key[:2] / f"{key}.json"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed: a build killed meanwhile leaves no half-written entry.
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps({"text": result.text, "unreadable": result.unreadable},
                                      ensure_ascii=False), encoding="utf-8")
        partial.replace(target)
    except OSError:
        pass  # a read-only cache costs time, not correctness


# ---------------------------------------------------------------------------------------------
# readers


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    # pypdf logs every damaged object it tolerates; the build reports one line per file instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(str(path))
    if reader.is_encrypted:
        raise UnreadableAttachment("the PDF is encrypted")
    pages = [page.extract_text() or "" for page in reader.pages]
    # A page without a text layer but with images is a scan: its text is read by OCR.
    scanned = [number for number, (page, text) in enumerate(zip(reader.pages, pages, strict=True))
               if len(re.sub(r"\s", "", text)) < MIN_PAGE_TEXT and _has_images(page)]
    if scanned:
        for number, text in _ocr_pdf_pages(path, scanned).items():
            pages[number] = text
    return PAGE_BREAK.join(pages)


def _has_images(page: PageObject) -> bool:
    try:
        return bool(page.images.keys())
    except Exception:  # noqa: BLE001 - a damaged resource dictionary: treat as a possible scan
        return True


def _docx_text(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as error:
        raise UnreadableAttachment("not a Word (DOCX) file: no word/document.xml inside") from error
    root = ElementTree.fromstring(xml)
    paragraphs = []
    for paragraph in root.iter(f"{WORD_NS}p"):
        paragraphs.append("".join(node.text or "" for node in paragraph.iter(f"{WORD_NS}t")))
    return re.sub(r"\n{2,}", "\n", "\n".join(paragraphs)).strip()


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError) as error:
        raise UnreadableAttachment("not an Excel (XLSX) file") from error
    sheets = []
    try:
        for sheet in workbook.worksheets:
            # One line per row, so a position names the row; cells apart by a tab.
            rows = ("\t".join("" if value is None else str(value) for value in row).rstrip()
                    for row in sheet.iter_rows(values_only=True))
            sheets.append(f"{sheet.title}\n" + "\n".join(rows))
    finally:
        workbook.close()
    return PAGE_BREAK.join(sheets)


def _office_text(path: Path) -> str:
    result = _office_texts([path])[path]
    if result.missing_tool is not None:
        raise MissingTool(result.missing_tool)
    if result.unreadable is not None:
        raise UnreadableAttachment(result.unreadable)
    return result.text


def _office_texts(paths: list[Path]) -> dict[Path, AttachmentText]:
    """Old-format files converted by LibreOffice, one run per export format."""
    if not paths:
        return {}
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return {path: AttachmentText(missing_tool=LIBREOFFICE) for path in paths}
    results: dict[Path, AttachmentText] = {}
    by_export: dict[str, list[Path]] = {}
    for path in paths:
        by_export.setdefault(OFFICE_EXPORTS[path.suffix.lower()], []).append(path)
    with tempfile.TemporaryDirectory(prefix="gongkai-office-") as temp:
        # Its own profile: another LibreOffice running (an author's) would otherwise take the job.
        profile = Path(temp, "profile").as_uri()
        for export, group in by_export.items():
            # Copies under plain names: two files of one name in different folders, and names
            # LibreOffice mangles, cannot collide.
            inputs = Path(temp, "in")
            shutil.rmtree(inputs, ignore_errors=True)
            inputs.mkdir()
            names = {}
            for number, path in enumerate(group):
                copy = inputs / f"{number}{path.suffix.lower()}"
                shutil.copyfile(path, copy)
                names[path] = copy
            out = Path(temp, "out")
            shutil.rmtree(out, ignore_errors=True)
            try:
                subprocess.run(
                    [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                     "--convert-to", export, "--outdir", str(out), *map(str, names.values())],
                    capture_output=True, timeout=TOOL_TIMEOUT * len(group), check=False,
                    stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                pass  # what was converted is used; the rest is unreadable below
            extension = "txt" if export.startswith("txt") else export
            for path, copy in names.items():
                converted = out / f"{copy.stem}.{extension}"
                results[path] = _converted_text(converted, extension)
    return results


def _converted_text(converted: Path, extension: str) -> AttachmentText:
    if not converted.is_file():
        return AttachmentText(unreadable="LibreOffice could not open it (damaged, encrypted "
                                         "or not the format its name says)")
    try:
        if extension == "txt":
            return AttachmentText(converted.read_text(encoding="utf-8-sig", errors="replace"))
        return AttachmentText(_xlsx_text(converted) if extension == "xlsx" else _pdf_text(converted))
    except MissingTool as missing:
        return AttachmentText(missing_tool=str(missing))
    except Exception as error:  # noqa: BLE001 - as in attachment_text
        return AttachmentText(unreadable=f"{type(error).__name__}: {error}".strip()[:160])


def ocr_available() -> bool:
    """Whether Tesseract with its Simplified Chinese data is installed."""
    tesseract = shutil.which("tesseract")
    return tesseract is not None and _has_chinese_data(tesseract)


@functools.cache
def _has_chinese_data(tesseract: str) -> bool:
    try:
        listed = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "chi_sim" in listed.stdout.split()


def _ocr_image(path: Path) -> str:
    tesseract = shutil.which("tesseract")
    if tesseract is None or not _has_chinese_data(tesseract):
        raise MissingTool(TESSERACT)
    return _tesseract(tesseract, path)


def _ocr_pdf_pages(path: Path, numbers: list[int]) -> dict[int, str]:
    """Text of the given pages (0-based) of a scanned PDF, rendered by pdftoppm and read by OCR."""
    tesseract, pdftoppm = shutil.which("tesseract"), shutil.which("pdftoppm")
    if tesseract is None or pdftoppm is None or not _has_chinese_data(tesseract):
        raise MissingTool(TESSERACT)
    texts = {}
    with tempfile.TemporaryDirectory(prefix="gongkai-ocr-") as temp:
        for number in numbers:
            prefix = Path(temp, f"page{number}")
            rendered = subprocess.run(
                [pdftoppm, "-r", str(OCR_DPI), "-gray", "-png", "-singlefile",
                 "-f", str(number + 1), "-l", str(number + 1), str(path), str(prefix)],
                capture_output=True, timeout=TOOL_TIMEOUT, check=False)
            image = prefix.with_suffix(".png")
            if rendered.returncode != 0 or not image.is_file():
                raise UnreadableAttachment(f"page {number + 1} cannot be rendered for OCR")
            texts[number] = _tesseract(tesseract, image)
    return texts


def _tesseract(tesseract: str, image: Path) -> str:
    try:
        done = subprocess.run([tesseract, str(image), "-", "-l", OCR_LANGUAGES],
                              capture_output=True, timeout=TOOL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as error:
        raise UnreadableAttachment(f"OCR took longer than {TOOL_TIMEOUT} s") from error
    if done.returncode != 0:
        raise UnreadableAttachment("Tesseract cannot read the image: "
                                   + done.stderr.decode("utf-8", "replace").strip()[-120:])
    # Tesseract puts spaces between Chinese characters; numbers keep theirs.
    text = done.stdout.decode("utf-8", "replace")
    return re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", text)
