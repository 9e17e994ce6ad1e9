"""One personal-data scan over every published text: pages, data files, narratives and the text
of attachments in every format agencies attach (PDF, DOCX, XLSX, old Office/WPS files through
LibreOffice, scans through Tesseract).

A number found anywhere is an error naming file, line and field, its value masked; an attachment
that cannot be scanned is a warning (``--strict`` fails) unless the reviewer records it as
checked.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import AGENCY_YML, GUIDE_MD, entry, minimal_site, write_files
from gongkai.core.load import read_site
from gongkai.core.search import extract
from gongkai.core.settings import Settings
from search_fixture import docx_bytes, pdf_bytes

SETTINGS = Settings(today=dt.date(2026, 11, 25))
PHONE = "13912345678"
MASKED = "139******78"
A = "catalogue/2024/a.md"  # its first attachment is named on line 10 (entry(extra=…) starts at 9)


def attached(name: str, extra: str = "") -> str:
    """Entry a.md with one attachment ``name`` (in its folder)."""
    return entry(extra=f"attachments:\n  - {{path: {name}, title: 附件{extra}}}\n")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "名单"
    workbook.create_sheet("说明").append(["本表为公示名单"])
    for row in rows:
        workbook["名单"].append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def scanned_pdf_bytes(lines: list[str]) -> bytes:
    """A PDF page that is only a picture of ``lines`` (what a scanner makes): no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(_cjk_font(), 40)
    image = Image.new("L", (1240, 120 + 80 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((60, 60 + 80 * number), line, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=150)
    return buffer.getvalue()


def _cjk_font() -> str:
    found = subprocess.run(["fc-match", "-f", "%{file}", "Noto Serif CJK SC:lang=zh-cn"],
                           capture_output=True, text=True, check=False).stdout
    return found or "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def old_format_bytes(tmp_path: Path, text: str, export: str) -> bytes:
    """``text`` saved by LibreOffice as ``export`` (doc, xls …), as an agency's old file is."""
    source = tmp_path / "make" / "source.txt" if export == "doc" else tmp_path / "make" / "source.csv"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text, encoding="utf-8")
    subprocess.run([shutil.which("soffice") or "soffice", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--headless", "--infilter=" + ("Text (encoded):UTF8" if export == "doc"
                                                   else "Text - txt - csv (StarCalc):44,34,76"),
                    "--convert-to", export, "--outdir", str(source.parent), str(source)],
                   capture_output=True, check=True, timeout=180)
    return source.with_suffix(f".{export}").read_bytes()


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice not installed (CI installs it)")
needs_ocr = pytest.mark.skipif(not extract.ocr_available() or shutil.which("pdftoppm") is None,
                               reason="Tesseract with chi_sim or pdftoppm not installed (CI installs them)")


def messages(tmp_path: Path, files: dict[str, str | bytes | None]) -> list[str]:
    """What the build reports for the minimal site changed by ``files``."""
    merged: dict[str, str | bytes] = dict(minimal_site())
    for rel, data in files.items():
        if data is None:
            merged.pop(rel, None)
        else:
            merged[rel] = data
    content = tmp_path / "content"
    write_files(content, merged)
    extract.clear_memory()
    _, problems = read_site(content, Settings(today=SETTINGS.today, text_cache=tmp_path / "cache"),
                            workers=1)
    return [str(p) for p in problems.items]


def hit(where: str, field: str, before: str = "", kind: str = "手机号码", masked: str = MASKED) -> str:
    return f"{where}: {field}: {before}looks like personal data: a {kind} ({masked}) may not be published"


BUDGET = ("year: 2024\nkind: 预算\napproved: 2024-01-20\npublished: 2024-02-08\nunit: 万元\n"
          "tables: []\nnotes: |\n  本年度预算说明如下。\n  联系人：张三，手机13912345678。\n")


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # The guide's body (guide.md line 7).
        ({"guide.md": GUIDE_MD + f"联系人：张三，手机{PHONE}。\n"}, hit("guide.md:8", "全文")),
        # The home page MkDocs publishes as it is.
        ({"index.md": f"---\ntitle: 首页\n---\n欢迎访问。值班手机 {PHONE[:3]} {PHONE[3:7]} {PHONE[7:]}\n"},
         hit("index.md:4", "全文", masked="139 **** **78")),
        # Any other page, front matter included.
        ({"about/contact.md": f"---\ntitle: 联系人{PHONE}\n---\n# 联系我们\n"},
         hit("about/contact.md:2", "title")),
        # agency.yml: a department's phone that is a mobile (landlines are fine).
        ({"agency.yml": AGENCY_YML.replace("phone: 0794-8000004", f"phone: {PHONE}")},
         hit("agency.yml:15", "departments.0.phone")),
        # … and a leader's duties.
        ({"agency.yml": AGENCY_YML.replace("duties: 主持全面工作", f"duties: 主持全面工作（手机{PHONE}）")},
         hit("agency.yml:13", "leaders.0.duties")),
        # Budget notes, a block text: the line of the number in the file.
        ({"budgets/2024-预算.yml": BUDGET}, hit("budgets/2024-预算.yml:9", "notes")),
        # A report narrative.
        ({"reports/2024.md": f"---\ntitle: 2024年年报\n---\n## 一、总体情况\n\n申请人王五（手机{PHONE}）。\n"},
         hit("reports/2024.md:6", "全文")),
        # A DOCX attachment: its name and the line of its text.
        ({A: attached("名单.docx"), "catalogue/2024/名单.docx": docx_bytes(["拟录用人员名单", f"张三 {PHONE}"])},
         hit(f"{A}:10", "attachments", "'名单.docx' (line 2) ")),
        # A text PDF: page and line.
        ({A: attached("名单.pdf"), "catalogue/2024/名单.pdf": pdf_bytes(["拟录用人员名单", f"张三 手机{PHONE}"])},
         hit(f"{A}:10", "attachments", "'名单.pdf' (page 1, line 2) ")),
        # An XLSX attachment: sheet and row.
        ({A: attached("名单.xlsx"),
          "catalogue/2024/名单.xlsx": xlsx_bytes([["姓名", "身份证号"], ["张三", "11010519491231002X"]])},
         hit(f"{A}:10", "attachments", "'名单.xlsx' (sheet 1, row 2) ", "身份证号", "110*************2X")),
        # A document published on its own, outside the catalogue.
        ({"files/名单.pdf": pdf_bytes([f"联系人手机{PHONE}"])},
         "files/名单.pdf: '名单.pdf' (page 1, line 1) looks like personal data: a 手机号码 (139******78)"),
        # A budget's attachment.
        ({"budgets/2024-预算.yml": BUDGET.replace(f"手机{PHONE}", "办公电话0794-8000001")
          + "attachments:\n  - {path: 2024预算.pdf, title: 预算公开文本}\n",
          "budgets/2024预算.pdf": pdf_bytes(["2024年部门预算", f"编制人手机{PHONE}"])},
         hit("budgets/2024-预算.yml:11", "attachments", "'2024预算.pdf' (page 1, line 2) ")),
    ],
    ids=["guide", "index", "extra page", "agency phone", "agency duties", "budget notes",
         "narrative", "docx", "text pdf", "xlsx", "published pdf", "budget attachment"],
)
def test_personal_data_in_every_published_text_is_an_error(tmp_path, files, expected):
    found = messages(tmp_path, files)
    assert any(message.startswith(expected) for message in found), "\n".join(found)
    assert PHONE not in "\n".join(found).replace(f'["{PHONE}"]', "")  # masked, but for the fix


@pytest.mark.parametrize(
    "files",
    [
        # A landline in agency.yml and in a page is public contact information.
        {"agency.yml": AGENCY_YML.replace("phone: 0794-8000004", "phone: 0794-8123456")},
        # An official mobile hotline, allowed where it is written: agency.yml …
        {"agency.yml": AGENCY_YML.replace("phone: 0794-8000004", f"phone: {PHONE}")
         + f"privacy_allow: [\"{PHONE}\"]\n"},
        # … a page's front matter …
        {"guide.md": GUIDE_MD.replace("---\n", f"---\nprivacy_allow: [{PHONE}]\n", 1) + f"值班手机{PHONE}\n"},
        # … a budget file …
        {"budgets/2024-预算.yml": BUDGET + f"privacy_allow: [\"{PHONE}\"]\n"},
        # … and an entry, for its attachments too.
        {A: entry(extra=f"privacy_allow: [\"{PHONE}\"]\nattachments: [热线.docx]\n"),
         "catalogue/2024/热线.docx": docx_bytes([f"投诉热线{PHONE}"])},
    ],
    ids=["landline", "agency allow", "page allow", "budget allow", "entry allow"],
)
def test_public_numbers_are_not_reported(tmp_path, files):
    found = messages(tmp_path, files)
    assert not any("personal data" in message for message in found), "\n".join(found)


@needs_soffice
@pytest.mark.parametrize(
    ("name", "export", "text", "where"),
    [
        # Word 97–2003, what most agencies still attach.
        ("通知.doc", "doc", f"关于公示的通知\n联系人：张三，手机{PHONE}\n", "line 2"),
        # Excel 97–2003.
        ("名单.xls", "xls", f"姓名,手机\n张三,{PHONE}\n", "sheet 1, row 2"),
    ],
)
def test_old_office_attachments_are_read_through_libreoffice(tmp_path, name, export, text, where):
    files = {A: attached(name), f"catalogue/2024/{name}": old_format_bytes(tmp_path, text, export)}
    found = messages(tmp_path, files)
    assert any(message.startswith(hit(f"{A}:10", "attachments", f"'{name}' ({where}) "))
               for message in found), "\n".join(found)


@needs_soffice
def test_a_wps_file_is_read_like_a_word_file(tmp_path):
    # WPS Office saves its .wps documents in Word's binary format; only the name differs.
    data = old_format_bytes(tmp_path, f"联系人手机{PHONE}\n", "doc")
    found = messages(tmp_path, {A: attached("通知.wps"), "catalogue/2024/通知.wps": data})
    assert any(message.startswith(hit(f"{A}:10", "attachments", "'通知.wps' (line 1) "))
               for message in found), "\n".join(found)


@needs_ocr
def test_a_scanned_pdf_is_read_by_ocr(tmp_path):
    scan = scanned_pdf_bytes(["拟录用人员公示", f"联系人：张三，手机{PHONE}"])
    assert extract.attachment_text(_saved(tmp_path, "scan.pdf", scan)).count("公示") == 1
    found = messages(tmp_path, {A: attached("扫描件.pdf"), "catalogue/2024/扫描件.pdf": scan})
    assert any(message.startswith(f"{A}:10: attachments: '扫描件.pdf' (page 1, line ")
               and MASKED in message for message in found), "\n".join(found)


def _saved(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_an_unreadable_attachment_is_a_warning_naming_file_line_and_field(tmp_path):
    found = messages(tmp_path, {A: attached("损坏.pdf"), "catalogue/2024/损坏.pdf": b"%PDF-1.4 not really"})
    assert any(message.startswith(f"{A}:10: attachments: '损坏.pdf' cannot be scanned for personal data")
               and "checked: YYYY-MM-DD" in message for message in found), "\n".join(found)


def test_an_attachment_recorded_as_checked_is_not_reported(tmp_path):
    files = {A: attached("损坏.pdf", ", checked: 2024-03-08"), "catalogue/2024/损坏.pdf": b"%PDF-1.4 x"}
    found = messages(tmp_path, files)
    assert not any("cannot be scanned" in message for message in found), "\n".join(found)


def test_a_checked_record_must_be_a_date(tmp_path):
    files = {A: attached("损坏.pdf", ", checked: 已核对"), "catalogue/2024/损坏.pdf": b"%PDF-1.4 x"}
    assert any(message.startswith(f"{A}:10: attachments.0.checked: '已核对' is not a valid date")
               for message in messages(tmp_path, files))


def test_attachment_texts_are_cached_by_content(tmp_path):
    files = {A: attached("名单.docx"), "catalogue/2024/名单.docx": docx_bytes(["公示名单", "王五"])}
    messages(tmp_path, files)
    cached = list((tmp_path / "cache").rglob("*.json"))
    assert len(cached) == 1 and "公示名单" in cached[0].read_text(encoding="utf-8")
    # Changed in place (same name, other bytes): read again, found.
    found = messages(tmp_path, {**files, "catalogue/2024/名单.docx": docx_bytes(["公示名单", f"王五{PHONE}"])})
    assert any("'名单.docx' (line 2)" in message for message in found)
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 2


# -- what a webmaster sees: the build ----------------------------------------------------------


def test_personal_data_in_an_attachment_stops_the_build_and_never_reaches_search(build_site):
    result = build_site({A: attached("名单.docx"),
                         "catalogue/2024/名单.docx": docx_bytes(["拟录用人员名单", f"张三 {PHONE}"])})
    assert result.exit_code != 0
    assert hit(f"{A}:10", "attachments", "'名单.docx' (line 2) ") in result.log
    assert "nothing was built" in result.log
    published = [path.read_bytes() for path in result.site_dir.rglob("*") if path.is_file()]
    assert not any(PHONE.encode() in data for data in published)
    assert not (result.site_dir / "search").exists()


def test_an_attachment_without_its_tool_warns_fails_strict_and_a_checked_record_clears_it(
        build_site, tmp_path, monkeypatch):
    # LibreOffice and Tesseract absent: nothing on PATH (mkdocs runs as sys.executable).
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    files = {A: attached("通知.doc"), "catalogue/2024/通知.doc": b"\xd0\xcf\x11\xe0 an old Word file"}
    result = build_site(files)
    assert result.exit_code == 0, result.log
    assert (f"WARNING -  gongkai: {A}:10: attachments: '通知.doc' cannot be scanned for personal data "
            "(LibreOffice (soffice) is not installed)") in result.log
    # Said once for all such files, with what to install.
    assert result.log.count("LibreOffice (soffice) not installed: 1 old-format attachments (.doc) "
                            "not scanned for personal data") == 1
    assert build_site(files, strict=True).exit_code != 0
    checked = {**files, A: attached("通知.doc", ", checked: 2024-03-08")}
    result = build_site(checked, strict=True)
    assert result.exit_code == 0, result.log
    assert any(result.site_dir.rglob("通知.doc"))  # published: the reviewer vouched for it


def test_an_attachment_of_a_type_no_reader_knows_cannot_be_scanned(tmp_path):
    found = messages(tmp_path, {A: attached("材料.zip"), "catalogue/2024/材料.zip": b"PK\x03\x04"})
    assert any(message.startswith(f"{A}:10: attachments: '材料.zip' cannot be scanned for personal "
                                  "data (gongkai cannot read the text of '.zip' files)")
               for message in found), "\n".join(found)
