"""Generate a synthetic agency site of N catalogue entries for benchmarks.

    python benchmarks/generate.py 10000 /tmp/bench-10k

writes ``/tmp/bench-10k/mkdocs.yml`` and ``/tmp/bench-10k/content/``: the sample agency's
agency.yml, guide, registers, budgets and reports, plus N realistic entries (Chinese titles and
full text, 文号 in every bracket style, categories of 条例第二十条 over 2012–2026, some regulations
with 废止 and 政策解读 pairs, a PDF or DOCX attachment on every 25th entry).  The same seed gives the
same site, so runs can be compared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"
CODE = "11360100MB1C38423B"  # the sample agency's 统一社会信用代码 (the 索引号 prefix)
AGENCY = "临川市市场监督管理局"
TODAY = "2026-11-25"

CATEGORIES = [
    ("规章", "办法"), ("行政规范性文件", "通知"), ("机构职能", "公告"), ("规划计划", "规划"),
    ("统计信息", "公报"), ("行政许可", "公告"), ("行政处罚和行政强制", "决定"), ("财政预决算", "报告"),
    ("行政事业性收费", "目录"), ("政府集中采购", "公告"), ("重大建设项目", "批复"), ("民生政策", "意见"),
    ("应急管理", "预案"), ("监督检查", "通报"), ("公务员招考", "公告"), ("其他法定公开信息", "通知"),
    ("政府信息公开制度", "办法"), ("政策解读", "解读"),
]
TOPICS = [
    "食品安全监督抽检", "特种设备安全监察", "计量器具强制检定", "经营主体登记注册", "网络交易监督管理",
    "价格监督检查", "知识产权保护", "产品质量安全", "药品零售企业许可", "医疗器械经营备案",
    "电梯安全管理", "小作坊登记管理", "食品摊贩管理", "明码标价", "广告监测", "标准化建设",
    "认证认可监督", "检验检测机构管理", "消费者权益保护", "投诉举报处理", "双随机一公开抽查",
    "信用风险分类监管", "校园食品安全", "农贸市场改造提升", "加油站计量作弊整治", "燃气具质量",
    "儿童用品质量", "电动自行车质量安全", "预付式消费监管", "直播电商合规",
]
VERBS = ["开展", "加强", "做好", "规范", "印发", "公布", "调整", "深化", "推进", "实施"]
DOC_PREFIXES = ["临市监", "临市监规", "临市监函", "临市监办", "临市监发", "临市财发"]
BRACKETS = [("〔", "〕"), ("[", "]"), ("【", "】"), ("（", "）")]
PARAGRAPHS = [
    "为进一步{verb}{topic}工作，保障人民群众生命财产安全，根据有关法律法规和上级部门工作部署，结合本市实际，制定本{form}。",
    "各县（区）市场监督管理局要高度重视{topic}，明确责任分工，细化工作措施，确保各项任务按期完成。",
    "本年度共检查经营主体{n1}家次，发现问题{n2}个，责令整改{n3}个，立案查处{n4}件，罚没款{n5}万元。",
    "对检查中发现的问题，依法依规严肃处理；涉嫌犯罪的，依法移送公安机关。处理结果通过本机关政府信息公开专栏向社会公开。",
    "经营者应当建立健全进货查验、生产过程控制和出厂检验制度，如实记录有关信息，保存相关凭证不少于两年。",
    "鼓励社会公众参与监督，对发现的违法违规行为，可以通过12315热线或者全国12315平台进行投诉举报。",
    "本{form}自印发之日起施行，有效期五年。此前发布的有关规定与本{form}不一致的，以本{form}为准。",
    "各单位在执行中遇到的问题，请及时向市市场监督管理局{dept}反馈，联系电话：0794-8123{tail}。",
]
DEPARTMENTS = ["办公室", "法规科", "食品生产安全监督管理科", "特种设备安全监察科", "计量科", "登记注册科"]


def entry_text(rng: random.Random, number: int, year: int, category: str, form: str,
               regulations: list[str], attachments: dict[str, str]) -> tuple[str, str]:
    """Front matter and body of entry ``number``; returns (index_no, text)."""
    index_no = f"{CODE}/{year}-{number:05d}"
    topic = rng.choice(TOPICS)
    verb = rng.choice(VERBS)
    title = f"{AGENCY}关于{verb}{year}年{topic}工作的{form}"
    created = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    published = created + dt.timedelta(days=rng.randint(0, 12))
    if published > dt.date.fromisoformat(TODAY):
        published = created = dt.date.fromisoformat(TODAY) - dt.timedelta(days=rng.randint(1, 30))
    prefix = rng.choice(DOC_PREFIXES)
    left, right = rng.choice(BRACKETS)
    meta: dict[str, object] = {
        "title": title,
        "index_no": index_no,
        "category": category,
        "created": created,
        "published": published,
        "summary": f"{verb}{topic}工作的主要任务、职责分工和工作要求。",
        "doc_no": f"{prefix}{left}{year}{right}{rng.randint(1, 180)}号",
        "form": form,
        "review": {"result": "通过", "by": "审查员", "date": published},
        "keywords": [topic, form],
    }
    if category in ("规章", "行政规范性文件"):
        if regulations and rng.random() < 0.25 and year < 2026:
            meta["validity"] = "废止"
            meta["abolished"] = dt.date(year + 1, 1, 1)
        regulations.append(index_no)
    if category == "政策解读" and regulations:
        meta["interprets"] = rng.choice(regulations)
    if number % 25 == 0 and attachments:
        name, source = rng.choice(sorted(attachments.items()))
        meta["attachments"] = [{"path": name, "title": f"附件：{topic}相关表格"}]
    values = {"verb": verb, "topic": topic, "form": form, "dept": rng.choice(DEPARTMENTS),
              "tail": f"{rng.randint(400, 499)}", "n1": rng.randint(50, 3000), "n2": rng.randint(1, 300),
              "n3": rng.randint(1, 200), "n4": rng.randint(0, 80), "n5": rng.randint(1, 500)}
    body = "\n\n".join(p.format(**values) for p in rng.sample(PARAGRAPHS, rng.randint(4, len(PARAGRAPHS))))
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return index_no, f"---\n{front}---\n\n{body}\n"


def generate(count: int, target: Path, seed: int = 20261125,
             remove: Callable[[Path], None] = shutil.rmtree) -> None:
    """Write a site of ``count`` entries to ``target`` (replacing its content folder, which
    ``remove`` takes away)."""
    rng = random.Random(seed)
    content = target / "content"
    if content.exists():
        remove(content)
    content.mkdir(parents=True)
    for name in ("agency.yml", "guide.md", "index.md", "calendar.yml"):
        if (SAMPLE / name).exists():
            shutil.copy2(SAMPLE / name, content / name)
    for folder in ("registers", "budgets", "reports"):
        if (SAMPLE / folder).exists():
            shutil.copytree(SAMPLE / folder, content / folder)
    attachment_sources = sorted(p for p in (SAMPLE / "catalogue").rglob("*")
                                if p.suffix.lower() in (".pdf", ".docx", ".xlsx"))
    years = list(range(2012, 2027))
    per_year = -(-count // len(years))
    regulations: list[str] = []
    written = 0
    for year in years:
        folder = content / "catalogue" / str(year)
        folder.mkdir(parents=True)
        attachments: dict[str, str] = {}
        for source in attachment_sources:
            shutil.copy2(source, folder / source.name)
            attachments[source.name] = str(source)
        for number in range(1, per_year + 1):
            if written == count:
                break
            category, form = CATEGORIES[(written * 7 + number) % len(CATEGORIES)]
            _, text = entry_text(rng, number, year, category, form, regulations, attachments)
            (folder / f"e{number:05d}.md").write_text(text, encoding="utf-8")
            written += 1
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["plugins"] = [p if not (isinstance(p, dict) and "gongkai" in p)
                         else {"gongkai": {**(p["gongkai"] or {}), "today": TODAY}}
                         for p in config["plugins"]]
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of catalogue entries")
    parser.add_argument("target", type=Path, help="folder to write mkdocs.yml and content/ into")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()
    generate(args.count, args.target, args.seed)
    print(f"{args.count} entries written to {args.target / 'content'}")


if __name__ == "__main__":
    main()
