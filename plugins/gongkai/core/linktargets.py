"""Where a link of a built site points: resolved as a browser resolves it on the deployed site.

Relative links against the page's own URL, root-absolute links and absolute links to the site's
own host against ``site_url``'s path; links to other hosts and other schemes are not checked.
Each distinct link is parsed once, whatever page it is on (:func:`parse_link`), and resolved
against a page's folder (:func:`link_target`).
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

SKIPPED_SCHEMES = ("mailto", "tel", "javascript", "data", "sms", "about", "blob")


def site_prefix(site_url: str) -> tuple[str, str]:
    """The host and the URL path the site is deployed under: ``("example.gov.cn", "/xxgk/")``."""
    parts = urlsplit(site_url or "")
    path = parts.path or "/"
    if not path.endswith("/"):
        path += "/"
    return parts.netloc.lower(), path


# How far a link climbs (the number of leading ../), or where its verdict holds: on any page
# (absolute links, links not checked), or on this page only (#fragment).
ANYWHERE = -1
HERE = -2


def climb_count(parsed: ParsedLink) -> int:
    if not isinstance(parsed, tuple) or parsed[0]:
        return ANYWHERE
    path = parsed[1]
    if not path:
        return HERE
    climbs = 0
    while path.startswith("../", climbs * 3):
        climbs += 1
    return climbs


# A link parsed once, whatever page it is on: None (not checked), a problem, or
# (root-relative?, path, fragment).
ParsedLink = tuple[bool, str, str] | str | None


def parse_link(link: str, host: str, base: str) -> ParsedLink:
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


def link_target(parsed: ParsedLink, page_dir: str, page: str) -> tuple[str, str, str] | None:
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
