"""Link check of a built site: every internal link, asset, anchor, attachment and export resolves.

Runs on the finished ``site/`` folder, so it sees exactly what a visitor's browser will request,
whatever engine wrote it.  Each HTML page is read once and scanned in one pass with regular
expressions (no DOM) for its links and its ids together; every distinct link is judged once per
what its verdict depends on, so 10,000 pages cost a few seconds.  On a large site the files are
split over worker processes (forked, as many as :func:`gongkai.core.parallel.worker_count`
decides; sequential where ``fork`` is not available or other threads run); the report is the
same as a sequential run's, in the same order.

What is checked:

* in HTML pages, ``href``, ``src`` and ``srcset`` attributes (every URL of a srcset), and
  ``url(…)`` in inline ``style`` attributes and in ``<style>`` blocks.  Attribute names are
  recognised in any case, as browsers do (``href``, ``HREF``, ``Href``, even ``hRef``: the page is
  searched in a lower-case copy, which costs less than a case-insensitive pattern).  Values
  must be quoted, with ``"`` or ``'`` (an unquoted ``href=x`` is not checked); entities are
  unescaped.  Text of scripts and comments is not HTML, so links in it are not checked (the
  opening ``<script src>`` tag is);
* ``url(…)`` in the site's own ``.css`` files, relative to the CSS file;
* absolute URLs of the site itself in feeds, sitemaps and exports (``.xml``, ``.json``,
  ``.csv``, ``.txt``) when ``site_url`` is known.

A ``#fragment`` must name an ``id`` (or ``<a name>``) of the page it points into, outside
scripts and comments.  A page's ids are found in the same pass as its links, and a page's own
``#links`` are judged against them at once; ids of other pages are looked up only for links that
point into them, after every page has been scanned.

Links are resolved the way a browser resolves them on the deployed site: relative links against the
page's own URL, root-absolute links (``/assets/…``) and absolute links to the site's own host against
``site_url``'s path, so a site deployed under a sub-path (``https://example.gov.cn/xxgk/``) is
checked as deployed.  Links to other hosts are not fetched (the build makes no network request).

Also a command, for CI after the build or for a folder built elsewhere::

    python -m gongkai.core.linkcheck site [--site-url https://example.gov.cn/xxgk/]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .linkscan import css_urls, data_links, page_anchors, scan_html
from .linktargets import (
    ANYWHERE,
    HERE,
    ParsedLink,
    climb_count,
    link_target,
    parse_link,
    site_prefix,
)
from .parallel import fork_pool, worker_count

HTML_SUFFIXES = (".html", ".htm")
CSS_SUFFIX = ".css"

# Data files whose absolute URLs to the site itself are checked (feed, sitemap, exports).
DATA_SUFFIXES = (".xml", ".json", ".csv", ".txt")


@dataclass(frozen=True)
class BrokenLink:
    """One link of one file that does not resolve on the deployed site."""

    page: str  # the file holding the link, relative to the site folder (POSIX)
    attribute: str  # href, src, srcset, style (url() in it), or url (in CSS or a data file)
    link: str  # as written in the file
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.attribute}: '{self.link}' {self.reason}"


@dataclass
class LinkReport:
    """What the check looked at and what it found."""

    files: int = 0
    pages: int = 0
    links: int = 0
    targets: int = 0
    broken: list[BrokenLink] = field(default_factory=list)


def check_site(site_dir: Path, site_url: str = "", workers: int | None = None) -> LinkReport:
    """Check every internal link of the built site in ``site_dir`` deployed at ``site_url``.

    ``workers`` is the number of processes to scan with; by default
    :func:`~gongkai.core.parallel.worker_count`'s for the number of pages.
    """
    host, base = site_prefix(site_url)
    files = sorted(_walk(site_dir))
    pages: list[int] = []  # files by their number in ``files``
    others: list[int] = []  # CSS and data files
    for number, rel in enumerate(files):
        kind = _kind(rel, site_url)
        if kind == "html":
            pages.append(number)
        elif kind:
            others.append(number)
    job = _Job(os.fspath(site_dir), site_url, host, base, files, frozenset(files))
    count = worker_count(len(pages), workers)
    if count == 1:
        results = [_check_files(job, pages + others)]
    else:
        # The other files are quickly done: one task.  Pages in contiguous slices (links on
        # neighbouring pages are alike), a few per worker so that a slow one holds up no other.
        slices = count * 3
        tasks = [others] + [pages[len(pages) * n // slices:len(pages) * (n + 1) // slices]
                            for n in range(slices)]
        with fork_pool(count, _adopt, (job,)) as pool:
            results = pool.map(_check_adopted, tasks, chunksize=1)
    return _report(job, results)


@dataclass(frozen=True)
class _Job:
    """What every worker needs: inherited by forked workers, never pickled."""

    site_dir: str
    site_url: str
    host: str
    base: str
    files: list[str]  # every file of the site, sorted: a file is known by its number here
    existing: frozenset[str]


# A worker's finding: (file number, position of the link in the file, attribute, link, reason).
_Finding = tuple[int, int, str, str, str]

# A link into another page's #fragment, judged once all ids are known: (file number, position,
# attribute, link), by (page pointed into, fragment).
_Pending = dict[tuple[str, str], list[tuple[int, int, str, str]]]


@dataclass
class _Result:
    """What one slice of files gives back: small, whatever the number of links."""

    pages: int = 0
    links: int = 0
    targets: set[tuple[str, str]] = field(default_factory=set)
    broken: list[_Finding] = field(default_factory=list)
    pending: _Pending = field(default_factory=dict)
    ids: dict[str, tuple[bytes, ...]] = field(default_factory=dict)  # of pages that have ids


_adopted: list[_Job] = []  # in a worker process: the job it was forked with (see _adopt)


def _adopt(job: _Job) -> None:
    _adopted.append(job)


def _check_adopted(numbers: list[int]) -> _Result:
    return _check_files(_adopted[-1], numbers)


def _kind(rel: str, site_url: str) -> str:
    lower = rel.lower()
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    if lower.endswith(CSS_SUFFIX):
        return "css"
    if lower.endswith(DATA_SUFFIXES) and site_url:
        return "data"
    return ""


def _check_files(job: _Job, numbers: list[int]) -> _Result:
    """Scan the files of these numbers and judge their links as far as they can be judged."""
    result = _Result()
    seen: dict[str, tuple[ParsedLink, int]] = {}  # a link parsed, and how far it climbs
    # The verdict on a link, by link and by what it depends on of the page it is on: nothing
    # (absolute links), the page's depth (links that climb to the root, like navigation), or the
    # page's folder.  Navigation repeated on 10,000 pages is judged once.  A verdict is "" (fine),
    # a reason, or the (page, fragment) it waits for.
    verdicts: dict[tuple[str, str], str | tuple[str, str]] = {}
    for number in numbers:
        rel = job.files[number]
        kind = _kind(rel, job.site_url)
        path = os.path.join(job.site_dir, rel)
        ids: tuple[bytes, ...] = ()
        if kind == "html":
            result.pages += 1
            with open(path, "rb") as file:
                links, ids = scan_html(file.read())
            if ids:
                result.ids[rel] = ids
        elif kind == "css":
            with open(path, encoding="utf-8", errors="replace") as file:
                css = file.read()
            links = [("url", link) for link in css_urls(css)]
        else:
            links = data_links(path, job.site_url)
        page_dir = rel.rpartition("/")[0]
        depth = page_dir.count("/") + 1 if page_dir else 0
        to_root = f"#{depth}"
        result.links += len(links)
        for position, (attribute, link) in enumerate(links):
            known = seen.get(link)
            if known is None:
                parsed = parse_link(link, job.host, job.base)
                known = seen[link] = parsed, climb_count(parsed)
            climbs = known[1]
            # What of the page the verdict depends on (see above); inline, as it runs per link.
            context = ("" if climbs == ANYWHERE else rel if climbs == HERE
                       else to_root if climbs >= depth else page_dir)
            key = (link, context)
            verdict = verdicts.get(key)
            if verdict is None:
                verdict = verdicts[key] = _judge(job, known[0], page_dir, rel, ids, result.targets)
            if isinstance(verdict, tuple):
                result.pending.setdefault(verdict, []).append((number, position, attribute, link))
            elif verdict:
                result.broken.append((number, position, attribute, link, verdict))
    return result


def _judge(job: _Job, parsed: ParsedLink, page_dir: str, page: str, ids: tuple[bytes, ...],
           targets: set[tuple[str, str]]) -> str | tuple[str, str]:
    target = link_target(parsed, page_dir, page)
    if target is None:
        return ""
    path, fragment, problem = target
    targets.add((path, fragment))
    if problem:
        return problem
    if path not in job.existing:
        if f"{path}/index.html" not in job.existing:
            return f"does not exist in the built site (no file {path})"
        path = f"{path}/index.html"
    if not fragment or not path.lower().endswith(HTML_SUFFIXES):
        return ""
    if path != page:
        return path, fragment
    return "" if fragment in page_anchors(ids) else _missing_anchor(path, fragment)


def _missing_anchor(page: str, fragment: str) -> str:
    return f"names the anchor #{fragment}, which {page} does not have"


def _report(job: _Job, results: list[_Result]) -> LinkReport:
    """One report of the slices' results, links into other pages' fragments judged now."""
    report = LinkReport(files=len(job.files))
    targets: set[tuple[str, str]] = set()
    findings: list[_Finding] = []
    pending: _Pending = {}
    ids: dict[str, tuple[bytes, ...]] = {}
    for result in results:
        report.pages += result.pages
        report.links += result.links
        targets |= result.targets
        findings += result.broken
        for key, occurrences in result.pending.items():
            pending.setdefault(key, []).extend(occurrences)
        ids.update(result.ids)
    anchors: dict[str, frozenset[str]] = {}
    for (page, fragment), occurrences in pending.items():
        if page not in anchors:
            anchors[page] = page_anchors(ids.get(page, ()))
        if fragment not in anchors[page]:
            reason = _missing_anchor(page, fragment)
            findings += [(number, position, attribute, link, reason)
                         for number, position, attribute, link in occurrences]
    findings.sort(key=lambda finding: finding[:2])
    report.broken = [BrokenLink(job.files[number], attribute, link, reason)
                     for number, _position, attribute, link, reason in findings]
    report.targets = len(targets)
    return report


def _walk(site_dir: Path) -> Iterator[str]:
    """Every file below ``site_dir`` as a POSIX path relative to it (as os.walk: links to
    folders are not followed)."""
    folders = [("", os.fspath(site_dir))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.is_dir():
                    yield prefix + entry.name
                elif not entry.is_symlink():
                    folders.append((f"{prefix}{entry.name}/", entry.path))


def infer_site_url(site_dir: Path) -> str:
    """The site's URL as its ``sitemap.xml`` gives it (the common prefix of every ``<loc>``)."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return ""
    locs = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap.read_text(encoding="utf-8"))
    if not locs:
        return ""
    prefix = os.path.commonprefix(locs)
    return prefix[: prefix.rfind("/") + 1] if "/" in prefix else ""


def main(argv: list[str] | None = None) -> int:
    """Command line: check a built site folder; exit status 1 if a link is broken."""
    parser = argparse.ArgumentParser(prog="python -m gongkai.core.linkcheck",
                                     description="Check every internal link of a built site.")
    parser.add_argument("site_dir", nargs="?", default="site", help="the built site (default: site)")
    parser.add_argument("--site-url", default=None,
                        help="the URL the site is deployed at (default: read from sitemap.xml)")
    args = parser.parse_args(argv)
    site_dir = Path(args.site_dir)
    if not site_dir.is_dir():
        print(f"{site_dir}: no such folder — build the site first (mkdocs build)", file=sys.stderr)
        return 2
    site_url = args.site_url if args.site_url is not None else infer_site_url(site_dir)
    report = check_site(site_dir, site_url)
    for broken in report.broken:
        print(f"{site_dir.as_posix()}/{broken}", file=sys.stderr)
    print(f"link check: {report.pages} pages, {report.links} links to {report.targets} targets, "
          f"{len(report.broken)} broken (site URL {site_url or 'not known: root-relative links unchecked'})")
    return 1 if report.broken else 0


if __name__ == "__main__":
    sys.exit(main())
