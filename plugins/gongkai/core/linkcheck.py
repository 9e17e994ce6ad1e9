"""Link check of a built site: every internal link, asset, anchor, attachment and export resolves.

Runs on the finished ``site/`` folder, so it sees exactly what a visitor's browser will request,
whatever engine wrote it.  One pass over the files: each HTML page is read once and scanned with
regular expressions (no DOM), anchors are collected only for pages that a ``#fragment`` points
into, and every distinct link target is resolved once, so 10,000 pages cost seconds.

Links are resolved the way a browser resolves them on the deployed site: relative links against the
page's own URL, root-absolute links (``/assets/…``) and absolute links to the site's own host against
``site_url``'s path, so a site deployed under a sub-path (``https://example.gov.cn/xxgk/``) is
checked as deployed.  Links to other hosts are not fetched (the build makes no network request).

Also a command, for CI after the build or for a folder built elsewhere::

    python -m gongkai.core.linkcheck site [--site-url https://example.gov.cn/xxgk/]
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

HTML_SUFFIXES = (".html", ".htm")
# Data files whose absolute URLs to the site itself are checked (feed, sitemap, exports).
DATA_SUFFIXES = (".xml", ".json", ".csv", ".txt")
SKIPPED_SCHEMES = ("mailto", "tel", "javascript", "data", "sms", "about", "blob")

_LINK = re.compile(r"""(?<![\w-])(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_ID = re.compile(r"""(?<![\w-])(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
# Script text and comments may contain strings that look like attributes; they are not links
# (the opening tag stays, so that <script src> is checked).
_SCRIPT = re.compile(r"(<script\b[^>]*>).*?</script>|<!--.*?-->", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class BrokenLink:
    """One link of one file that does not resolve on the deployed site."""

    page: str  # the file holding the link, relative to the site folder (POSIX)
    attribute: str  # href, src or url (an absolute URL in a data file)
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


def site_prefix(site_url: str) -> tuple[str, str]:
    """The host and the URL path the site is deployed under: ``("example.gov.cn", "/xxgk/")``."""
    parts = urlsplit(site_url or "")
    path = parts.path or "/"
    if not path.endswith("/"):
        path += "/"
    return parts.netloc.lower(), path


def check_site(site_dir: Path, site_url: str = "") -> LinkReport:
    """Check every internal link of the built site in ``site_dir`` deployed at ``site_url``."""
    host, base = site_prefix(site_url)
    report = LinkReport()
    existing: set[str] = set()
    for path in _walk(site_dir):
        existing.add(path)
    report.files = len(existing)
    anchors: dict[str, frozenset[str]] = {}
    resolved: dict[tuple[str, str], str] = {}
    parsed: dict[str, _Parsed] = {}
    # The verdict on a link, by link and by what it depends on of the page it is on: nothing
    # (absolute links), the page's depth (links that climb to the root, like navigation), or the
    # page's folder.  Navigation repeated on 10,000 pages is judged once.
    verdicts: dict[tuple[str, str], str] = {}
    for rel in sorted(existing):
        lower = rel.lower()
        if lower.endswith(HTML_SUFFIXES):
            report.pages += 1
            text = (site_dir / rel).read_text(encoding="utf-8", errors="replace")
            anchors[rel] = _anchors(text)  # read once: its own #links and later ones need them
            links = _html_links(text)
        elif lower.endswith(DATA_SUFFIXES) and site_url:
            links = _data_links(site_dir / rel, site_url)
        else:
            continue
        page_dir = rel.rpartition("/")[0]
        depth = page_dir.count("/") + 1 if page_dir else 0
        for attribute, link in links:
            report.links += 1
            if link not in parsed:
                parsed[link] = _parse(link, host, base)
            context = _context(parsed[link], depth, page_dir, rel)
            verdict = verdicts.get((link, context))
            if verdict is None:
                target = _target(parsed[link], page_dir, rel)
                if target is None:
                    verdict = ""
                else:
                    key = (target[0], target[1])
                    if key not in resolved:
                        resolved[key] = _resolve(site_dir, existing, anchors, *key)
                    verdict = resolved[key] or target[2]
                verdicts[(link, context)] = verdict
            if verdict:
                report.broken.append(BrokenLink(rel, attribute, link, verdict))
    report.targets = len(resolved)
    return report


def _walk(site_dir: Path) -> Iterator[str]:
    for folder, _dirs, names in os.walk(site_dir):
        rel_folder = os.path.relpath(folder, site_dir)
        for name in names:
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            yield rel.replace(os.sep, "/")


def _anchors(text: str) -> frozenset[str]:
    ids = (m.group(1) if m.group(1) is not None else m.group(2) for m in _ID.finditer(text))
    return frozenset(html.unescape(value) if "&" in value else value for value in ids)


def _html_links(text: str) -> list[tuple[str, str]]:
    text = _SCRIPT.sub(lambda m: m.group(1) or "", text)
    links = []
    for match in _LINK.finditer(text):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        links.append((match.group(1).lower(), html.unescape(value) if "&" in value else value))
    return links


def _data_links(path: Path, site_url: str) -> list[tuple[str, str]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    pattern = re.compile(re.escape(site_url.rstrip("/")) + r"""[^\s"'<>,)]*""")
    return [("url", html.unescape(m.group(0))) for m in pattern.finditer(text)]


def _context(parsed: _Parsed, depth: int, page_dir: str, page: str) -> str:
    """What of the page a link's verdict depends on (see ``verdicts`` in :func:`check_site`)."""
    if not isinstance(parsed, tuple) or parsed[0]:
        return ""
    path = parsed[1]
    if not path:
        return page  # "#anchor": this very page
    climbs = 0
    while path.startswith("../", climbs * 3):
        climbs += 1
    return f"#{depth}" if climbs >= depth else page_dir


# A link parsed once, whatever page it is on: None (not checked), a problem, or
# (root-relative?, path, fragment).
_Parsed = tuple[bool, str, str] | str | None


def _parse(link: str, host: str, base: str) -> _Parsed:
    link = link.strip()
    if not link:
        return None
    parts = urlsplit(link)
    scheme = parts.scheme.lower()
    if scheme in SKIPPED_SCHEMES or (scheme and scheme not in ("http", "https")):
        return None
    fragment = unquote(parts.fragment)
    if scheme or link.startswith("//"):
        if not host or parts.netloc.lower() != host:
            return None  # another host: not fetched by the build
        path = parts.path or "/"
    else:
        path = parts.path
    path = unquote(path)
    if path.startswith("/"):
        if not (path + "/").startswith(base):
            return (f"points outside the site's path {base} — the site is deployed under "
                    f"{base}; use a relative link")
        return True, path[len(base):], fragment
    return False, path, fragment


def _target(parsed: _Parsed, page_dir: str, page: str) -> tuple[str, str, str] | None:
    """(file path below the site root, fragment, problem) of an internal link; None if external."""
    if parsed is None:
        return None
    if isinstance(parsed, str):
        return "", "", parsed
    rooted, path, fragment = parsed
    if not path and not rooted:
        return page, fragment, ""  # "#anchor" on the same page
    segments = [] if rooted or not page_dir else page_dir.split("/")
    pieces = path.split("/")
    for piece in pieces:
        if piece == "..":
            if not segments:
                return "", "", "goes above the site root"
            segments.pop()
        elif piece and piece != ".":
            segments.append(piece)
    if pieces[-1] in ("", ".", ".."):
        segments.append("index.html")  # a folder: its index page
    return "/".join(segments), fragment, ""


def _resolve(site_dir: Path, existing: set[str], anchors: dict[str, frozenset[str]],
             target: str, fragment: str) -> str:
    """Empty if ``target#fragment`` exists, else why not."""
    if not target:
        return ""  # the reason was found while parsing the link
    if target not in existing:
        if f"{target}/index.html" in existing:
            target = f"{target}/index.html"
        else:
            return f"does not exist in the built site (no file {target})"
    if fragment and target.lower().endswith(HTML_SUFFIXES):
        if target not in anchors:
            anchors[target] = _anchors((site_dir / target).read_text(encoding="utf-8",
                                                                     errors="replace"))
        if fragment not in anchors[target]:
            return f"names the anchor #{fragment}, which {target} does not have"
    return ""


def line_of_link(source_text: str, link: str) -> int:
    """The line of a page's source that writes ``link`` (1-based), or 0 if it is not written there
    (a link the template made, or one the Markdown spelled differently)."""
    for number, line in enumerate(source_text.splitlines(), start=1):
        if link in line:
            return number
    return 0


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
