"""Page metadata: the 政府网站 meta tags on every page, Dublin Core and schema.org JSON-LD on entries."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import AGENCY_CODE, entry, minimal_site, run_build, write_site

HOSTILE_TITLE = '关于"严查"</script><script>alert(1)</script>的通知'
FILES = {
    **minimal_site(),
    "catalogue/2023/old.md": entry(
        f"{AGENCY_CODE}/2023-00002", title="临川市测试局价格监督检查办法", category="行政规范性文件",
        created="2023-01-05", published="2023-01-10", extra="validity: 废止\nabolished: 2024-06-01\n"),
    "catalogue/2024/hostile.md": entry(
        f"{AGENCY_CODE}/2024-00009", title=json.dumps(HOSTILE_TITLE, ensure_ascii=False),
        summary="摘要含有 <b>标签</b> & 符号。", extra="keywords: [价格, 检查]\n"),
}


class Head(HTMLParser):
    """The meta tags and the JSON-LD of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name"):
            self.meta.setdefault(values["name"] or "", []).append(values.get("content") or "")
        self._in_ld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._in_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld.append(data)


def head(html: str) -> Head:
    parser = Head()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("meta")
    write_site(root, FILES, {"footer": {"site_id": "3610000099"}})
    result = run_build(root)
    assert result.exit_code == 0, result.log
    return result.site_dir


def page(site: Path, url: str) -> Head:
    return head((site / url / "index.html").read_text(encoding="utf-8"))


def slug(index_no: str) -> str:
    return "doc/" + index_no.lower().replace("/", "-") + "/"


def test_every_page_carries_the_site_tags(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        meta = head(path.read_text(encoding="utf-8")).meta
        assert meta.get("SiteName") == ["测试站点"], path
        assert meta.get("SiteDomain") == ["test.linchuan.gov.cn"], path
        assert meta.get("SiteIDCode") == ["3610000099"], path
        if path.name != "404.html":
            for name in ("ColumnName", "ArticleTitle", "PubDate", "ContentSource"):
                assert len(meta.get(name, [])) == 1, (path, name)


@pytest.mark.parametrize(("url", "column", "title"), [
    ("", "首页", "首页"),
    ("catalogue/", "政府信息公开目录", "政府信息公开目录"),
    ("catalogue/xingzheng-xuke/", "行政许可", "行政许可"),
    ("catalogue/2023/", "政府信息公开目录", "2023年公开的政府信息"),
    ("guide/", "政府信息公开指南", "政府信息公开指南"),
    ("apply/", "依申请公开", "依申请公开"),
])
def test_section_pages_name_their_column(site, url, column, title):
    meta = page(site, url).meta
    assert meta["ColumnName"] == [column]
    assert meta["ArticleTitle"] == [title]
    assert meta["ContentSource"] == ["临川市测试局"]


def test_entry_page_tags_come_from_its_front_matter(site):
    meta = page(site, slug(f"{AGENCY_CODE}/2024-00001")).meta
    assert meta["ColumnName"] == ["其他法定公开信息"]
    assert meta["ArticleTitle"] == ["关于开展2024年计量器具检定工作的通知"]
    assert meta["PubDate"] == ["2024-03-08 00:00"]
    assert meta["ContentSource"] == ["临川市测试局"]
    assert meta["DC.title"] == ["关于开展2024年计量器具检定工作的通知"]
    assert meta["DC.identifier"] == [f"{AGENCY_CODE}/2024-00001"]
    assert meta["DC.date.created"] == ["2024-03-01"]
    assert meta["DC.date.issued"] == ["2024-03-08"]
    assert meta["DC.description"] == ["部署2024年度强制检定计量器具的检定工作。"]


def test_regulations_are_legislation_with_their_legal_force(site):
    current = json.loads(page(site, slug(f"{AGENCY_CODE}/2023-00001")).json_ld[0])
    assert current["@type"] == "Legislation"
    assert current["legislationIdentifier"] == "临测规〔2023〕1号"
    assert current["legislationLegalForce"] == "https://schema.org/InForce"
    assert current["datePublished"] == "2023-05-06"
    assert current["url"] == "https://test.linchuan.gov.cn/" + slug(f"{AGENCY_CODE}/2023-00001")
    abolished = json.loads(page(site, slug(f"{AGENCY_CODE}/2023-00002")).json_ld[0])
    assert abolished["legislationLegalForce"] == "https://schema.org/NotInForce"
    assert abolished["expires"] == "2024-06-01"


def test_other_entries_are_digital_documents(site):
    document = json.loads(page(site, slug(f"{AGENCY_CODE}/2024-00002")).json_ld[0])
    assert document["@type"] == "DigitalDocument"
    assert "legislationLegalForce" not in document
    assert document["publisher"] == {"@type": "GovernmentOrganization", "name": "临川市测试局"}


def test_yaml_values_cannot_break_out_of_meta_tags_or_json_ld(site):
    url = slug(f"{AGENCY_CODE}/2024-00009")
    html = (site / url / "index.html").read_text(encoding="utf-8")
    parsed = head(html)
    assert parsed.meta["ArticleTitle"] == [HOSTILE_TITLE]  # quotes escaped in the attribute
    assert len(parsed.json_ld) == 1
    document = json.loads(parsed.json_ld[0])  # the script ended where it should
    assert document["name"] == HOSTILE_TITLE
    assert document["description"] == "摘要含有 <b>标签</b> & 符号。"
    assert "<script>alert(1)" not in html
    assert re.search(r"ld\+json\">[^<]*</script>", html)  # no '<' inside the JSON-LD
    assert "王审查" not in html
