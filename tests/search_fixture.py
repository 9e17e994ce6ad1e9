"""A fixture agency site for search tests, and the query set with the entries each query must find.

Titles, 文号 and texts are realistic for a 市场监督管理局; 文号 are written in every bracket style
(〔〕 [] 【】 () （）), one entry is written in 繁体, two documents exist mainly as attachments (a DOCX
and a PDF with Chinese text), and one entry has not passed 保密审查.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from conftest import AGENCY_CODE, entry

SECRET_WORD = "猫头鹰行动"  # only in the withheld entry: must never reach any published file
SECRET_INDEX_NO = f"{AGENCY_CODE}/2025-00099"


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal valid Word document holding ``paragraphs``."""
    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page text PDF in the standard Chinese font STSong-Light (no embedded font needed)."""
    content = "BT /F1 14 Tf 72 720 Td " + " ".join(
        f"<{line.encode('utf-16-be').hex()}> Tj 0 -20 Td" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
        " /Contents 4 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
        " /DescendantFonts [6 0 R] >>",
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry"
        " (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900]"
        " /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            .encode())
    return out


# key: (index number suffix, title, category, published, extra front matter, body)
ENTRIES: dict[str, tuple[str, str, str, str, str, str]] = {
    "budget2024": ("2024-00003", "临川市测试局2024年部门预算", "财政预决算", "2024-02-06",
                   "doc_no: 临市财发〔2024〕12号\n",
                   "根据《中华人民共和国预算法》规定，现将本局2024年财政预算收支总表、"
                   "三公经费预算和政府采购预算公开如下。\n"),
    "budget2023": ("2023-00004", "临川市测试局2023年部门预算", "财政预决算", "2023-02-08",
                   "doc_no: 临市财发〔2023〕12号\n",
                   "现将本局2023年财政预算收支情况公开如下，收支总预算比上年增长。\n"),
    "final2023": ("2024-00011", "临川市测试局2023年度部门决算", "财政预决算", "2024-07-20",
                  "doc_no: 临市财发〔2024〕2号\n",
                  "公开2023年度收入支出决算总表和财政拨款支出决算表。\n"),
    "oldfinance": ("2023-00001", "关于2012年度行政事业性收费清理情况的报告", "行政事业性收费", "2023-01-10",
                   "doc_no: 临市财发〔2012〕24号\n",
                   "对全市行政事业性收费项目进行清理，取消收费项目三项。\n"),
    "licence_food": ("2024-00020", "2024年上半年食品生产许可证核发情况公告", "行政许可", "2024-07-05",
                     "doc_no: 临市监公告【2024】6号\n",
                     "上半年共办理食品生产许可新办、变更、延续事项68件，全部按时办结。\n"),
    "licence_list": ("2025-00002", "临川市测试局行政许可事项清单（2025年版）", "行政许可", "2025-01-15",
                     "",
                     "公布本局实施的行政许可事项名称、设定依据和办理时限，共计二十三项。\n"),
    "licence_drug": ("2023-00012", "药品零售企业经营许可办理指南", "行政许可", "2023-06-01",
                     "keywords: [药店, 办事指南]\n",
                     "申请开办药品零售企业的，应当向所在地县级市场监督管理部门提出申请。\n"),
    "food_check": ("2024-00030", "2024年度食品安全监督抽检结果汇总公告", "监督检查", "2024-12-20",
                   "doc_no: 临市监公告[2024]15号\n",
                   "全年共完成食品安全监督抽检5786批次，合格率98.4%，不合格产品已依法处置。\n"),
    "elevator_notice": ("2025-00007", "关于开展2025年度电梯安全专项检查的通知", "监督检查", "2025-04-09",
                        "doc_no: 临市监函【2025】7号\n"
                        "attachments:\n  - {path: elevator-units.pdf, title: 电梯维保单位名录}\n",
                        "为加强电梯使用安全管理，决定在全市开展电梯安全专项检查。"
                        "检查依据GB 7588《电梯制造与安装安全规范》执行。\n"),
    "boiler_table": ("2025-00008", "特种设备安全检查表", "监督检查", "2025-04-10",
                     "attachments:\n  - {path: boiler-check.docx, title: 检查表}\n",
                     "见附件。\n"),
    "metrology": ("2024-00016", "关于开展2024年度计量器具强制检定工作的通知", "监督检查", "2024-03-28",
                  "doc_no: 临市监发(2024)21号\n",
                  "部署强制检定计量器具周期检定，重点检查集贸市场、加油站和眼镜制配场所。\n"),
    "price": ("2025-00005", "关于规范明码标价行为的指导意见", "行政规范性文件", "2025-03-01",
              "doc_no: 临市监办（2025）3号\n",
              "经营者销售商品和提供服务，应当按照《价格法》规定明码标价，标明品名、计价单位和价格。\n"),
    "light_penalty": ("2024-00001", "临川市市场监管领域轻微违法行为不予行政处罚清单", "行政处罚和行政强制",
                      "2024-01-12", "doc_no: 临市监规〔2024〕1号\n",
                      "对首次违法且危害后果轻微并及时改正的，不予行政处罚，依法予以教育。\n"),
    "penalty_rule": ("2023-00020", "临川市市场监督管理局行政处罚裁量权适用规则", "行政规范性文件",
                     "2023-09-01", "doc_no: 临市监规[2023]5号\nvalidity: 废止\nabolished: 2024-12-31\n",
                     "规范行政处罚裁量权的行使，分领域制定裁量基准并向社会公开。\n"),
    "registration": ("2023-00030", "临川市经营主体登记便利化若干措施", "行政规范性文件", "2023-12-22",
                     "doc_no: 临市监规〔2023〕4号\n",
                     "推行经营主体登记全程电子化，营业执照当日办结。\n"),
    "disclosure_rules": ("2024-00002", "临川市测试局政府信息公开工作制度", "政府信息公开制度",
                         "2024-01-20", "",
                         "为规范政府信息公开工作，依据《中华人民共和国政府信息公开条例》，制定本制度。"
                         "政府信息公开工作由办公室负责。\n"),
    "disclosure_secrecy": ("2024-00004", "临川市测试局政府信息公开保密审查办法", "政府信息公开制度",
                           "2024-02-01", "",
                           "拟公开的政府信息应当依照《中华人民共和国保守国家秘密法》进行保密审查。\n"),
    "plan": ("2022-00003", "临川市“十四五”市场监管现代化规划", "规划计划", "2022-01-28",
             "doc_no: 临府办发〔2022〕5号\n",
             "提出优化营商环境、守牢安全底线、强化质量支撑等六方面主要任务。\n"),
    "statistics": ("2024-00025", "2023年临川市市场监管统计公报", "统计信息", "2024-04-10", "",
                   "截至2023年底，全市实有经营主体42.6万户，同比增长6.1%。\n"),
    "complaints": ("2025-00010", "2025年一季度12315投诉举报情况分析", "统计信息", "2025-04-20", "",
                   "一季度全国12315平台和12315热线共受理本市投诉举报3120件，预付式消费投诉居首。\n"),
    "iso": ("2025-00012", "关于推进ISO9001质量管理体系认证工作的通知", "其他法定公开信息", "2025-05-06",
            "", "鼓励中小企业开展ISO9001认证，提升质量管理水平。\n"),
    "base5g": ("2024-00040", "5G基站建设电磁辐射检测结果公示", "其他法定公开信息", "2024-09-02", "",
               "对全市120座5G基站开展检测，结果均符合国家标准。\n"),
    "procurement": ("2025-00015", "检验检测设备采购项目中标公告", "政府集中采购", "2025-06-12", "",
                    "本项目采购气相色谱质谱联用仪等检验检测设备，中标金额386万元。\n"),
    "emergency": ("2025-00020", "临川市市场监管系统突发事件总体应急预案", "应急管理", "2025-05-07",
                  "doc_no: 临市监发〔2025〕15号\n",
                  "建立食品安全、特种设备和价格异常波动等突发事件应急处置机制。\n"),
    "recruit": ("2024-00035", "2024年考试录用公务员拟录用人员公示", "公务员招考", "2024-07-30", "",
                "经笔试、面试、体检和考察，拟录用人员名单公示如下，公示期五个工作日。\n"),
    "agency_duties": ("2025-00001", "临川市测试局主要职责和内设机构", "机构职能", "2025-01-03", "",
                      "负责市场综合监督管理，统一登记经营主体，组织实施质量强市战略。\n"),
    "interpretation": ("2025-00006", "《关于规范明码标价行为的指导意见》政策解读", "政策解读", "2025-03-02",
                       "", "明码标价新规明确了标价签、网络交易标价等要求。\n"),
    "gba": ("2025-00030", "粵港澳大灣區計量合作備忘錄", "其他法定公开信息", "2025-08-01", "",
            "本局與香港、澳門計量機構簽署合作備忘錄，推動計量標準互認。\n"),
    "elevator_old": ("2023-00040", "电梯维护保养质量评价结果", "监督检查", "2023-11-15", "",
                     "对全市电梯维保单位开展质量评价，评价结果分为A、B、C三级。\n"),
    "gas": ("2024-00045", "燃气具产品质量监督抽查结果通报", "监督检查", "2024-10-18", "",
            "抽查燃气灶具和燃气热水器共60批次，不合格8批次。\n"),
    "child": ("2025-00025", "儿童用品质量安全风险提示", "民生政策", "2025-06-01", "",
              "提醒家长选购带有3C认证标志的儿童玩具和童车。\n"),
    "ebike": ("2025-00035", "电动自行车质量安全专项整治实施方案", "监督检查", "2025-09-10",
              "doc_no: 临市监发〔2025〕30号\n",
              "严厉打击生产销售不符合GB17761标准的电动自行车及非法改装行为。\n"),
}

WITHHELD = entry(SECRET_INDEX_NO, title=f"关于{SECRET_WORD}的内部工作方案", category="监督检查",
                 created="2025-02-01", published="2025-02-02", summary=f"{SECRET_WORD}部署。",
                 body=f"{SECRET_WORD}：待保密审查。\n", review="待审")


def index_no(key: str) -> str:
    """Full 索引号 of a fixture entry."""
    return f"{AGENCY_CODE}/{ENTRIES[key][0]}"


def url_of(key: str) -> str:
    """Entry page URL path (below the site root) of a fixture entry."""
    return f"doc/{index_no(key).lower().replace('/', '-')}/"


def title_of(key: str) -> str:
    return ENTRIES[key][1]


def search_site() -> dict[str, str | bytes | None]:
    """Files for ``build_site``: the fixture entries, their attachments and the withheld entry."""
    files: dict[str, str | bytes | None] = {
        "catalogue/2024/a.md": None, "catalogue/2024/b.md": None, "catalogue/2023/c.md": None,
    }
    for key, (number, title, category, published, extra, body) in ENTRIES.items():
        year = published[:4]
        files[f"catalogue/{year}/{key}.md"] = entry(
            f"{AGENCY_CODE}/{number}", title=title, category=category,
            created=published, published=published, summary=f"{title}。", body=body, extra=extra)
    files["catalogue/2025/elevator-units.pdf"] = pdf_bytes(
        ["附件：2025年电梯维保单位名录", "临川市恒安电梯工程有限公司 维保资质A级", "PDF-VERIFY-2025"])
    files["catalogue/2025/boiler-check.docx"] = docx_bytes(
        ["锅炉压力容器安全检查表", "一、使用登记是否办理", "二、安全阀是否按期校验", "三、作业人员是否持证上岗"])
    files["catalogue/2025/withheld.md"] = WITHHELD
    return files


# (category of query, query, key of the entry that must be among the first three results)
QUERIES: list[tuple[str, str, str]] = [
    # two-character words inside longer words, and title fragments
    ("词", "预算", "budget2024"),
    ("词", "许可", "licence_list"),
    ("词", "共和国", "disclosure_rules"),
    ("词", "抽检", "food_check"),
    ("词", "决算", "final2023"),
    ("词", "明码标价", "price"),
    ("词", "轻微违法行为不予行政处罚", "light_penalty"),
    ("词", "登记便利化", "registration"),
    ("词", "药店", "licence_drug"),
    ("词", "燃气热水器", "gas"),
    ("词", "应急预案", "emergency"),
    ("词", "拟录用", "recruit"),
    # 文号 in every bracket style, with or without 号, with spaces
    ("文号", "临市财发〔2024〕12号", "budget2024"),
    ("文号", "临市财发[2024]12号", "budget2024"),
    ("文号", "临市财发【2024】12", "budget2024"),
    ("文号", "临市财发 (2024) 12 号", "budget2024"),
    ("文号", "临市财发（2024）12号", "budget2024"),
    ("文号", "市财发〔2024〕12号", "budget2024"),
    ("文号", "临市财发〔2012〕24号", "oldfinance"),
    ("文号", "临市监规〔2023〕5号", "penalty_rule"),
    ("文号", "临市监函〔2025〕7号", "elevator_notice"),
    ("文号", "临市监发〔2024〕21号", "metrology"),
    ("文号", "临市监办〔2025〕3号", "price"),
    ("文号", "临市监公告〔2024〕15号", "food_check"),
    # 索引号
    ("索引号", index_no("statistics"), "statistics"),
    ("索引号", "2024-00016", "metrology"),
    ("索引号", index_no("iso").lower(), "iso"),
    # year queries
    ("年份", "2024年部门预算", "budget2024"),
    ("年份", "2023年部门预算", "budget2023"),
    ("年份", "2023年度部门决算", "final2023"),
    ("年份", "2012年", "oldfinance"),
    ("年份", "2025年电梯安全", "elevator_notice"),
    # 繁体 queries find 简体 text, and 简体 queries find 繁体 text
    ("繁简", "政府資訊公開", "disclosure_rules"),
    ("繁简", "政府信息公開", "disclosure_rules"),
    ("繁简", "食品安全監督抽檢", "food_check"),
    ("繁简", "行政許可事項清單", "licence_list"),
    ("繁简", "電梯維護保養", "elevator_old"),
    ("繁简", "粤港澳大湾区", "gba"),
    ("繁简", "计量标准互认", "gba"),
    # mixed Chinese / Latin / digits
    ("混合", "GB 7588", "elevator_notice"),
    ("混合", "12315投诉", "complaints"),
    ("混合", "ISO9001认证", "iso"),
    ("混合", "5G基站", "base5g"),
    ("混合", "ｇｂ17761", "ebike"),
    ("混合", "3C认证", "child"),
    # text found only in attachments (DOCX and PDF with Chinese text)
    ("附件", "锅炉压力容器", "boiler_table"),
    ("附件", "安全阀是否按期校验", "boiler_table"),
    ("附件", "恒安电梯工程", "elevator_notice"),
    ("附件", "pdf-verify-2025", "elevator_notice"),
]
