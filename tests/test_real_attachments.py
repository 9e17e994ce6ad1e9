"""Real government attachments, not files the tests made: what a webmaster and a citizen see.

The samples in tests/data/attachments/ (sources in its README.txt) are a text PDF of a real
政府信息公开工作年度报告 (WPS-made, CID fonts, lines justified and wrapped inside words), a real form
attachment (附件2) saved by WPS Office as a Word 97 .doc, and a 1-bit scan of the report's first
page.  Each is attached to a catalogue entry of the fixture site and built; a copy of the real form
carrying the GB 11643 example 身份证号 must stop the build with one message naming entry, line,
file and the place in it, also when it is published printed and scanned; a real file named as
agencies name them (3#地块 … (1).pdf) must be linked, not cut at its '#'.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from conftest import (
    AGENCY_CODE,
    BuildResult,
    entry,
    minimal_site,
    run_build,
    write_files,
    write_site,
)
from gongkai.core import privacy
from gongkai.core.load import read_site
from gongkai.core.search import extract
from gongkai.core.settings import Settings
from test_search_passages import DONE, index_text, vocabulary

DATA = Path(__file__).parent / "data" / "attachments"
REPORT = DATA / "hongze-2023-annual-report.pdf"
FORM = DATA / "vulnerability-feedback-form.doc"
SCAN = DATA / "hongze-2023-annual-report-p1-scan.pdf"
# The example of GB 11643-1999 (check digit X, worked by hand from the standard's weights).
ID_NUMBER = "11010519491231002X"
ID_MASKED = "110*************2X"

PDF_ENTRY, DOC_ENTRY, SCAN_ENTRY = (f"{AGENCY_CODE}/2024-000{n}" for n in (21, 22, 23))

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice not installed (CI installs it)")
needs_ocr = pytest.mark.skipif(not extract.ocr_available() or shutil.which("pdftoppm") is None,
                               reason="Tesseract with chi_sim or pdftoppm not installed (CI installs them)")


def with_attachment(index_no: str, title: str, name: str) -> str:
    """An entry whose title and summary hold none of the attachment's words."""
    return entry(index_no, title=title, summary="转发有关材料。", body="详见附件。\n",
                 extra=f"attachments:\n  - {{path: {name}, title: 附件}}\n")


def real_site() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(minimal_site())
    files.update({
        "catalogue/2024/report.md": with_attachment(PDF_ENTRY, "关于转发年度材料的通知", REPORT.name),
        f"catalogue/2024/{REPORT.name}": REPORT.read_bytes(),
        "catalogue/2024/form.md": with_attachment(DOC_ENTRY, "关于报送反馈材料的通知", FORM.name),
        f"catalogue/2024/{FORM.name}": FORM.read_bytes(),
        "catalogue/2024/scan.md": with_attachment(SCAN_ENTRY, "关于转发扫描材料的通知", SCAN.name),
        f"catalogue/2024/{SCAN.name}": SCAN.read_bytes(),
    })
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("real-attachments")
    write_site(root, real_site())
    result = run_build(root)
    assert result.exit_code == 0, result.log
    return result


def page_of(index_no: str) -> str:
    return f"doc/{index_no.lower().replace('/', '-')}/"


@pytest.mark.parametrize(("index_no", "path"), [(PDF_ENTRY, REPORT), (DOC_ENTRY, FORM), (SCAN_ENTRY, SCAN)])
def test_each_entry_page_links_its_real_file_published_byte_for_byte(built, index_no, path):
    html = built.page(page_of(index_no))
    assert f'href="../../catalogue/2024/{path.name}"' in html
    assert (built.site_dir / "catalogue/2024" / path.name).read_bytes() == path.read_bytes()


def test_words_the_pdfs_line_ends_and_justified_spaces_cut_are_searchable(built):
    # The report wraps its lines inside words (做到任\n务具体, 中国特色社会\n主义思想) and spreads
    # justified lines with spaces (邮 编 ：): a citizen types the words whole.
    text = index_text(built.site_dir, PDF_ENTRY)
    assert "做到任务具体" in text and "中国特色社会主义思想" in text and "号，邮编：" in text
    # 任务 occurs in the report only across a line end.
    assert {"任务", "邮编", "办法"} <= vocabulary(built.site_dir)


def test_the_wrapped_lines_of_a_pdf_still_end_at_paragraphs(built):
    text = index_text(built.site_dir, PDF_ENTRY)
    # A heading is not glued to the paragraph after it when a number or punctuation ends it.
    assert "一、总体情况\n2023 年，洪泽区人民政府" in text


@pytest.mark.parametrize(
    ("path", "text", "searched"),
    [
        # Lines of the real report: a line end inside a word, a justified line spread apart.
        ("a.pdf", "中国特色社会\n主义思想", "中国特色社会主义思想"),
        ("a.pdf", "号 ， 邮 编 ： 223100 ， 电 话 ：", "号，邮编： 223100 ，电话："),
        # A line that ends with a number or punctuation is a paragraph's end: kept.
        ("a.pdf", "一、总体情况\n2023 年，我区", "一、总体情况\n2023 年，我区"),
        ("a.pdf", "健康发展。\n（一）主动公开", "健康发展。\n（一）主动公开"),
        # Words apart are a table's columns, not a spread line.
        ("a.pdf", "IP 地址 漏洞名称 是否整改", "IP 地址 漏洞名称 是否整改"),
        # A scan's OCR text and a presentation are pages too; a title's letter spacing anywhere.
        ("扫描件.PNG", "政府信\n息公开", "政府信息公开"),
        ("汇报.ppt", "政务\n公开", "政务公开"),
        ("报名表.docx", "报   名   表", "报名表"),
        # The lines of a Word file or a spreadsheet are paragraphs, cells and rows.
        ("反馈表.doc", "IP地址\n漏洞名称", "IP地址\n漏洞名称"),
        ("名单.xlsx", "姓名\t单位\n张某\t市场监管局", "姓名\t单位\n张某\t市场监管局"),
    ],
)
def test_search_reads_a_pages_lines_as_the_reader_does(path, text, searched):
    assert extract.searchable_text(path, text) == searched


@needs_soffice
def test_an_old_word_file_saved_by_wps_is_read_through_libreoffice(built):
    text = index_text(built.site_dir, DOC_ENTRY)
    assert "漏洞处置情况反馈表" in text and "网络安全负责人" in text
    assert f"'{FORM.name}' cannot be scanned" not in built.log


@needs_soffice
def test_the_real_form_named_wps_as_wps_office_also_saves_it_is_read(tmp_path):
    named = tmp_path / "反馈表.wps"
    shutil.copyfile(FORM, named)
    assert "漏洞处置情况反馈表" in extract.attachment_text(named)


@needs_ocr
def test_a_scanned_page_is_read_by_ocr(built):
    text = index_text(built.site_dir, SCAN_ENTRY)
    for words in ("政府信息公开", "淮安市洪泽区人民政府办公室", "依申请公开"):
        assert words in text, text
    assert f"'{SCAN.name}' cannot be scanned" not in built.log


def test_without_libreoffice_and_tesseract_each_real_file_is_named_in_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    found = messages(tmp_path, real_site())
    assert ("catalogue/2024/form.md:10: attachments: 'vulnerability-feedback-form.doc' cannot be "
            "scanned for personal data (LibreOffice (soffice) is not installed)") in "\n".join(found)
    assert any(message.startswith("catalogue/2024/scan.md:10: attachments: "
                                  f"'{SCAN.name}' cannot be scanned for personal data (Tesseract")
               for message in found), "\n".join(found)
    # The text PDF needs neither tool.
    assert not any(REPORT.name in message for message in found)


@pytest.mark.browser
def test_a_citizen_finds_the_report_by_a_word_its_line_end_cut(built, serve, browser):
    base = serve(built.site_dir)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(f"{base}search/?q={urllib.parse.quote('任务具体')}")
    tab.wait_for_selector(DONE, timeout=15000)
    first = tab.eval_on_selector(".gk-result", """item => ({
        title: item.querySelector('a').textContent,
        marks: Array.from(item.querySelectorAll('.gk-result__snippet mark'), m => m.textContent)})""")
    context.close()
    assert first["title"] == "关于转发年度材料的通知"
    assert "".join(first["marks"]) == "任务具体"


# -- a real form filled in with a 身份证号 ---------------------------------------------------------


def messages(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    """What the build's validation reports for the fixture site ``files`` (no MkDocs)."""
    content = tmp_path / "content"
    write_files(content, files)
    extract.clear_memory()
    _, problems = read_site(content, Settings(today=dt.date(2026, 11, 25),
                                              text_cache=tmp_path / "cache"), workers=1)
    return [str(problem) for problem in problems.items]


def soffice(tmp_path: Path, source: Path, export: str) -> Path:
    """``source`` converted by LibreOffice (as an agency's office would save it)."""
    out = tmp_path / "converted"
    subprocess.run([shutil.which("soffice") or "soffice",
                    f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", export, "--outdir", str(out), str(source)],
                   capture_output=True, check=True, timeout=180)
    return out / f"{source.stem}.{export}"


def filled_form(tmp_path: Path) -> Path:
    """The real form as DOCX, its 负责人 filled in with a name and 身份证号."""
    import docx

    document = docx.Document(str(soffice(tmp_path, FORM, "docx")))
    row = next(row for row in document.tables[0].rows if row.cells[0].text == "*负责人")
    row.cells[1].text = f"张三 {ID_NUMBER}"
    filled = tmp_path / "filled" / "反馈表.docx"
    filled.parent.mkdir()
    document.save(str(filled))
    return filled


def form_entry(name: str) -> str:
    return entry(extra=f"attachments:\n  - {{path: {name}, title: 附件2}}\n")


@needs_soffice
def test_an_id_number_in_a_real_form_is_found_in_every_format_it_is_published_in(tmp_path):
    filled = filled_form(tmp_path)
    published = {"反馈表.docx": filled.read_bytes(),
                 "反馈表.pdf": soffice(tmp_path, filled, "pdf").read_bytes(),
                 "反馈表.doc": soffice(tmp_path, filled, "doc").read_bytes()}
    # Where the number is: the DOCX's 8th non-empty line (附件2, the title, the 4 column heads,
    # *负责人, then its value); in the PDF, line 7 of page 1 (the page number, 附件 2, the title,
    # the heads' line, *负责人, 张三, then the number, which the narrow cell breaks after 15
    # digits); line 53 of LibreOffice's text of the .doc (it keeps a line for every empty cell).
    places = {"反馈表.docx": "line 8", "反馈表.pdf": "page 1, line 7", "反馈表.doc": "line 53"}
    for name, data in published.items():
        files = {**minimal_site(), "catalogue/2024/a.md": form_entry(name), f"catalogue/2024/{name}": data}
        found = [m for m in messages(tmp_path / name, files) if "personal data" in m]
        assert found == [
            f"catalogue/2024/a.md:10: attachments: '{name}' ({places[name]}) looks like personal "
            f"data: a 身份证号 ({ID_MASKED}) may not be published — remove or mask it; if it is "
            f"meant to be public (e.g. an official hotline), add it to 'privacy_allow: [\"{ID_NUMBER}\"]'"
        ], found


@needs_soffice
def test_the_build_refuses_a_real_form_carrying_an_id_number_and_publishes_nothing(tmp_path):
    filled = filled_form(tmp_path).read_bytes()
    root = tmp_path / "site-root"
    write_site(root, {**minimal_site(), "catalogue/2024/a.md": form_entry("反馈表.docx"),
                      "catalogue/2024/反馈表.docx": filled})
    result = run_build(root)
    assert result.exit_code != 0
    errors = [line for line in result.log.splitlines() if line.startswith("ERROR   -  gongkai:")]
    assert len(errors) == 1 and ("catalogue/2024/a.md:10: attachments: '反馈表.docx' (line 8) looks "
                                 f"like personal data: a 身份证号 ({ID_MASKED})") in errors[0], result.log
    assert "nothing was built" in result.log
    assert not result.site_dir.exists() or not any(
        ID_NUMBER.encode() in path.read_bytes() for path in result.site_dir.rglob("*") if path.is_file())


def scanned(tmp_path: Path, pdf: Path) -> bytes:
    """``pdf`` printed and scanned: each page a 1-bit 150 dpi picture, no text layer."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "150", "-mono", "-png", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True, capture_output=True, timeout=120)
    out = tmp_path / "scan.pdf"
    Image.open(tmp_path / "page.png").convert("1").save(out, "PDF", resolution=150)
    return out.read_bytes()


@needs_soffice
@needs_ocr
def test_an_id_number_a_scanned_table_cell_wraps_is_reported_from_what_ocr_reads(tmp_path):
    # The filled form printed and scanned: the narrow cell wraps the number after 15 digits and
    # OCR reads the first line with the cell's border beside it ("110105194912310 | …") and the
    # rest garbled or not at all; a number OCR read whole was the only one reported.
    scan = scanned(tmp_path, soffice(tmp_path, filled_form(tmp_path), "pdf"))
    files = {**minimal_site(), "catalogue/2024/a.md": form_entry("反馈表扫描件.pdf"),
             "catalogue/2024/反馈表扫描件.pdf": scan}
    found = [m for m in messages(tmp_path, files) if "personal data" in m]
    assert len(found) == 1 and found[0].startswith(
        "catalogue/2024/a.md:10: attachments: '反馈表扫描件.pdf' (page 1, line "), found
    # (Here OCR reads 15 digits, 110**********10; another Tesseract may read a digit more.)
    assert "looks like personal data: the start of a 身份证号 (110*****" in found[0], found


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # What OCR read of the wrapped cell: 15 digits, then the border and noise or nothing.
        ("+负责人”| 110105194912310 | “BARBIE\n02x", ["110105194912310"]),
        ("+负责人   110105194912310     +联系电话", ["110105194912310"]),
        ("11010519491231 张三", ["11010519491231"]),  # 14 digits: region code and birth date
        ("１１０１０５１９４９１２３１００２", ["１１０１０５１９４９１２３１００２"]),  # full-width, 17
        # A whole number is find_personal_data's, also one broken across two lines.
        (f"身份证号 {ID_NUMBER}", []),
        ("110105194912310\n02X", []),
        # Not the start of an ID: no birth date, a first digit 0 or 9, part of a longer number,
        # 13 digits, an amount.
        ("320100000123456", []),
        ("910105194912310", []),
        ("1101051949123100021", []),
        ("1101051949123", []),
        ("11010519491231.50", []),
        ("电话：0517-87222589，邮编：223100", []),
    ],
)
def test_the_start_of_an_id_number_ocr_read_in_part_is_found(text, starts):
    assert [hit.value for hit in privacy.find_id_number_starts(text)] == starts


def test_a_real_file_named_as_agencies_name_them_is_linked_and_builds(tmp_path):
    # 规划 and 建设 attachments number buildings and plots with '#' (3#地块, 1#楼); names copied
    # from Windows carry spaces and "(1)".  The link must reach the file, not a fragment of it.
    name = "3#地块规划许可公示 (1).pdf"
    files: dict[str, str | bytes] = {**minimal_site(), "catalogue/2024/a.md": form_entry(name),
                                     f"catalogue/2024/{name}": REPORT.read_bytes()}
    write_site(tmp_path, files)
    result = run_build(tmp_path, "--strict")
    assert result.exit_code == 0, result.log
    html = result.page(page_of(f"{AGENCY_CODE}/2024-00001"))
    href = '../../catalogue/2024/3%23地块规划许可公示%20(1).pdf'
    assert f'href="{href}"' in html
    linked = (result.site_dir / page_of(f"{AGENCY_CODE}/2024-00001") / urllib.parse.unquote(href)).resolve()
    assert linked.read_bytes() == REPORT.read_bytes()
