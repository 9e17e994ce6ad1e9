"""The plan of a build, in one call: what an engine renders and writes, and what is wrong.

An engine adapter (``gongkai.mkdocs``) and ``gongkai check`` use the same two steps:

1. :func:`build_options` turns the plugin's options — plain data as ``mkdocs.yml`` gives them —
   and the facts of the site's configuration (:class:`SiteConfig`) into :class:`BuildOptions`
   (:class:`~.settings.Settings`, inspection rules, navigation labels), or raises
   :class:`OptionsError` with the configuration problems.
2. :func:`plan_build` reads and validates the content folder and returns a :class:`BuildPlan`:
   the model, its index, every page and data file to publish, the navigation, the publish
   policy and every problem, in the order the build reports them.

The engine then carries the plan out: it routes files by :attr:`BuildPlan.policy`, renders the
pages through its templates and writes the data files.  Two pages are late, because they wait on
work done beside the engine: the search page (its context comes with the search index,
:func:`~.search.search_page` of the finished index is a new spec at the same path) and the charts
(:attr:`~.pages.FileSpec.draw`; :func:`~.pages.drawn` gives the new spec with the SVG).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .budgetchecks import publication_problems
from .budgets import budget_outputs
from .calendar import WorkCalendar
from .check import InspectionOptions, source_link_problems
from .exports import export_files
from .history import Change, change_record, entry_history
from .inspection import inspection_problems
from .load import read_site
from .metadata import content_date, source_date_epoch_day
from .model import CatalogueEntry, Site
from .pages import FileSpec, PageSpec
from .problems import Problem
from .publish import PublishPolicy
from .regulations import validity_problems
from .report import compile_report, report_pages, report_years, time_limit_problems
from .report.pages import report_problems
from .samplesite import SiteSetting, line_of_setting, sample_value_problems
from .sanitize import may_hold_html, removal_problems, sanitize_html
from .search import SearchIndex, search_page
from .search.expand import abbreviation_groups
from .settings import Settings, option_problems, resolve_categories, resolve_report_years
from .views import (
    SiteIndex,
    build_index,
    category_url,
    entry_context,
    home_context,
    section_pages,
)

DEFAULT_NAV_LABELS = {
    "home": "首页",
    "guide": "政府信息公开指南",
    "rules": "政府信息公开制度",
    "statutory": "法定主动公开内容",
    "agency": "机构职能",
    "regulations": "法规文件",
    "budgets": "财政预决算",
    "catalogue": "政府信息公开目录",
    "reports": "政府信息公开年报",
    "apply": "依申请公开",
}
# Output folders written by gongkai as a whole: no content file may put anything there.
GENERATED_FOLDERS = ("search/", "assets/gongkai/")
# The configuration values that must not stay the sample agency's (see samplesite.py).
SITE_VALUE_KEYS = ("site_name", "site_description", "copyright", "site_url")
FOOTER_KEYS = ("site_id", "icp", "psb", "organizer")
DEFAULT_TEXT_CACHE = ".cache/gongkai/text"  # relative to the configuration file


class OptionsError(ValueError):
    """The plugin's options cannot make a build: one line per problem, ``mkdocs.yml: …``."""


@dataclass(frozen=True)
class SiteConfig:
    """What the plan needs of the engine's own configuration (``mkdocs.yml`` outside the plugin)."""

    config_file: Path  # the configuration file: relative paths start next to it
    docs_dir: Path
    site_dir: Path
    site_url: str = ""
    # site_name, site_description, copyright: checked for the sample agency's values
    values: Mapping[str, str | None] = field(default_factory=dict)
    # The Markdown extensions (and their options) pages are rendered with: search reads the text
    # of the same rendering (gongkai.core.bodytext).
    markdown_extensions: tuple[Any, ...] = ("toc", "tables", "fenced_code")
    markdown_configs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildOptions:
    """The plugin's options resolved: settings of the core and what the plan itself reads."""

    settings: Settings
    inspections: InspectionOptions
    nav_labels: Mapping[str, str]


def build_options(options: Mapping[str, Any], site: SiteConfig,
                  environ: Mapping[str, str] = os.environ) -> BuildOptions:
    """The plugin's ``options`` (plain data: the option names of ``plugins.gongkai``, ``footer``
    as a mapping) resolved against ``site``; raises :class:`OptionsError` with what is wrong."""
    categories, problems = resolve_categories(options.get("categories"))
    # SOURCE_DATE_EPOCH (reproducible builds) stands for the build date when it is set.
    today = source_date_epoch_day(environ) or dt.date.today()
    if options.get("today"):
        try:
            today = dt.date.fromisoformat(options["today"])
        except ValueError:
            raise OptionsError(f"mkdocs.yml: plugins.gongkai.today: '{options['today']}' is not a "
                               "date — write YYYY-MM-DD") from None
    problems += option_problems(options, today, dt.date.today())
    deadline = options.get("report_deadline", "01-31")
    try:
        month, day = (int(part) for part in deadline.split("-"))
        dt.date(2001, month, day)
    except ValueError:
        raise OptionsError(f"mkdocs.yml: plugins.gongkai.report_deadline: '{deadline}' is not a "
                           "month-day — write MM-DD, e.g. 01-31") from None
    years, year_problems = resolve_report_years(options.get("report_years"), today)
    problems += year_problems
    problems += abbreviation_groups(options.get("search_abbreviations"))[1]
    if problems:
        raise OptionsError("\n".join(problems))
    site_url = site.site_url
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    settings = Settings(
        categories=categories,
        index_no_pattern=options.get("index_no_pattern", Settings.index_no_pattern),
        summary_max_length=options.get("summary_max_length", Settings.summary_max_length),
        page_size=options.get("page_size", Settings.page_size),
        feed_size=options.get("feed_size", Settings.feed_size),
        latest_size=options.get("latest_size", Settings.latest_size),
        report_deadline=(month, day),
        regulation_validity_years=options.get("regulation_validity_years",
                                              Settings.regulation_validity_years),
        today=today,
        site_url=site_url,
        text_cache=_text_cache(options.get("text_cache", DEFAULT_TEXT_CACHE), site),
        report_years=years,
        search_abbreviations=options.get("search_abbreviations"),
        markdown_extensions=site.markdown_extensions,
        markdown_configs=dict(site.markdown_configs),
    )
    footer = dict(options.get("footer") or {})
    inspections = InspectionOptions(
        dict(options.get("freshness") or {}),
        "info" if options.get("inspections") == "info" else "warning",
        str(footer.get("site_id") or ""), bool(options.get("link_check", True)),
        _site_settings(site, footer), site.config_file.name)
    labels = {**DEFAULT_NAV_LABELS,
              **{str(k): str(v) for k, v in (options.get("nav_labels") or {}).items()}}
    return BuildOptions(settings, inspections, labels)


def _text_cache(option: str, site: SiteConfig) -> Path | None:
    """The attachment-text cache folder; never inside docs_dir or site_dir (it would be
    published, or emptied by every build)."""
    if not option:
        return None
    folder = (site.config_file.resolve().parent / option).resolve()
    for name, inside in (("docs_dir", site.docs_dir), ("site_dir", site.site_dir)):
        if folder.is_relative_to(Path(inside).resolve()):
            raise OptionsError(f"mkdocs.yml: plugins.gongkai.text_cache: '{option}' is inside "
                               f"{name} — choose a folder outside it, e.g. '.cache/gongkai/text'")
    return folder


def _site_settings(site: SiteConfig, footer: Mapping[str, Any]) -> tuple[SiteSetting, ...]:
    """The configuration values that must not stay the sample agency's, with their lines."""
    try:
        text = site.config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    values = {**{key: site.values.get(key) for key in SITE_VALUE_KEYS if key != "site_url"},
              "site_url": site.site_url,
              **{f"plugins.gongkai.footer.{key}": footer.get(key) for key in FOOTER_KEYS}}
    return tuple(SiteSetting(key, str(value), line_of_setting(text, key, str(value)))
                 for key, value in values.items() if value)


@dataclass(frozen=True)
class BuildPlan:
    """Everything a build publishes, and every problem, for one content folder.

    ``site`` is None when the content has errors (``problems`` says which); nothing else is
    planned then.  Titles are text everywhere: an engine whose theme prints them unescaped
    escapes them once, where it hands them over.
    """

    options: BuildOptions
    problems: tuple[Problem, ...]
    site: Site | None = None
    index: SiteIndex | None = None
    # Generated pages: sections, reports, budgets, then the search page (late: see module doc).
    pages: tuple[PageSpec, ...] = ()
    # catalogue.json, feed.xml… (reused by a preview while the entries stay the same)
    exports: tuple[FileSpec, ...] = ()
    # Report and budget data files and charts; a chart's content may be left to draw.
    files: tuple[FileSpec, ...] = ()
    # The navigation when the site configures none: [{title: page path or [children]}, …].
    navigation: tuple[dict[str, Any], ...] = ()
    policy: PublishPolicy | None = None
    # Commits of each entry's file (修改记录); None: no git history to read.
    history: dict[str, list[Change]] | None = None
    # The newest date the content carries: pages without their own date are dated by it.
    content_day: dt.date | None = None
    # Pages of content/ rendered with a gongkai template: source path → (template, context);
    # the home page (index.md, generated when content/ has none) and the guide.
    content_pages: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)

    @property
    def settings(self) -> Settings:
        """The core's settings of this build."""
        return self.options.settings

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the build."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def data_files(self) -> list[FileSpec]:
        """Every data file of the plan, exports first."""
        return [*self.exports, *self.files]

    def entry_context(self, entry: CatalogueEntry, changes: list[Change] | None) -> dict[str, Any]:
        """An entry page's context, with its 修改记录 (``changes``: its file's commits)."""
        assert self.index is not None
        context = entry_context(entry, self.index, self.settings)
        context["history"] = change_record(entry.published, changes)
        return context

    def generated_paths(self, assets: Sequence[str]) -> dict[str, str]:
        """Every output path the plan writes (with ``assets``, the adapter's scripts and
        stylesheets), saying what is written there: no content file may take one."""
        generated = {spec.url_path + "index.html": f"'{spec.title}'" for spec in self.pages}
        generated.update({spec.path: "a data file" for spec in self.data_files})
        generated.update({path: "a script or stylesheet" for path in assets})
        generated["index.html"] = "the home page"
        return generated


def plan_build(options: BuildOptions, docs_dir: str | Path, *,
               markdown: Callable[[str], str] | None = None, own_host: str = "",
               quick_sanitize: bool = False, check_only: bool = False,
               on_valid: Callable[[Site], None] | None = None,
               previous_exports: tuple[Sequence[str], Sequence[FileSpec]] | None = None,
               ) -> BuildPlan:
    """Read and validate ``docs_dir`` and plan every page and file of the site.

    ``markdown`` converts budget notes and report narratives as the engine will (what its
    sanitizing removes is reported at its line; ``quick_sanitize``: only the engine's built-in
    extensions, so text without markup needs no sanitizing; ``own_host``: images from it are
    the site's own).  ``check_only`` plans no output (``gongkai check``) and adds the link
    problems the sources decide.  ``on_valid`` is called with the model as soon as the content
    has no error, before the rest is planned: an engine starts slow work (the search index)
    beside it.  ``previous_exports`` are the data files of an earlier build and the entry URLs
    they list, reused while the entries stay the same (a preview's rebuild).
    """
    settings, inspections = options.settings, options.inspections
    site, read = read_site(docs_dir, settings)
    problems = list(read.items)
    if read.errors:
        return BuildPlan(options, tuple(problems))
    if on_valid is not None:
        on_valid(site)
    if check_only:
        reports = [compile_report(site, year, settings) for year in report_years(site, settings)]
        problems += report_problems(site, reports, settings)
        problems += _findings(site, settings, inspections, publication_problems(site.budgets))
        problems += source_link_problems(Path(docs_dir), site,
                                         "error" if inspections.link_check else "warning")
        return BuildPlan(options, tuple(problems), site)
    report_specs, report_files, report_found = report_pages(site, settings, draw_charts=False)
    budget_specs, budget_files, budget_found = budget_outputs(site, draw_charts=False)
    problems += report_found + _findings(site, settings, inspections, budget_found)
    if any(p.severity == "error" for p in problems):
        return BuildPlan(options, tuple(problems), site)
    if markdown is not None:
        problems += _markup_problems(site, Path(docs_dir), markdown, own_host, quick_sanitize)
    index = build_index(site)
    urls = [e.slug for e in site.entries]
    if previous_exports is not None and list(previous_exports[0]) == urls:
        exports = list(previous_exports[1])
    else:
        exports = export_files(site, settings)
    pages = section_pages(site, index, settings) + report_specs + budget_specs
    pages.append(search_page(SearchIndex()))
    content_pages = {"index.md": ("gongkai/home.html", home_context(site, index, settings))}
    if site.guide is not None:
        content_pages[site.guide.source] = ("gongkai/guide.html",
                                            {"kind": "guide", "agency": site.agency})
    return BuildPlan(
        options, tuple(problems), site, index, tuple(pages), tuple(exports),
        tuple(report_files + budget_files), navigation(site, settings, options.nav_labels),
        PublishPolicy(docs_dir, site), entry_history(Path(docs_dir), [e.source for e in site.entries]),
        content_date(site), content_pages)


def _findings(site: Site, settings: Settings, inspections: InspectionOptions,
              publication: list[Problem]) -> list[Problem]:
    """What the build reports about a valid site besides the report arithmetic, in build order
    (``publication``: the 预决算 publication problems, computed with the budget pages)."""
    return (time_limit_problems(site, WorkCalendar(site.calendar))
            + validity_problems(site, settings)
            + publication
            + inspection_problems(site, settings, inspections.freshness, inspections.severity,
                                  inspections.site_id)
            + sample_value_problems(site.agency.name, inspections.site_settings,
                                    inspections.config_file))


def _markup_problems(site: Site, docs_dir: Path, markdown: Callable[[str], str], own_host: str,
                     quick: bool) -> list[Problem]:
    """What the sanitizer will remove from budget notes and report narratives, at its line."""
    texts = [(b.source, "notes", b.notes) for b in site.budgets]
    texts += [(n.source, "全文", part) for n in site.narratives.values()
              for part in (n.overview, n.problems, n.other)]
    problems: list[Problem] = []
    for source, name, text in texts:
        if not text or (quick and not may_hold_html(text)):
            continue
        removals = sanitize_html(markdown(text), own_host)[1]
        if removals:
            path = docs_dir / source
            raw = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
            problems += removal_problems(source, raw, removals, name)
    return problems


def navigation(site: Site, settings: Settings, labels: Mapping[str, str]) -> tuple[dict[str, Any], ...]:
    """The site's navigation (titles as text): home, guide, rules, the statutory sections with
    every category's listing, reports, applications."""
    rules = settings.category("政府信息公开制度")
    catalogue: list[dict[str, Any]] = [{labels["catalogue"]: "catalogue/index.md"}]
    catalogue += [{c.name: f"{category_url(c)}index.md"} for c in settings.categories
                  if c is not rules]
    nav: list[dict[str, Any]] = [{labels["home"]: "index.md"}]
    if site.guide is not None:
        nav.append({labels["guide"]: site.guide.source})
    if rules is not None:
        nav.append({labels["rules"]: f"{category_url(rules)}index.md"})
    nav.append({labels["statutory"]: [
        {labels["agency"]: "agency/index.md"},
        {labels["regulations"]: "regulations/index.md"},
        {labels["budgets"]: "budgets/index.md"},
        {labels["catalogue"]: catalogue},
    ]})
    nav.append({labels["reports"]: "reports/index.md"})
    nav.append({labels["apply"]: "apply/index.md"})
    return tuple(nav)
