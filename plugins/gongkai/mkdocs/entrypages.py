"""Entry pages, rendered by gongkai instead of MkDocs' page loop: the same HTML, a fraction of the work.

A catalogue entry page is the theme's page template around the entry's own parts.  MkDocs renders
every page from scratch: a new Markdown parser per page and the whole Material template (header,
navigation, scripts, the JSON config) per page.  With 10,000 entries that is most of a build, and
all of it on one core.  Here:

- **One Markdown parser** per process (``Markdown.reset()`` between pages) with MkDocs' own
  link, anchor and title processors registered for each page, so links are resolved and reported
  exactly as MkDocs does, and the plugins' ``on_page_content`` after it (gongkai's HTML
  sanitizer); text without Markdown markup skips the inline patterns (``runner/inline.py``).
- **A page shell** per kind of entry page: the template is rendered once with the blocks that
  depend on the entry (``site_meta``, ``site_nav`` with its table of contents, ``content``, and on
  the kiosk ``footer``) replaced by markers and the title by a marker; each entry then renders only
  those blocks (the theme's own block functions, with the same variables) and the title is put in.
  What else of the template may depend on the page is part of the shell's key (the page's folder
  and the skip link Material takes from the first heading).  Before the pages are written, a few
  entries of every build are rendered both ways; if any differs by a byte (a site override that
  prints the page outside those blocks, say) every entry is rendered in full instead, and the log
  says so.
- **Both cores**: the pages are split over worker processes (``fork``, as many as
  ``core/parallel.py`` decides), which write their pages and hand back what they logged (so
  ``--strict`` counts their warnings) and the QR codes the kiosk needs.  ``mkdocs serve`` renders
  in one process (its server threads do not mix with fork).

Entries are taken out of MkDocs' files after every page has been read (links from other pages to
entries still resolve) and before the site is written; ``sitemap.xml`` lists them (the plugin's
``sitemap.xml`` template).  Another plugin or hook that handles page events would miss them, so
then (or with ``fast_entry_pages: false``) MkDocs renders the entries as any other page.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import markdown as markdown_lib
from jinja2 import Environment, Template
from markupsafe import Markup, escape
from mkdocs import utils
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

# MkDocs' private page processors: Page.render builds a new parser with them for every page and
# offers no public way to register them on a reused one.  They resolve and report links exactly
# as MkDocs does; tests/test_code_quality.py fails loudly if MkDocs renames or changes them (and
# verify() below renders sample pages both ways in every build).
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from ..core.bodytext import markdown_parser
from ..core.parallel import fork_pool, worker_count
from ..runner.inline import use_quick_inline

# Page events MkDocs fires for a page; when only gongkai handles them, entries may bypass MkDocs.
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context",
               "post_page")
# The engine's logger, whose handlers print the log and count warnings for --strict: "mkdocs", or
# "properdocs" when ProperDocs runs the plugin (its aliased mkdocs.* modules are properdocs.*).
ENGINE_LOGGER = utils.__name__.partition(".")[0]
SAMPLES = 6  # entries rendered both ways in every build

_MARK = "\x00"
_TITLE = "=title"  # not a block name


class EntryPage(Page):
    """A page gongkai renders itself — a catalogue entry, or a listing page outside the
    navigation (``body`` empty) — as a MkDocs page, rendered after every other page is read.

    ``read_source`` takes the full text the loader has already read (no second YAML parse) and
    ``render`` leaves the conversion to :class:`EntryRenderer`.
    """

    def __init__(self, file: File, config: MkDocsConfig, *, title: str, body: str) -> None:
        super().__init__(None, file, config)
        self._gk_title = title
        self._gk_body = body

    def _set_canonical_url(self, base: str | None) -> None:
        # MkDocs' urljoin + urlsplit for each of 10,000 pages; an entry's URL is a plain relative
        # path (doc/<slug>/), so joining is appending to the site URL.
        url = self.url
        if base and _PLAIN_URL.fullmatch(url):
            if not base.endswith("/"):
                base += "/"
            self.canonical_url = base + url
            self.abs_url = _base_path(base) + url
        else:
            super()._set_canonical_url(base)

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = self._gk_body
        self.meta = {"title": self._gk_title}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""  # EntryRenderer converts the Markdown (maybe in a worker process)


_PLAIN_URL = re.compile(r"(?:[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*/)*(?:[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*)?")


@functools.lru_cache(maxsize=8)
def _base_path(base: str) -> str:
    return urlsplit(base).path


def only_gongkai_handles_pages(config: MkDocsConfig, plugin: object) -> bool:
    """True when no plugin or hook but gongkai (``plugin``) takes part in any page event."""
    events = config.plugins.events
    for name in PAGE_EVENTS:
        for handler in events.get(name, []):
            owner = getattr(handler, "__self__", None)
            if owner is plugin or _disabled(owner):
                continue
            return False
    return True


def _disabled(plugin: object) -> bool:
    """A plugin switched off by its ``enabled`` option (Material's search, when gongkai's runs)."""
    options = getattr(plugin, "config", None)
    try:
        return options is not None and options.get("enabled", True) is False
    except AttributeError:
        return False


@dataclass
class SliceResult:
    """What one worker hands back: what it logged, the QR codes it needs, or why it failed."""

    written: int = 0
    forked: bool = False  # rendered in a worker process: its log and QR codes are handed back
    records: list[tuple[str, int, str]] = field(default_factory=list)
    qr_urls: dict[str, str] = field(default_factory=dict)  # kiosk QR code file → URL
    error: str = ""


@dataclass
class _Shell:
    """The rendered template of one kind of entry page, split at the entry's own parts."""

    parts: list[str]  # even indexes: fixed text; odd: a block name or _TITLE
    blocks: dict[str, list[Callable[..., Iterator[str]]]]
    root_vars: dict[str, Any]


class EntryRenderer:
    """Converts, renders and writes the entry pages of one build."""

    def __init__(self, *, config: MkDocsConfig, env: Environment, nav: Navigation, files: Files,
                 doc_files: Sequence[File], pages: list[EntryPage], dynamic_blocks: Sequence[str],
                 after_page: Callable[[str, Page], str], kiosk_urls: Callable[[], dict[str, str]] | None,
                 ) -> None:
        self.config = config
        self.env = env
        self.nav = nav
        self.files = files  # every file, entries included: links between entries resolve
        self.doc_files = doc_files
        self.pages = pages
        self.dynamic_blocks = tuple(dynamic_blocks)
        self.after_page = after_page
        self.kiosk_urls = kiosk_urls
        self.shells: dict[tuple[str, str, str], _Shell] = {}
        self.fast = True
        self.fallback_reason = ""
        self._markdown: markdown_lib.Markdown | None = None
        self._base_contexts: dict[str, dict[str, Any]] = {}

    # -- one page --------------------------------------------------------------------------

    def convert(self, page: Page) -> None:
        """The Markdown of ``page`` to HTML, as ``Page.render`` does, with a reused parser."""
        md = self._markdown
        if md is None:
            # The parser search takes its text from too (core/bodytext.py): one rendering.
            md = self._markdown = markdown_parser(self.config.markdown_extensions,
                                                  self.config.mdx_configs or {})
            use_quick_inline(md)  # plain text skips the inline patterns (same HTML)
        md.reset()
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(page.file, self.files, self.config)
        anchors._register(md)
        relative = _RelativePathTreeprocessor(page.file, self.files, self.config)
        relative._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown or "")
        # as MkDocs' page loop does after Page.render: gongkai sanitizes the HTML there
        page.content = self.config.plugins.on_page_content(page.content, page=page,
                                                           config=self.config, files=self.files)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids

    def context(self, page: Page) -> dict[str, Any]:
        context = get_context(self.nav, self.doc_files, self.config, page)
        context = self.config.plugins.on_page_context(context, page=page, config=self.config,
                                                      nav=self.nav)
        return dict(context)

    def shared_context(self, page: Page) -> dict[str, Any]:
        """:meth:`context`, with MkDocs' part (relative URLs of scripts and stylesheets, …) made
        once per folder: it depends on the page only through its folder, as the shell does."""
        folder = page.url.rsplit("/", 2)[0]
        base = self._base_contexts.get(folder)
        if base is None:
            base = self._base_contexts[folder] = dict(
                get_context(self.nav, self.doc_files, self.config, page))
        context = TemplateContext(**{**base, "page": page})  # type: ignore[typeddict-item]
        context = self.config.plugins.on_page_context(context, page=page, config=self.config,
                                                      nav=self.nav)
        return dict(context)

    def template(self, page: Page) -> Template:
        return self.env.get_template(page.meta.get("template", "main.html"))

    def render_full(self, page: Page) -> str:
        """The page as MkDocs renders it: the whole template."""
        return self.template(page).render(self.context(page))

    def render_fast(self, page: Page) -> str:
        """The page from its shell: only the entry's own blocks are rendered."""
        template = self.template(page)
        context = self.shared_context(page)
        shell = self._shell(template, page, context)
        ctx = template.new_context({**shell.root_vars, **context})
        ctx.blocks = shell.blocks  # read only while rendering
        out: list[str] = []
        title = page.meta.get("title")
        title_html = str(title) if isinstance(title, Markup) else str(escape(str(title or "")))
        for number, part in enumerate(shell.parts):
            if number % 2 == 0:
                out.append(part)
            elif part == _TITLE:
                out.append(title_html)
            else:
                out.append("".join(shell.blocks[part][0](ctx)))
        return "".join(out)

    def _shell(self, template: Template, page: Page, context: dict[str, Any]) -> _Shell:
        skip = next(iter(page.toc), None) if page.toc else None
        key = (template.name or "", page.url.rsplit("/", 2)[0], skip.url if skip else "")
        shell = self.shells.get(key)
        if shell is None:
            shell = self.shells[key] = self._make_shell(template, page, context)
        return shell

    def _make_shell(self, template: Template, page: Page, context: dict[str, Any]) -> _Shell:
        # One render with a marker in front of each dynamic block's chain (the template's own
        # block, then its parents', added by ``extends`` as the render goes) gives the text around
        # the blocks, the block functions of the whole template chain and the variables the
        # templates set at their top level (features, palette, the language import …).
        marked = template.new_context(dict(context))
        for name in self.dynamic_blocks:
            marked.blocks[name] = [_marker(name), *marked.blocks.get(name, [])]
        saved = page.meta.get("title")
        page.meta["title"] = Markup(f"{_MARK}{_TITLE}{_MARK}")
        try:
            # Jinja's own entry point of a template's body (Template.render calls it): render()
            # takes variables only, and the shell needs a context whose blocks are replaced.
            text = "".join(template.root_render_func(marked))
        finally:
            page.meta["title"] = saved
        blocks = {name: list(chain[1:] if name in self.dynamic_blocks else chain)
                  for name, chain in marked.blocks.items()}
        root_vars = {k: v for k, v in marked.vars.items() if k not in context}
        # Every marker is wrapped in a pair of _MARK: odd pieces are markers, even ones text.
        return _Shell(text.split(_MARK), blocks, root_vars)

    def write(self, page: Page, output: str) -> None:
        output = self.after_page(output, page)
        utils.write_file(output.encode("utf-8", errors="xmlcharrefreplace"),
                         page.file.abs_dest_path)

    # -- all pages -------------------------------------------------------------------------

    def verify(self) -> None:
        """Render a few entries both ways; any difference means every entry is rendered in full."""
        if len(self.pages) <= SAMPLES:  # a preview rebuild: rendering these in full is cheaper
            self.fast = False
            return
        step = max(1, len(self.pages) // SAMPLES)
        samples = self.pages[::step][:SAMPLES] + [self.pages[-1]]
        first_of_template: dict[str, EntryPage] = {}
        for page in self.pages:  # and the first page of every template (listings, …)
            first_of_template.setdefault(page.meta.get("template", "main.html"), page)
        samples += [p for p in first_of_template.values() if p not in samples]
        for page in samples:
            with _silenced():  # what these pages log is logged when they are written
                self.convert(page)
                fast, full = self.render_fast(page), self.render_full(page)
            if fast != full:
                self.fast = False
                self.fallback_reason = (
                    f"{page.file.src_uri}: the theme's templates print this page outside the blocks "
                    f"{', '.join(self.dynamic_blocks)} — every entry page is rendered in full")
                return

    def render_slice(self, slot: int, slots: int, forked: bool = False) -> SliceResult:
        """Convert, render and write every ``slots``-th entry page starting at ``slot``."""
        result = SliceResult(forked=forked)
        capture = _Capture(result.records)
        logger = logging.getLogger(ENGINE_LOGGER)
        if forked:  # the parent logs it again, where --strict counts warnings
            logger.handlers, saved_handlers = [capture], logger.handlers
        page: Page | None = None
        try:
            for page in self.pages[slot::slots]:
                # as MkDocs' _build_page does: the '!relative' tag of Markdown extension options
                # reads the page being rendered from this private attribute
                self.config._current_page = page
                page.active = True
                self.convert(page)
                output = self.render_fast(page) if self.fast else self.render_full(page)
                self.write(page, output)
                page.active = False
                result.written += 1
        except Exception as error:  # reported by the parent, which stops the build
            where = page.file.src_uri if page is not None else "?"
            result.error = (f"Error building page '{where}': {error}\n"
                            + "".join(traceback.format_exception(error)[-6:]))
        finally:
            self.config._current_page = None
            if forked:
                logger.handlers = saved_handlers
        if forked and self.kiosk_urls is not None:
            result.qr_urls = dict(self.kiosk_urls())
        return result

    def run(self, workers: int) -> list[SliceResult]:
        """Render every entry page, in ``workers`` processes (0: as :func:`worker_count` decides)."""
        workers = worker_count(len(self.pages), workers or None)
        if workers <= 1:
            return [self.render_slice(0, 1)]
        global _JOB
        _JOB = self
        try:
            with fork_pool(workers) as pool:
                return pool.map(_work, [(slot, workers) for slot in range(workers)], chunksize=1)
        finally:
            _JOB = None


_JOB: EntryRenderer | None = None


def _work(task: tuple[int, int]) -> SliceResult:
    assert _JOB is not None
    return _JOB.render_slice(*task, forked=True)


def _marker(name: str) -> Callable[..., Iterator[str]]:
    def block(context: object) -> Iterator[str]:
        yield f"{_MARK}{name}{_MARK}"
    return block


@contextlib.contextmanager
def _silenced() -> Iterator[None]:
    """Nothing reaches MkDocs' log handlers (the console, --strict's counter) inside."""
    handlers = logging.getLogger(ENGINE_LOGGER).handlers
    drop = logging.Filter("\x00")  # matches no logger name: drops every record
    for handler in handlers:
        handler.addFilter(drop)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(drop)


class _Capture(logging.Handler):
    """Keeps what a worker logs, to be logged again by the parent process."""

    def __init__(self, records: list[tuple[str, int, str]]) -> None:
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))
