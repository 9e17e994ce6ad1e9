"""What may be published: the one place that decides which files of content/ reach the site.

The engine adapter offers every file it found in content/ to :meth:`PublishPolicy.decide` and
copies only what it allows.  The rules, in order:

- a file is judged by its real path (symlinks resolved): a symlink whose target leaves content/
  is an error (:func:`link_problems`), and so is one into ``registers/`` — the register holds
  applicants' names and addresses and is never published, under whatever name it is reached;
- never YAML, never anything of ``registers/``, never a report narrative (``reports/*.md``) —
  they are read and rendered, not copied;
- in ``catalogue/`` only the published entries (as pages) and the attachments they list; a
  withheld entry's attachments and files nobody lists stay out;
- in ``budgets/`` only the attachments budgets list.

Generated paths get the same care: :func:`output_path_problem` keeps every path gongkai writes
inside the output folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from .model import Site
from .problems import Problem

CATALOGUE_DIR = "catalogue"
REGISTERS_DIR = "registers"
REPORTS_DIR = "reports"
BUDGETS_DIR = "budgets"
# What MkDocs reads as Markdown pages (any case): in catalogue/ each is an entry.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
DATA_SUFFIXES = (".yml", ".yaml")

Decision = Literal["entry", "copy", "skip"]


def is_markdown(rel: str) -> bool:
    """Whether MkDocs reads ``rel`` as a Markdown page."""
    return rel.lower().endswith(MARKDOWN_SUFFIXES)


def is_content_data(rel: str) -> bool:
    """Files the plugin reads and never publishes as they are (YAML, registers, narratives)."""
    top, _, rest = rel.partition("/")
    return (rel.lower().endswith(DATA_SUFFIXES)
            or top == REGISTERS_DIR
            or (top == REPORTS_DIR and bool(rest) and is_markdown(rel)))


def _inside(real: str, root: str) -> str | None:
    """``real`` relative to ``root`` (both resolved), or None when it lies outside."""
    if real == root:
        return ""
    if not real.startswith(root.rstrip(os.sep) + os.sep):
        return None
    return os.path.relpath(real, root).replace(os.sep, "/")


def _target_problem(root: str, path: str, shown: str) -> str | None:
    """Why the file at ``path`` (a symlink or reached through one) may not be published."""
    real = os.path.realpath(path)
    inside = _inside(real, root)
    if inside is None:
        return f"is a symlink to {real}, outside the content folder"
    if inside.partition("/")[0] == REGISTERS_DIR and not shown.startswith(REGISTERS_DIR + "/"):
        return f"is a symlink to {inside} — registers are never published"
    return None


def _walk_links(root: str) -> Iterable[tuple[str, os.DirEntry[str]]]:
    """Every symlink below ``root`` (as MkDocs sees files: hidden ones are skipped), never
    following a directory symlink."""
    pending = [("", root)]
    while pending:
        prefix, folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for item in entries:
            if item.name.startswith("."):
                continue
            if item.is_symlink():
                yield prefix + item.name, item
            elif item.is_dir():
                pending.append((prefix + item.name + "/", item.path))


def link_problems(content_dir: str | Path) -> list[Problem]:
    """An error for each symlink in the content folder whose target leaves it or lies in
    ``registers/`` (whether or not anything refers to it: MkDocs copies every file it finds)."""
    root = os.path.realpath(content_dir)
    problems: list[Problem] = []
    for rel, item in sorted(_walk_links(root), key=lambda pair: pair[0]):
        why = _target_problem(root, item.path, rel)
        if why is not None:
            what = "folder" if os.path.isdir(item.path) else "file"
            problems.append(Problem(rel, 0, "", why, f"replace it by a real {what} (a copy of what "
                                    "should be published) or remove it", "error"))
    return problems


def attachment_problem(content_dir: str | Path, rel: str) -> str | None:
    """Why the attachment at ``rel`` (an existing file) may not be published, if it may not."""
    root = os.path.realpath(content_dir)
    path = os.path.join(root, rel)
    why = _target_problem(root, path, rel)
    if why is None and is_content_data(_inside(os.path.realpath(path), root) or rel):
        why = f"is a symlink to {_inside(os.path.realpath(path), root)}, which is never published"
    return why


def output_path_problem(path: str) -> str | None:
    """Why ``path``, written by gongkai below the output folder, could leave it (or None)."""
    if not path or path.startswith("/") or "\\" in path or ":" in path.partition("/")[0]:
        return f"'{path}' is not a relative path"
    if any(part in ("", ".", "..") for part in path.rstrip("/").split("/")):
        return f"'{path}' would leave the output folder or is not a plain path"
    return None


class PublishPolicy:
    """Which files of the content folder may be published, for one validated site."""

    def __init__(self, content_dir: str | Path, site: Site) -> None:
        self.root = os.path.realpath(content_dir)
        self.entries = {e.source for e in site.entries}
        self.attachments = {a.path for e in site.entries for a in e.attachments}
        self.attachments |= {a.path for b in site.budgets for a in b.attachments}
        # Real paths are worked out only when content/ has a symlink (10,000 files otherwise).
        self._links = any(True for _ in _walk_links(self.root))

    def decide(self, rel: str) -> Decision:
        """``entry``: a published entry's page; ``copy``: copied as it is; ``skip``: never."""
        if self._links:
            real = _inside(os.path.realpath(os.path.join(self.root, rel)), self.root)
            if real is None or (real != rel and is_content_data(real)):
                return "skip"
        if is_content_data(rel):
            return "skip"
        top = rel.partition("/")[0]
        if top == CATALOGUE_DIR:
            if rel in self.entries:
                return "entry"
            return "copy" if rel in self.attachments else "skip"
        if top == BUDGETS_DIR:
            return "copy" if rel in self.attachments else "skip"
        return "copy"

