"""Plain text of attachments, so that documents published only as a PDF or DOCX can be found."""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
READABLE_SUFFIXES = (".pdf", ".docx", ".txt")


class UnreadableAttachment(Exception):
    """The attachment exists but its text cannot be read (damaged, encrypted, not what it says)."""


def attachment_text(path: Path) -> str:
    """The text of a PDF, DOCX or TXT file; ``""`` for other types (images, spreadsheets).

    Raises :class:`UnreadableAttachment` with a short reason when the file cannot be parsed.
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            return _pdf_text(path)
        if suffix == ".docx":
            return _docx_text(path)
        if suffix == ".txt":
            return path.read_text(encoding="utf-8", errors="replace")
    except UnreadableAttachment:
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure is the same problem for an author
        raise UnreadableAttachment(f"{type(error).__name__}: {error}".strip()[:160]) from error
    return ""


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    # pypdf logs every damaged object it tolerates; the build reports one line per file instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(str(path))
    if reader.is_encrypted:
        raise UnreadableAttachment("the PDF is encrypted")
    return "\n".join(page.extract_text() or "" for page in reader.pages)


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
