"""What a query means: partial matches, abbreviations, years, 繁简 phrases and "您是不是要找".

A citizen types what they remember: 发改委 where the title says 国家发展改革委, 人社部, a word no
document contains (稀土 政策), a typo (稀士), a year (2014年 高校毕业生就业), 繁體 with Taiwan words
(網際網路, 視訊).  The national titles and 文号 below are real (中国政府网: 国发〔2011〕12号,
国发〔2016〕55号, 国办发〔2014〕22号, 人社部发〔2015〕24号, 发改规划〔2017〕1116号; 浙委办〔2004〕39号,
public records); the local ones (市发改委, 临川市, the Hong Kong notice in 繁體) are modelled on them.
Pure functions are tables; what a visitor sees is checked in headless Chromium.
"""

from __future__ import annotations

import json
import urllib.parse
from collections import Counter

import pytest

from conftest import AGENCY_CODE, BuildResult, entry, minimal_site, run_build, write_site
from gongkai.core.search.expand import (
    ConceptFinder,
    abbreviation_groups,
    compact,
    phrase_table,
    regional_phrases,
    shipped_abbreviations,
    vocabulary_files,
)
from test_search import DONE, search

# key: (索引号 suffix, title, published, extra front matter, body)
ENTRIES: dict[str, tuple[str, str, str, str, str]] = {
    "service": ("2017-00001", "国家发展改革委关于印发《服务业创新发展大纲（2017—2025年）》的通知",
                "2017-06-21", "doc_no: 发改规划〔2017〕1116号\n",
                "为贯彻落实党中央、国务院决策部署，推动服务业创新发展，制定本大纲。\n"),
    "project": ("2024-00101", "市发改委关于2024年重大建设项目清单的公示", "2024-03-15", "",
                "经研究，现将本年度市级重大建设项目清单予以公示。\n"),
    "unemployment": ("2015-00001", "人力资源社会保障部 财政部关于调整失业保险费率有关问题的通知",
                     "2015-02-27", "doc_no: 人社部发〔2015〕24号\n",
                     "经国务院同意，现就调整失业保险费率有关问题通知如下。\n"),
    "rare_earth": ("2011-00001", "国务院关于促进稀土行业持续健康发展的若干意见", "2011-05-10",
                   "doc_no: 国发〔2011〕12号\n",
                   "稀土是不可再生的重要战略资源，在改造传统产业、发展新兴产业及国防科技工业中具有重要作用。\n"),
    "graduates2014": ("2014-00001", "国务院办公厅关于做好2014年全国普通高等学校毕业生就业创业工作的通知",
                      "2014-05-13", "doc_no: 国办发〔2014〕22号\n",
                      "2014年全国普通高等学校毕业生规模达727万人，就业创业工作任务更加繁重。\n"),
    "graduates2004": ("2004-00001",
                      "中共浙江省委办公厅、浙江省人民政府办公厅转发《关于做好2004年高校毕业生就业工作意见》的通知",
                      "2004-06-09", "doc_no: 浙委办〔2004〕39号\n",
                      "省委教育工委、省教育厅、省委组织部等部门《关于做好2004年高校毕业生就业工作的意见》"
                      "已经省委、省政府同意，现转发给你们，请认真贯彻执行。现就做好我省2004年高校毕业生"
                      "就业工作提出如下意见。一、提高认识，切实加强对高校毕业生就业工作的领导。\n"),
    "internet": ("2016-00001", "国务院关于加快推进“互联网+政务服务”工作的指导意见", "2016-09-29",
                 "doc_no: 国发〔2016〕55号\n",
                 "加快推进“互联网+政务服务”工作，切实提高政务服务质量与实效。\n"),
    "video": ("2025-00101", "香港特別行政區政府視訊會議系統採購公告", "2025-06-30", "",
              "本公告所述視訊會議系統供政府各部門使用。\n"),
    "fees2024": ("2024-00102", "临川市行政事业性收费目录清单", "2024-06-01", "",
                 "公布本市现行行政事业性收费目录清单。\n"),
    "fees2023": ("2023-00102", "临川市行政事业性收费目录清单", "2023-06-01", "",
                 "公布本市现行行政事业性收费目录清单。\n"),
}


def meaning_site() -> dict[str, str]:
    files = dict(minimal_site())
    for key, (number, title, published, extra, body) in ENTRIES.items():
        files[f"catalogue/{published[:4]}/{key}.md"] = entry(
            f"{AGENCY_CODE}/{number}", title=title, created=published, published=published,
            summary=f"{title}。", body=body, extra=extra)
    return files


def url_of(key: str) -> str:
    return f"doc/{AGENCY_CODE.lower()}-{ENTRIES[key][0]}/"


# --- pure functions ------------------------------------------------------------------------------

def test_shipped_abbreviations_are_many_and_each_names_another_body() -> None:
    table = shipped_abbreviations()
    assert sum(len(names) for names in table.values()) >= 150
    for key in ("发改委", "人社部", "人社局", "人社厅", "住建部", "住建局", "卫健委", "市监局", "网信办",
                "医保局", "一网通办", "放管服", "双随机一公开", "最多跑一次"):
        assert table[key], key
    for key, names in table.items():
        assert len(compact(key)) >= 2 and all(len(compact(n)) >= 2 for n in names), key
        assert compact(key) not in [compact(n) for n in names], f"{key} lists itself"


@pytest.mark.parametrize(("option", "names_of", "problem"), [
    # no option: the shipped table
    (None, {"发改委": ("发改委", "发展改革委", "发展和改革委员会", "发改局", "发展和改革局")}, ""),
    # a new line, and a shipped line replaced
    ({"临测局": ["临川市测试局"], "发改委": ["发展改革委"]},
     {"临测局": ("临测局", "临川市测试局"), "发改委": ("发改委", "发展改革委")}, ""),
    # one name as a plain string; 繁体, full-width and punctuation are folded away
    ({"網信辦": "網絡安全、信息化辦公室"}, {"網信辦": ("网信办", "网络安全信息化办公室")}, ""),
    # an empty list removes a shipped line
    ({"发改委": []}, {"发改委": None}, ""),
    ({"发改委": "发"}, {}, "'发改委': '发' has fewer than two characters"),
    ({"x": ["某某局"]}, {}, "'x': the short name needs at least two characters"),
    ({"发改委": {"全称": "发展改革委"}}, {}, "'发改委': is not a list of names"),
    (["发改委"], {}, "search_abbreviations: is not a mapping"),
])
def test_abbreviation_groups_from_the_shipped_table_and_the_site_option(option, names_of, problem) -> None:
    groups, problems = abbreviation_groups(option)
    by_key = {group.key: group.names for group in groups}
    for key, names in names_of.items():
        assert by_key.get(key) == names, key
    if problem:
        assert len(problems) == 1 and problem in problems[0], problems
        assert problems[0].startswith("mkdocs.yml: plugins.gongkai.search_abbreviations: ")
        assert " — " in problems[0]  # what is wrong — how to fix it
    else:
        assert problems == []


@pytest.mark.parametrize(("fields", "concepts"), [
    # title (8) and body (1) name 发改委 in two ways: the weights of both fields
    (["国家发展改革委关于印发服务业大纲的通知", "", "", "", "发改委负责解释。", ""], {"#发改委": 8}),
    (["", "", "", "", "由市发改委负责解释。", ""], {"#发改委": 1}),
    (["人力资源社会保障部 财政部关于调整失业保险费率的通知", "", "", "", "", ""], {"#人社部": 8}),
    # punctuation inside a name does not matter
    (["", "", "", "", "推进双随机、一公开监管。", ""], {"#双随机一公开": 1}),
    # the bigrams of a name scattered over the text are not the name
    (["发展改革试点和革委会旧址保护", "", "", "", "", ""], {}),
])
def test_concept_terms_of_a_document(fields: list[str], concepts: dict[str, int]) -> None:
    from gongkai.core.search.normalize import fold, index_terms

    finder = ConceptFinder(abbreviation_groups(None)[0])
    folded = [fold(text) for text in fields]
    terms = Counter(term for text in folded for term in index_terms(text))
    found = finder.weights(terms, folded, (8, 6, 4, 2, 1, 1))
    assert {k: v for k, v in found.items() if k in concepts or not concepts} == concepts


def test_a_bad_abbreviation_option_stops_the_build_with_one_clear_message(build_site) -> None:
    result = build_site(plugin_options={"search_abbreviations": {"发改委": "发", "临测局": ["临川市测试局"]}})
    assert result.exit_code != 0
    assert ("mkdocs.yml: plugins.gongkai.search_abbreviations: '发改委': '发' has fewer than two "
            "characters") in result.log
    assert "Traceback" not in result.log


def test_regional_phrases_come_from_opencc_both_folded() -> None:
    pairs = set(regional_phrases())
    assert ("互联网", "网际网络") in pairs  # 網際網路: 网路 folds to 网络 on both sides alike
    assert ("视频", "视讯") in pairs
    assert all(a != b for a, b in pairs)


def test_phrase_table_ships_only_what_the_index_needs() -> None:
    groups = abbreviation_groups(None)[0]
    postings = {"#发改委": "", "互联": "", "联网": "", "视频": ""}
    table = json.loads(phrase_table(groups, postings, {"视讯"}))
    assert list(table["concepts"]) == ["#发改委"]
    assert "发展和改革委员会" in table["concepts"]["#发改委"]
    assert ["网际网络", "互联网"] in table["tw"]   # a 繁体 query's Taiwan word → the mainland word
    assert ["视频", "视讯"] in table["cn"]         # a 简体 query's word → the 繁体 entries' word
    assert all(pair[0] != "建立" for pair in table["cn"])  # no Taiwan word of no 繁体 entry


def test_vocabulary_lists_the_characters_around_each_character_most_frequent_first() -> None:
    files, shards = vocabulary_files(Counter({"稀土": 3, "稀有": 1, "国土": 2}))
    assert shards == 1 and [f.path for f in files] == ["search/vocab/0.json"]
    assert json.loads(files[0].content) == {
        "稀": ["土有", ""], "土": ["", "稀国"], "有": ["", "稀"], "国": ["土", ""]}


# --- the site ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def meaning_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("meaning-site")
    write_site(root, meaning_site(), {"search_abbreviations": {"临测局": ["临川市测试局"]}})
    result = run_build(root, "--strict")
    assert result.exit_code == 0, result.log
    return result


@pytest.fixture(scope="module")
def base(meaning_build: BuildResult):
    import functools
    import http.server
    import threading

    from test_search import _Quiet

    handler = functools.partial(_Quiet, directory=str(meaning_build.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urllib.parse.urlsplit(request.url).path))
    page.fetched = fetched  # type: ignore[attr-defined]
    yield page
    context.close()


def hrefs(results: list[dict[str, str]], base: str) -> list[str]:
    return [r["href"].removeprefix(base) for r in results]


def test_new_index_files_are_small(meaning_build: BuildResult) -> None:
    search_dir = meaning_build.site_dir / "search"
    phrases = json.loads((search_dir / "phrases.json").read_text(encoding="utf-8"))
    # Only the groups some entry names, the site's own line among them.
    assert {"#发改委", "#人社部", "#高校", "#临测局", "#互联网加政务服务"} <= set(phrases["concepts"])
    assert len(phrases["concepts"]) < 10
    assert ["视频", "视讯"] in phrases["cn"]  # the 繁体 entry says 視訊
    assert (search_dir / "phrases.json").stat().st_size < 10_000
    assert (search_dir / "vocab" / "0.json").stat().st_size < 10_000


@pytest.mark.browser
def test_abbreviations_find_full_names_and_full_names_find_abbreviations(tab, base) -> None:
    assert hrefs(search(tab, base, "发改委 服务业"), base)[0] == url_of("service")
    assert hrefs(search(tab, base, "人社部"), base) == [url_of("unemployment")]
    # the other way: the title says 市发改委, the visitor writes the full name
    assert url_of("project") in hrefs(search(tab, base, "发展和改革委员会"), base)[:2]
    # the site's own line (mkdocs.yml: search_abbreviations)
    assert len(search(tab, base, "临测局 许可")) >= 1
    # the words of the name are highlighted, whichever name the document uses
    search(tab, base, "发改委")
    marks = tab.eval_on_selector_all(".gk-result__title mark", "ms => ms.map(m => m.textContent)")
    assert "发展改革委" in marks and "发改委" in marks


@pytest.mark.browser
def test_a_word_no_document_contains_does_not_empty_the_results(tab, base) -> None:
    results = search(tab, base, "稀土 政策")
    assert hrefs(results, base) == [url_of("rare_earth")]
    assert "“政策”未出现在任何已公开的政府信息中" in tab.inner_text(".gk-search__status")


@pytest.mark.browser
def test_partial_matches_come_after_complete_ones_under_a_label_with_the_missing_words(tab, base) -> None:
    results = search(tab, base, "服务业 发改委")
    assert hrefs(results, base)[0] == url_of("service")
    assert tab.is_visible("[data-gk-partial]")
    assert tab.inner_text("[data-gk-partial]") == "以下结果未包含全部词语"
    partial = tab.eval_on_selector_all("[data-gk-partial-results] .gk-result", """items => items.map(i => [
        i.querySelector('a').getAttribute('href'), i.querySelector('.gk-result__missing').innerText])""")
    assert [url_of("project").removeprefix("doc/"), "未包含：服务业"] in [
        [href.removeprefix("../doc/"), text] for href, text in partial]
    assert tab.eval_on_selector_all("[data-gk-results] .gk-result__missing", "ms => ms.length") == 0
    assert "另有" in tab.inner_text(".gk-search__status")
    # No entry holds both words: all results are partial, none complete, never "nothing found".
    results = search(tab, base, "稀土 服务业")
    assert set(hrefs(results, base)) >= {url_of("rare_earth"), url_of("service")}
    assert tab.inner_text(".gk-search__status").startswith("没有找到包含全部词语的政府信息")
    assert tab.is_hidden("[data-gk-none]")


@pytest.mark.browser
def test_a_typo_gets_a_suggestion_from_the_titles_that_runs_the_query(tab, base) -> None:
    assert search(tab, base, "稀士") == []
    assert tab.is_visible("[data-gk-suggest]")
    assert tab.inner_text("[data-gk-suggest]").startswith("您是不是要找：")
    links = tab.eval_on_selector_all("[data-gk-suggest] a", "as => as.map(a => a.textContent)")
    assert "稀土" in links
    tab.click("[data-gk-suggest] a:text-is('稀土')")
    tab.wait_for_selector(DONE)
    assert tab.input_value("#gk-search-query") == "稀土"
    assert tab.inner_text(".gk-result a") == ENTRIES["rare_earth"][1]
    # The vocabulary is fetched only after a query that found nothing or only partial matches.
    tab.fetched.clear()
    search(tab, base, "稀土")
    assert not [path for path in tab.fetched if "/search/vocab/" in path]
    assert tab.is_hidden("[data-gk-suggest]")
    # A typo inside a longer word: the rest of the word is found, and the whole word suggested.
    results = search(tab, base, "失业保险费律")
    assert hrefs(results, base) == [url_of("unemployment")]
    assert "失业保险费率" in tab.eval_on_selector_all("[data-gk-suggest] a",
                                                  "as => as.map(a => a.textContent)")
    assert "“律”" not in tab.inner_text(".gk-search__status")


@pytest.mark.browser
def test_the_year_in_the_query_ranks_that_years_document_first(tab, base) -> None:
    for query in ("2014年 高校毕业生就业", "二〇一四年高校毕业生就业", "高校毕业生就业 2014"):
        top = hrefs(search(tab, base, query), base)[:2]
        assert top == [url_of("graduates2014"), url_of("graduates2004")], query
    assert hrefs(search(tab, base, "2004年 高校毕业生就业"), base)[0] == url_of("graduates2004")


@pytest.mark.browser
def test_equal_scores_show_the_newer_document_first(tab, base) -> None:
    assert hrefs(search(tab, base, "行政事业性收费目录清单"), base)[:2] == [
        url_of("fees2024"), url_of("fees2023")]


@pytest.mark.browser
def test_traditional_phrases_in_both_directions(tab, base) -> None:
    # A 繁體 query with the Taiwan word (網際網路) finds the mainland document (互联网).
    assert hrefs(search(tab, base, "網際網路+政務服務"), base)[0] == url_of("internet")
    # A 简体 query finds the document written in 繁體 with the Taiwan word (視訊).
    assert hrefs(search(tab, base, "视频会议系统"), base)[0] == url_of("video")
    # Character folding as before.
    assert hrefs(search(tab, base, "香港特别行政区"), base)[0] == url_of("video")


@pytest.mark.browser
def test_query_parsing_table(tab, base) -> None:
    """Words, years and names as search.js reads them (the ranking above rests on these)."""
    tab.goto(base + "search/")
    tab.wait_for_selector("[data-gk-search][data-state=idle]")
    cases = {
        "2014年 高校毕业生就业": [2014, ["高校", "毕业生就业", "2014年"]],
        "二〇一四年高校毕业生就业": [2014, ["高校", "毕业生就业", "2014年"]],
        "2014-05-13 国办发": [2014, ["国办发", "2014年"]],
        "临市财发〔2024〕12号": [0, ["临市财发", "2024", "12"]],
        "2024-00016": [0, ["2024", "00016"]],
        "国家发改委": [0, ["国家", "发改委"]],
        "市发改委": [0, ["市", "发改委"]],
        "2012年": [2012, ["2012年"]],
    }
    parsed = tab.evaluate("""async (queries) => {
        await gongkaiSearch.loadFold(); await gongkaiSearch.loadPhrases();
        return queries.map(q => { const p = gongkaiSearch.parseQuery(q);
            return [p.year, p.units.map(u => u.text), p.units.map(u => !!u.optional)]; });
    }""", list(cases))
    assert [[year, words] for year, words, _ in parsed] == list(cases.values())
    optional = dict(zip(cases, (flags for _, _, flags in parsed), strict=True))
    assert optional["2014年 高校毕业生就业"] == [False, False, True]   # the year only ranks
    assert optional["市发改委"] == [True, False]                      # 市 beside a name
    assert optional["2012年"] == [False]                              # the year is the query
