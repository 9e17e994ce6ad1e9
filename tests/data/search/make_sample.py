"""Make hebei-catalogue.csv from the scraped CSV files of gerry0208/spider_project (README.txt).

    python make_sample.py <folder holding the repository's 河北政府网站 CSV files, flattened>

Keeps per document: source column, a category of our sample agency, title and 公开日期 as
published, the document's own 文号 only where its text begins with one (a 文号 cited later in the
text is another document's), 有效性 where stated, and the first 100 characters of the text.
A title published twice on the same day is kept once.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

csv.field_size_limit(10**9)
DOC_NO = re.compile(r"([\u4e00-\u9fa5]{1,8}(?:〔|\[|（|\(|【)(?:19|20)\d\d(?:〕|\]|）|\)|】)(?:第)?\d{1,4}号)")
SOURCES = [  # (file name pattern, source, category, date column)
    ("*5科学技术厅*国家政策文件*", "科技厅·国家政策文件", "其他法定公开信息", "时间"),
    ("*2人力资源*", "人社厅·政策法规", "民生政策", "日期"),
    ("*省政府办公厅文件*", "省政府·办公厅文件", "行政规范性文件", "发文日期"),
]


def documents(folder: Path) -> list[dict[str, str]]:
    """The kept documents of the three columns, in the columns' order."""
    out: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    numbers: set[str] = set()
    for pattern, source, category, date_column in SOURCES:
        path = next(folder.glob(pattern))
        for row in csv.DictReader(path.open(encoding="utf-8-sig")):
            title = re.sub(r"\s+", " ", row["标题"]).strip()
            date = (row.get(date_column) or "").strip()[:10]
            if not title or (title, date) in seen or not re.fullmatch(r"\d{4}-\d\d-\d\d", date):
                continue
            seen.add((title, date))
            text = re.sub(r"\s+", "", row.get("内容", "").replace("\u3000", " "))
            if text.startswith(title.replace(" ", "")):
                text = text[len(title.replace(" ", "")):]
            match = DOC_NO.match(text.lstrip("（("))
            doc_no = match.group(1) if match else ""
            if doc_no:
                text = text.lstrip("（(")[len(doc_no):].lstrip("）)")
            if doc_no in numbers:
                doc_no = ""  # the scraped page repeated another document's 文号
            numbers.add(doc_no)
            if "更多信息请关注" in text and len(text) < 40:
                text = ""  # a placeholder, not the document's text
            out.append({"source": source, "category": category, "title": title, "published": date,
                        "doc_no": doc_no, "validity": (row.get("效力状态") or "").strip(),
                        "text": text[:100]})
    return out


if __name__ == "__main__":
    rows = documents(Path(sys.argv[1]))
    with (Path(__file__).parent / "hebei-catalogue.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} documents, {sum(1 for row in rows if row['doc_no'])} with their 文号")
