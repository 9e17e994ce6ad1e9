"""The ``gongkai`` command: webmaster tooling next to ``mkdocs build``.

``gongkai new <category>`` writes a new entry with the next free 索引号, ``gongkai check`` validates
the content without building, ``gongkai import <file>`` converts a CMS catalogue export into entry
files, ``gongkai schema`` the front matter's JSON Schema, ``gongkai audit <report>`` checks any annual
report (no site needed).  Commands read ``mkdocs.yml`` into the build's options (:func:`gongkai.core.plan.build_options`)
and report problems in the build's words: ``LEVEL   -  gongkai: path:line: field: what — how to fix``.

A command is one entry of :data:`COMMANDS`: a help line, a function adding its arguments and a
function running it that returns the exit status.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from .core.plan import BuildOptions

log = logging.getLogger("mkdocs.plugins.gongkai")
PREFIX = "gongkai: "


@dataclass(frozen=True)
class Command:
    """One subcommand of ``gongkai``."""

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


class _CountingHandler(logging.Handler):
    """Prints records as ``mkdocs build`` does and counts them by level."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.counts: dict[int, int] = {}
        self.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.counts[record.levelno] = self.counts.get(record.levelno, 0) + 1
        print(self.format(record), file=sys.stderr)

    def count(self, level: int) -> int:
        return sum(n for lvl, n in self.counts.items() if lvl >= level)


class CommandError(Exception):
    """A problem that stops a command: printed as one line, exit status 1, no traceback."""


def _load(args: argparse.Namespace) -> tuple[Path, BuildOptions]:
    """The content folder and the build's options, read from ``mkdocs.yml`` as for a build."""
    from .mkdocs.options import read_options

    config_file = Path(args.config_file)
    if not config_file.is_file():
        raise CommandError(f"{config_file}: not found — run gongkai in the site's folder or pass "
                           "-f path/to/mkdocs.yml")
    try:
        return read_options(config_file)
    except ValueError as error:
        raise CommandError(str(error)) from None


def _agency(content_dir: Path) -> dict[str, Any]:
    """agency.yml as plain data (its validation is the loader's job; here we need name and code)."""
    try:
        data = yaml.safe_load((content_dir / "agency.yml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    if not isinstance(data, dict) or not data.get("code"):
        raise CommandError("agency.yml: code: missing or unreadable — the 索引号 starts with the "
                           "统一社会信用代码; run 'gongkai check' to see what is wrong")
    return data


def _shown(path: Path) -> Path:
    """``path`` as the webmaster would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


# -- gongkai check ---------------------------------------------------------------------------------


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true",
                        help="fail on warnings too, like 'mkdocs build --strict' (what CI runs)")


def _check(args: argparse.Namespace) -> int:
    from .core.plan import plan_build

    started = time.perf_counter()
    content_dir, options = _load(args)
    for problem in plan_build(options, content_dir, check_only=True).problems:
        level = {"error": logging.ERROR, "warning": logging.WARNING}.get(problem.severity,
                                                                         logging.INFO)
        log.log(level, PREFIX + str(problem))
    handler: _CountingHandler = args.handler
    errors, warnings = handler.count(logging.ERROR), handler.counts.get(logging.WARNING, 0)
    seconds = time.perf_counter() - started
    print(f"gongkai check: {errors} error(s), {warnings} warning(s) in {seconds:.1f} s", file=sys.stderr)
    if errors:
        print("The build would stop: fix the errors listed above.", file=sys.stderr)
        return 1
    if warnings and args.strict:
        print("Aborted with warnings in strict mode (mkdocs build --strict fails the same way).",
              file=sys.stderr)
        return 1
    return 0


# -- gongkai new -----------------------------------------------------------------------------------


def _new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("category", help="主题分类: a configured category name (or its URL slug)")
    parser.add_argument("--title", default="", help="标题 of the new entry (you can fill it in later)")


def _new(args: argparse.Namespace) -> int:
    from .core import zh
    from .core.new_entry import new_entry_path, new_entry_text, next_index_no, used_index_numbers

    content_dir, options = _load(args)
    settings = options.settings
    category = next((c for c in settings.categories if args.category in (c.name, c.slug)), None)
    if category is None:
        names = [c.name for c in settings.categories]
        near = zh.nearest(args.category, names)
        raise CommandError(f"unknown category '{args.category}' — "
                           + (f"did you mean '{near}'? " if near else "")
                           + "valid categories: " + "、".join(names))
    code = str(_agency(content_dir)["code"])
    try:
        index_no = next_index_no(settings.index_no_pattern, code,
                                 used_index_numbers(content_dir), settings.today)
    except ValueError as error:
        raise CommandError(f"mkdocs.yml: plugins.gongkai.index_no_pattern: {error}") from None
    rel = new_entry_path(index_no, code, settings.today)
    path = content_dir / rel
    if path.exists():
        raise CommandError(f"{rel}: already exists — the 索引号 {index_no} seems taken by a file "
                           "without front matter; rename that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new_entry_text(index_no, category.name, settings.today, args.title),
                    encoding="utf-8")
    print(_shown(path))
    print(f"索引号 {index_no}, 主题分类 {category.name}, 成文日期 and 公开日期 {settings.today}. "
          "Fill in title, summary and the full text; the entry is published after 保密审查 "
          "(review: {result: 通过, by, date}).", file=sys.stderr)
    return 0


# -- gongkai import --------------------------------------------------------------------------------


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="file",
                        help="the catalogue exported from the old CMS (.xlsx, .xls or .csv); "
                             "several files (e.g. one per column) are imported together")
    parser.add_argument("--map", default="", metavar="FILE",
                        help="the column/value mapping (default: import-map.yml next to the "
                             "first export; written with the unknown values to fill in)")
    parser.add_argument("--issuer", default="", help="发布机构 of rows that do not state one "
                        "(otherwise written as unstated)")
    parser.add_argument("--validity", default="", choices=("有效", "失效", "废止", "已修改"),
                        help="有效性 of rows that do not state one (otherwise unstated)")
    parser.add_argument("--category", default="", help="category of rows that do not state one")
    parser.add_argument("--created-from-published", action="store_true",
                        help="rows without 成文日期 get created = published, recorded as "
                             "inferred: {created: 按公开日期推定}")
    parser.add_argument("--published-from-created", action="store_true",
                        help="rows without 公开日期 get published = created, recorded as "
                             "inferred: {published: 按成文日期推定}")
    parser.add_argument("--number", action="store_true",
                        help="rows without 索引号 get the next free one of their 公开日期's year, "
                             "recorded as inferred: {index_no: 导入时编号}")
    parser.add_argument("--report", default="", metavar="FILE",
                        help="the row-by-row report (default: import-report.csv next to the "
                             "first export)")
    parser.add_argument("--dry-run", action="store_true",
                        help="report only; write no entry (the report and map are written)")


def _import(args: argparse.Namespace) -> int:
    import csv

    from .core.importing import (
        ImportOptions,
        import_sheets,
        load_map,
        map_template,
        read_sheets,
        report_rows,
    )
    from .core.new_entry import used_index_numbers

    sources = [Path(name) for name in args.files]
    for source in sources:
        if not source.is_file():
            raise CommandError(f"{source}: not found")
    content_dir, build = _load(args)
    code = str(_agency(content_dir)["code"])
    map_path = Path(args.map) if args.map else sources[0].with_name("import-map.yml")
    import_map = load_map(map_path)
    for message in import_map.problems:
        log.error(PREFIX + message)
    if import_map.problems:
        return 1
    sheets = []
    for source in sources:
        try:
            sheets.append((source.name, read_sheets(source)))
        except ValueError as error:
            raise CommandError(str(error)) from None
        except Exception as error:  # a damaged file is the user's problem to fix, never a traceback
            raise CommandError(f"{source.name}: cannot be read ({type(error).__name__}: {error}) "
                               "— open it in Excel or WPS and save it again as .xlsx or .csv") from None
    options = ImportOptions(args.issuer, args.validity, args.category, args.created_from_published,
                            args.published_from_created, args.number)
    run = import_sheets(sheets, build.settings, code, used_index_numbers(content_dir), content_dir,
                        import_map, options)
    err = sys.stderr
    for table in run.tables:
        print(f"{table.source}: header in row {table.header_row}, {len(table.data)} row(s) below; "
              "columns:", file=err)
        for key, position in sorted(table.columns.items(), key=lambda item: item[1]):
            print(f"  {table.headers[position]} → {key}", file=err)
        for ignored in table.ignored:
            print(f"  {ignored} → not imported", file=err)
    for sheet in run.skipped_sheets:
        print(f"{sheet}: no header row with 标题 and another known column — sheet not read "
              f"(name its columns in {map_path.name})", file=err)
    if not run.tables:
        raise CommandError(f"{sources[0].name}: no header row found — the table needs a header "
                           "naming 标题 and e.g. 索引号, 主题分类, 发布日期; other names go in "
                           f"{map_path.name} (columns:)")
    for problem in run.messages:
        log.log(logging.ERROR if problem.severity == "error" else logging.INFO, PREFIX + str(problem))
    for entry in run.entries:
        if not args.dry_run:
            path = content_dir / entry.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(entry.text, encoding="utf-8")
    report = Path(args.report) if args.report else sources[0].with_name("import-report.csv")
    with report.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel reads it
        csv.writer(handle).writerows(report_rows(run))
    if run.unknown_categories or run.unknown_validity or not map_path.exists():
        map_path.write_text(map_template(import_map, run.columns, dict(run.unknown_categories),
                                         dict(run.unknown_validity)), encoding="utf-8")
    verb = "would write" if args.dry_run else "wrote"
    merged = sum(1 for o in run.outcomes if o.result == "合并")
    before = run.skipped.pop("imported before", 0)
    skipped = sum(run.skipped.values())
    print(f"gongkai import: {run.rows} row(s) read, {verb} {len(run.entries)} entr"
          f"{'y' if len(run.entries) == 1 else 'ies'}, {merged} merged into another row's entry "
          f"(also_in or listed twice), {before} imported before, {skipped} skipped", file=err)
    for kind, count in run.skipped.most_common():
        print(f"  skipped: {kind}: {count}", file=err)
    for what, count in run.mapped.most_common():
        print(f"  mapped: {what}: {count}", file=err)
    for what, count in run.inferred.most_common():
        print(f"  inferred: {what}: {count}", file=err)
    for what, count in run.unstated.most_common():
        print(f"  unstated: {what}: {count}", file=err)
    print(f"Row by row: {_shown(report)}", file=err)
    if run.unknown_categories or run.unknown_validity:
        print(f"Unknown values are listed in {_shown(map_path)}: fill them in and run the import "
              "again (rows imported now are skipped then).", file=err)
    if run.entries:
        print("Imported entries have review result 待审: they are published nowhere until a "
              "reviewer sets 'review: {result: 通过, by, date}' in each file.", file=err)
    errors = [p for p in run.messages if p.severity == "error"]
    return 1 if errors else 0


# -- gongkai schema --------------------------------------------------------------------------------


def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("output", nargs="?", default="",
                        help="file to write (default: print); e.g. .vscode/gongkai-entry.schema.json")


def _schema(args: argparse.Namespace) -> int:
    from .core.schema import entry_schema_text

    content_dir, options = _load(args)
    code = str(_agency(content_dir).get("code", ""))
    text = entry_schema_text(options.settings, code)
    if args.output:
        output = Path(args.output)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        print(_shown(output))
    else:
        sys.stdout.write(text)
    return 0


def _platform_arguments(parser: argparse.ArgumentParser) -> None:
    from .platform_cli import add_arguments

    add_arguments(parser)


def _platform(args: argparse.Namespace) -> int:
    from .platform_cli import run

    return run(args)


# -- gongkai audit ---------------------------------------------------------------------------------


def _audit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("reports", nargs="+", metavar="report",
                        help="an annual report in the national format: a report.json, a folder "
                             "holding one (site/reports/2024/), a saved report page (.html), text "
                             "copied from one (.txt), an http(s) URL, or - for standard input; "
                             "two consecutive years are also checked against each other")
    parser.add_argument("--year", type=int, default=0,
                        help="the report's year when its text does not say it (copied tables)")


def _report_bytes(name: str) -> tuple[bytes, str]:
    """The bytes of the report ``name`` names, and how to name it in messages."""
    from urllib.error import URLError
    from urllib.request import Request, urlopen

    if name == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    if name.startswith(("http://", "https://")):
        try:
            with urlopen(Request(name, headers={"User-Agent": "gongkai-audit"}), timeout=30) as reply:
                return reply.read(), name
        except (URLError, OSError, ValueError) as error:
            raise CommandError(f"{name}: cannot be fetched ({error}) — save the page in the "
                               "browser and audit the file") from None
    path = Path(name)
    if path.is_dir():
        found = next((path / f for f in ("report.json", "index.html") if (path / f).is_file()), None)
        if found is None:
            raise CommandError(f"{name}: no report.json or index.html in this folder")
        path = found
    try:
        return path.read_bytes(), str(_shown(path))
    except OSError as error:
        raise CommandError(f"{name}: cannot be read ({error.strerror or error})") from None


def _audit(args: argparse.Namespace) -> int:
    from .core.report.audit import audit_reports
    from .core.report.parse import ParsedReport, ReportReadError, parse_report

    reports: list[ParsedReport] = []
    try:
        for name in args.reports:
            data, source = _report_bytes(name)
            reports.append(parse_report(data, source, args.year))
    except (CommandError, ReportReadError) as error:
        print(f"gongkai audit: {error}", file=sys.stderr)
        return 2
    years = [r.year for r in reports]
    # Reports of one year (two agencies) are audited apart; distinct years together, so that
    # each year's 二 is compared with the previous year's 四.
    groups = [reports] if len(set(years)) == len(years) else [[r] for r in reports]
    wrong = 0
    for group in groups:
        sources = {r.year: r.source for r in group}
        for cell in audit_reports(group):
            print(f"{sources[cell.cell.year]}: {cell.line()}")
            wrong += 1
    for report in reports:
        name = "、".join(filter(None, (report.agency, f"{report.year}年" if report.year else "")))
        print(f"{report.source}: read {name or 'a report'} in the {report.layout}",
              file=sys.stderr)
    if wrong:
        print(f"gongkai audit: {wrong} wrong cell(s) — each line names the cell, its figure and "
              "the figure the rules of the national format need", file=sys.stderr)
        return 1
    print("gongkai audit: every total and every 勾稽关系 holds", file=sys.stderr)
    return 0


COMMANDS: dict[str, Command] = {
    "platform": Command("build the 本级政府 platform from many agencies' published sites",
                        _platform_arguments, _platform),
    "new": Command("write a new catalogue entry with the next free 索引号 and today's dates",
                   _new_arguments, _new),
    "check": Command("validate the content without building (same messages as the build)",
                     _check_arguments, _check),
    "import": Command("convert a catalogue exported from a CMS (.xlsx/.xls/.csv) into entry files",
                      _import_arguments, _import),
    "audit": Command("check an annual report (ours or another agency's page) against every total "
                     "and 勾稽关系 of the national format; names each wrong cell",
                     _audit_arguments, _audit),
    "schema": Command("write the JSON Schema of the entry front matter (categories of this site)",
                      _schema_arguments, _schema),
}


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``gongkai`` with one subparser per :data:`COMMANDS` entry."""
    main_parser = argparse.ArgumentParser(
        prog="gongkai", description="政府信息公开 site tooling (the site is built with mkdocs build)")
    commands = main_parser.add_subparsers(dest="command", metavar="command", required=True)
    for name, command in COMMANDS.items():
        sub = commands.add_parser(name, help=command.help, description=command.help)
        sub.add_argument("-f", "--config-file", default="mkdocs.yml",
                         help="the site's MkDocs configuration (default: mkdocs.yml)")
        command.add_arguments(sub)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``gongkai``; returns the exit status (0 fine, 1 problems found, 2 wrong usage)."""
    args = parser().parse_args(argv)
    handler = _CountingHandler()
    root = logging.getLogger("mkdocs")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False
    args.handler = handler
    try:
        return COMMANDS[args.command].run(args)
    except CommandError as error:
        log.error(PREFIX + str(error))
        return 1
    finally:
        root.removeHandler(handler)


if __name__ == "__main__":
    sys.exit(main())
