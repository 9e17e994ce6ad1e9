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
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_MERGE_TAG = "tag:yaml.org,2002:merge"

# Limits of a document: no field of any content file comes near them (the sample content uses no
# alias and nests 9 levels, in budget rows), and they keep a hostile document to milliseconds and kilobytes.
MAX_DEPTH = 50
MAX_ALIAS_USES = 100
MAX_ALIAS_VALUES = 10_000

# Characters no published text may hold: C0 controls but tab and line breaks, DEL, C1 controls,
# lone surrogates (UTF-8 cannot encode them) and the two non-characters XML forbids.  YAML
# escapes ("\0", "\x07", "\u0085") and pasted text put them in; they make feed.xml malformed and
# put NUL bytes in pages.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


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


class _Untrusted(Exception):
    """Raised by :class:`_Builder` to stop building a document that is not safe to expand."""


class _Builder:
    """Builds plain values from a node tree, within limits (see :data:`MAX_DEPTH`).

    The composed tree shares the node of an anchor with its every ``*alias``, but plain values
    do not: each alias is built again, so ten nested aliases of ten items (the "billion laughs")
    would expand to ten billion values.  Uses of an alias are counted while building and the
    document is given up once they pass the limits, before the expansion costs time or memory.
    """

    def __init__(self, lines: dict[str, int], line_offset: int, source: str, problems: Problems,
                 check_strings: bool) -> None:
        self.lines = lines
        self.line_offset = line_offset
        self.source = source
        self.problems = problems
        self.check_strings = check_strings
        self.built: set[int] = set()  # containers built so far, by id: a second visit is an alias
        self.open: set[int] = set()  # containers being built: one met again contains itself
        self.alias_uses = 0
        self.alias_values = 0
        # The line of the key being built: an alias node is its anchor's node and carries the
        # anchor's line, so a problem of an alias is reported at the key that uses it.
        self.key_line = line_offset + 1

    def error(self, node: yaml.Node | None, path: str, message: str, fix: str) -> None:
        line = self.key_line if node is None else node.start_mark.line + 1 + self.line_offset
        if path.count(".") > 3:  # a deep path, e.g. of 50 nested lists: its start says where
            path = ".".join(path.split(".")[:4]) + ".…"
        self.problems.error(self.source, line, path, message, fix)

    def text(self, node: yaml.Node, path: str, value: str) -> str:
        if self.check_strings:
            found = _CONTROL_CHARACTER.search(value)
            if found:
                self.error(node, path, f"contains the control character {_codepoint(found.group())}, "
                           "which cannot be published (it breaks feeds and pages)",
                           "remove the escape (\\0, \\x07, \\u0085 …) from the quoted text")
                return _CONTROL_CHARACTER.sub("", value)
        return value

    def build(self, node: yaml.Node, path: str, depth: int) -> Any:
        self.lines[path] = node.start_mark.line + 1 + self.line_offset
        if not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            return self.scalar(node, path)
        if depth > MAX_DEPTH:
            self.error(node, path, f"nested more than {MAX_DEPTH} levels deep",
                       "write the values at the level of their key; no field needs deeper lists")
            raise _Untrusted
        identity = id(node)
        if identity in self.open:
            self.error(None, path, "an alias ('*name') refers to the value that contains it, "
                       "so the value never ends", "write the value out instead of the alias")
            raise _Untrusted
        if identity in self.built:
            self.alias_uses += 1
            self.alias_values += len(node.value)
            if self.alias_uses > MAX_ALIAS_USES or self.alias_values > MAX_ALIAS_VALUES:
                self.error(None, path, f"too many aliases: the document repeats anchored values more "
                           f"than {MAX_ALIAS_USES} times or expands to more than "
                           f"{MAX_ALIAS_VALUES:,} values",
                           "write the values out instead of repeating them with '*' aliases")
                raise _Untrusted
        self.built.add(identity)
        self.open.add(identity)
        try:
            if isinstance(node, yaml.SequenceNode):
                if node.tag != _SEQ_TAG:
                    self.unsupported(node, path)
                return [self.build(item, f"{path}.{index}" if path else str(index), depth + 1)
                        for index, item in enumerate(node.value)]
            if node.tag != _MAP_TAG:
                self.unsupported(node, path)
            return self.mapping(node, path, depth)
        finally:
            self.open.discard(identity)

    def mapping(self, node: yaml.MappingNode, path: str, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        lines, offset = self.lines, self.line_offset
        for key_node, value_node in node.value:
            if key_node.tag == _STR_TAG and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value  # nearly every key: what build would give, without a call
                if self.check_strings:
                    key = self.text(key_node, path or "<key>", key)
            elif key_node.tag == _MERGE_TAG:
                self.error(key_node, path or "<<", "'<<' merge keys are not supported",
                           "write every field out in full instead of merging an anchored mapping")
                continue
            else:
                key = self.build(key_node, f"{path}.<key>" if path else "<key>", depth + 1)
                if isinstance(key, (dict, list)):
                    self.error(key_node, path or "<key>", "a key must be a single word, not a list "
                               "or mapping", "write 'key: value' with a plain key")
                    continue
            key_text = str(key)
            child = f"{path}.{key_text}" if path else key_text
            if key in result:
                self.error(key_node, key_text, "key appears twice",
                           "keep one of them; YAML would silently use the last")
            key_line = key_node.start_mark.line + 1 + offset
            if value_node.tag == _STR_TAG and isinstance(value_node, yaml.ScalarNode):
                # most values: what build would give
                result[key] = (self.text(value_node, child, value_node.value) if self.check_strings
                               else value_node.value)
            else:
                self.key_line = key_line
                result[key] = self.build(value_node, child, depth + 1)
            lines[child] = key_line
        return result

    def scalar(self, node: yaml.Node, path: str) -> Any:
        """The Python value of a scalar node (its tag was resolved when the tree was composed)."""
        if node.tag == _STR_TAG:
            return self.text(node, path, node.value)
        if node.tag in _PLAIN_SCALAR_TAGS and isinstance(node, yaml.ScalarNode):
            try:
                return _SCALAR_CONSTRUCTOR.yaml_constructors[node.tag](_SCALAR_CONSTRUCTOR, node)
            except ValueError:  # an integer of thousands of digits (Python refuses to convert it)
                self.error(node, path, f"the number has {len(node.value)} characters, far more than "
                           "any amount or count", "write the number as it should be published")
                return None
        self.unsupported(node, path)
        return None

    def unsupported(self, node: yaml.Node, path: str) -> None:
        self.error(node, path, f"the YAML tag '{node.tag}' is not supported",
                   "remove the tag ('!!…' or '!…') and write a plain value")


def _codepoint(character: str) -> str:
    return f"U+{ord(character):04X}"


def parse_yaml(text: str, source: str, problems: Problems, line_offset: int = 0) -> YamlDocument | None:
    """Parse one YAML document; on a syntax error record a problem and return ``None``.

    ``line_offset`` is added to every line so that front matter reports lines of the whole file.
    A document beyond the limits (:data:`MAX_DEPTH`, :data:`MAX_ALIAS_USES`,
    :data:`MAX_ALIAS_VALUES`) is reported and not built (``None``).
    """
    if _check_fullwidth_colons(text, source, line_offset, problems):
        return None
    try:
        try:
            node = yaml.compose(text, Loader=_FastLoader)
        except yaml.MarkedYAMLError as error:
            if "maximum nesting depth" in str(error.problem):  # libyaml's limit (1,000 levels)
                raise
            # Compose again in Python: its messages and marks are the ones authors are shown.
            node = yaml.compose(text, Loader=_PlainLoader)
        except yaml.YAMLError:
            node = yaml.compose(text, Loader=_PlainLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        detail = error.problem or "not valid YAML"
        if "maximum nesting depth" in detail:
            detail = f"nested more than {MAX_DEPTH} levels deep"
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
    except RecursionError:  # the pure-Python composer on thousands of nested levels
        problems.error(source, line_offset + 1, "", f"nested more than {MAX_DEPTH} levels deep",
                       "write the values at the level of their key; no field needs deeper lists")
        return None
    if node is None:
        return YamlDocument(None, {}, line_offset + 1)
    lines: dict[str, int] = {}
    # Control characters reach values only through the escapes of double-quoted scalars (the
    # readers refuse them raw; a raw U+0085 is a line break), so most documents skip the check.
    builder = _Builder(lines, line_offset, source, problems, "\\" in text)
    try:
        data = builder.build(node, "", 0)
    except _Untrusted:
        return None
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
        check_control_characters(text, source, 1, problems)
        return MarkdownSource(None, text, 1)
    raw, end = found
    body = text[end:]
    body_first_line = text.count("\n", 0, end) + 1
    meta = parse_yaml(raw, source, problems, line_offset=1)
    check_control_characters(body, source, body_first_line, problems)
    return MarkdownSource(meta, body, body_first_line)


def check_control_characters(text: str, source: str, first_line: int, problems: Problems) -> bool:
    """Report each line of a Markdown text that holds a control character; True if any did.

    Control characters are invisible in an editor, come with text copied out of PDF and Word
    (form feeds, NUL), and make pages and feed.xml malformed: they are errors, not silently
    dropped, so that the author sees where the text was damaged.
    """
    found = _CONTROL_CHARACTER.search(text)
    if found is None:
        return False
    reported = 0
    while found is not None and reported < 5:  # enough to show where; the rest come after a fix
        start = found.start()
        line = first_line + text.count("\n", 0, start)
        problems.error(source, line, "全文",
                       f"contains the control character {_codepoint(found.group())}, which cannot be "
                       "published (it breaks feeds and pages)",
                       "delete it: it is invisible in most editors; retype the characters around it")
        end = text.find("\n", start)
        found = None if end < 0 else _CONTROL_CHARACTER.search(text, end)
        reported += 1
    return True
