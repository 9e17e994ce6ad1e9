"""YAML reading that remembers where every value came from.

Content errors must name file *and line*, which ``yaml.safe_load`` cannot give.  We compose the node
tree and build plain Python values ourselves, recording the line of every mapping value under a
dotted path (``review.result``, ``attachments.0.path``).  Dates stay strings here so that a bad
date (``2024-13-01``) becomes a content problem with a line number instead of a PyYAML exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problems


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps: dates are validated by :mod:`gongkai.core.load`."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}

# libyaml's parser composes the node tree about ten times faster than the pure-Python one; with
# tens of thousands of entries it is the largest cost of reading the content.  Same resolver (no
# timestamps), same node marks; the pure-Python loader stays the fallback and words the messages.
_STR_TAG = "tag:yaml.org,2002:str"
# The implicit resolvers that apply to a scalar, by its first character ("" for the empty scalar).
_IMPLICIT = _PlainLoader.yaml_implicit_resolvers
_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: list(resolvers) + list(_IMPLICIT.get(None, []))
    for first, resolvers in _IMPLICIT.items() if first is not None
}
_WILDCARD: list[tuple[str, re.Pattern[str]]] = list(_IMPLICIT.get(None, []))

# The tag of each plain scalar resolved so far (a tag depends on the value only), bounded.
_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_TAGS_LIMIT = 50_000

_FastLoader: type[Any] = _PlainLoader
if getattr(yaml, "__with_libyaml__", False):
    class _CPlainLoader(yaml.CSafeLoader):
        """libyaml's SafeLoader with the resolvers of :class:`_PlainLoader`."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            """The tag of a node, as :meth:`yaml.resolver.BaseResolver.resolve` gives it.

            libyaml calls this once per scalar; the base method's general path (path resolvers,
            which no loader here has) made it a tenth of the time spent reading entries.
            """
            if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
                return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            if implicit[0]:
                # Keys and many values (categories, dates, 通过) recur in every entry.
                tag = _PLAIN_TAGS.get(value)
                if tag is not None:
                    return tag
                tag = self.DEFAULT_SCALAR_TAG
                for candidate, regexp in _BY_FIRST.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        tag = candidate
                        break
                if len(_PLAIN_TAGS) < _PLAIN_TAGS_LIMIT:
                    _PLAIN_TAGS[value] = tag
                return tag
            return self.DEFAULT_SCALAR_TAG

    _CPlainLoader.yaml_implicit_resolvers = _PlainLoader.yaml_implicit_resolvers
    _FastLoader = _CPlainLoader

# Constructors of the plain scalar types; they keep no state, so one instance serves every file.
_SCALAR_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_PLAIN_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float"))
# A key followed by a full-width colon, as typed with a Chinese input method (``标题：…``).
_FULLWIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:：#\-\"'][^:：\s]{0,30})\s*：")
_BLOCK_SCALAR_START = re.compile(r":\s*[|>][+-]?\d?\s*(#.*)?$")


@dataclass
class YamlDocument:
    """A parsed YAML document and the 1-based line of each value, by dotted path."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    first_line: int = 1

    def line(self, path: str) -> int:
        """The line of ``path``, or of its nearest recorded parent, or the document start."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return self.first_line


def _check_fullwidth_colons(text: str, source: str, line_offset: int, problems: Problems) -> bool:
    """Report ``key：value`` lines; True when any was found (the YAML is then not trusted)."""
    if "：" not in text:
        return False
    found = False
    block_indent: int | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        indent = len(raw) - len(raw.lstrip())
        if block_indent is not None:
            if not raw.strip() or indent > block_indent:
                continue
            block_indent = None
        if _BLOCK_SCALAR_START.search(raw):
            block_indent = indent
        match = _FULLWIDTH_KEY.match(raw)
        if match and ":" not in raw[: match.end()]:
            key = match.group(2)
            problems.error(
                source,
                line_offset + number,
                key,
                "full-width colon '：' after the key",
                f"YAML needs an ASCII colon and a space: '{key}: …' "
                "(switch the input method to half-width to type ':')",
            )
            found = True
    return found


def _build(node: yaml.Node, path: str, lines: dict[str, int], line_offset: int,
           source: str, problems: Problems) -> Any:
    lines[path] = node.start_mark.line + 1 + line_offset
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _STR_TAG and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value  # nearly every key: what _build would give, without a call
            else:
                key = _build(key_node, f"{path}.<key>" if path else "<key>", {}, line_offset,
                             source, problems)
            key_text = str(key)
            child = f"{path}.{key_text}" if path else key_text
            if key in result:
                problems.error(
                    source,
                    key_node.start_mark.line + 1 + line_offset,
                    key_text,
                    "key appears twice",
                    "keep one of them; YAML would silently use the last",
                )
            if value_node.tag == _STR_TAG and isinstance(value_node, yaml.ScalarNode):
                result[key] = value_node.value  # most values: what _build would give
            else:
                result[key] = _build(value_node, child, lines, line_offset, source, problems)
            lines[child] = key_node.start_mark.line + 1 + line_offset
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, f"{path}.{index}" if path else str(index), lines, line_offset, source,
                   problems)
            for index, item in enumerate(node.value)
        ]
    return _construct_scalar(node)


def _construct_scalar(node: yaml.Node) -> Any:
    """The Python value of a scalar node (its tag was resolved when the tree was composed)."""
    if node.tag == _STR_TAG:
        return node.value
    if node.tag in _PLAIN_SCALAR_TAGS and isinstance(node, yaml.ScalarNode):
        return _SCALAR_CONSTRUCTOR.yaml_constructors[node.tag](_SCALAR_CONSTRUCTOR, node)
    constructor = yaml.constructor.SafeConstructor()
    return constructor.construct_object(node, deep=True)


def parse_yaml(text: str, source: str, problems: Problems, line_offset: int = 0) -> YamlDocument | None:
    """Parse one YAML document; on a syntax error record a problem and return ``None``.

    ``line_offset`` is added to every line so that front matter reports lines of the whole file.
    """
    if _check_fullwidth_colons(text, source, line_offset, problems):
        return None
    try:
        try:
            node = yaml.compose(text, Loader=_FastLoader)
        except yaml.YAMLError:
            # Compose again in Python: its messages and marks are the ones authors are shown.
            node = yaml.compose(text, Loader=_PlainLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        detail = error.problem or "not valid YAML"
        problems.error(
            source,
            line,
            "",
            f"YAML syntax error: {detail}",
            "check indentation, quote values that contain ': ' or start with a special character",
        )
        return None
    except yaml.YAMLError as error:
        problems.error(source, line_offset + 1, "", f"YAML error: {error}", "fix the YAML syntax")
        return None
    if node is None:
        return YamlDocument(None, {}, line_offset + 1)
    lines: dict[str, int] = {}
    data = _build(node, "", lines, line_offset, source, problems)
    return YamlDocument(data, lines, node.start_mark.line + 1 + line_offset)


_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
# The same match in two quick steps (the lazy ``.*?`` above tries the closing line at every
# character): the opening line, then the first line break followed by a closing line; only if
# there is none, a closing line right after the opening one (the empty group).
_OPENING_LINE = re.compile(r"(?:\ufeff)?---[ \t]*\r?\n")
_CLOSING_LINE = re.compile(r"(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)")
_BREAK_AND_CLOSING_LINE = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)")


def _front_matter(text: str) -> tuple[str, int] | None:
    """What :data:`_FRONT_MATTER` matches: ``(group 1 or "", end)``, or ``None``."""
    opening = _OPENING_LINE.match(text)
    if opening is None:
        return None
    start = opening.end()
    closing = _BREAK_AND_CLOSING_LINE.search(text, start)
    if closing is not None:
        return text[start:closing.start() + 1], closing.end()
    closing = _CLOSING_LINE.match(text, start)
    return None if closing is None else ("", closing.end())


def split_front_matter_text(text: str) -> tuple[str, str]:
    """``(front matter, body)`` of a Markdown file as text; ``("", text)`` without front matter."""
    found = _front_matter(text)
    if found is None:
        return "", text
    raw, end = found
    return raw, text[end:]


@dataclass
class MarkdownSource:
    """A Markdown file split into front matter and body."""

    meta: YamlDocument | None
    body: str
    body_first_line: int


def split_front_matter(text: str, source: str, problems: Problems) -> MarkdownSource:
    """Split ``---`` front matter from the body and parse it with line numbers."""
    found = _front_matter(text)
    if found is None:
        return MarkdownSource(None, text, 1)
    raw, end = found
    body = text[end:]
    body_first_line = text.count("\n", 0, end) + 1
    meta = parse_yaml(raw, source, problems, line_offset=1)
    return MarkdownSource(meta, body, body_first_line)
