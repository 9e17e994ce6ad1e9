/* gongkai site search: the results page at search/?q=…
 *
 * Reads the index written by gongkai.core.search.index: one shard of postings per distinct query
 * term, metadata chunks (with the snippet texts) for the best candidates.  Folding and
 * term rules repeat gongkai/core/search/normalize.py exactly (keep the two in step).
 * Everything shown is inserted as text nodes: index content never becomes HTML.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-gk-search]");
  if (!root) return;

  var INDEX = root.getAttribute("data-index");
  var SITE = root.getAttribute("data-root");
  var DOCUMENTS = parseInt(root.getAttribute("data-documents"), 10) || 0;
  var SHARDS = parseInt(root.getAttribute("data-shards"), 10) || 1;
  var META_CHUNK = parseInt(root.getAttribute("data-meta-chunk"), 10) || 8;
  var VERSION = root.getAttribute("data-version") || "";
  // On the 本级政府 platform: the file naming each agency's entries (gongkai.core.platform.search).
  var AGENCIES = root.getAttribute("data-agencies") || "";
  var PAGE = 10;       // results shown per step ("显示更多结果" adds as many)
  var RERANK = 16;     // candidates re-ordered by title, 文号 and 索引号 matches
  var UNITS = "年月日号第条款项期次个元";
  var CJK = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2ffff}";
  var RUNS = new RegExp("[" + CJK + "]+|[a-z]+|[0-9]+", "gu");

  var form = root.querySelector(".gk-search__form");
  var input = root.querySelector("#gk-search-query");
  var status = root.querySelector(".gk-search__status");
  var list = root.querySelector("[data-gk-results]");
  var more = root.querySelector("[data-gk-more]");
  var none = root.querySelector("[data-gk-none]");
  var filterBox = root.querySelector(".gk-search__filters");
  var selects = {};
  Array.prototype.forEach.call(root.querySelectorAll("[data-gk-filter]"), function (select) {
    selects[select.getAttribute("data-gk-filter")] = select;
  });

  var cache = {};
  var foldMap = null;
  var regional = [];
  var state = null;  // {query, terms, scored: [{doc, score}], facets}
  var agencies = null;  // {names, hrefs, starts}: entries starts[i] … starts[i+1]−1 are agency i's
  var shown = 0;

  function fetchJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(INDEX + path + "?v=" + VERSION).then(function (response) {
        if (!response.ok) throw new Error(path + ": HTTP " + response.status);
        return response.json();
      });
    }
    return cache[path];
  }

  /* -- folding and terms (same rules as normalize.py) ------------------------------------------ */

  function loadFold() {
    if (foldMap) return Promise.resolve();
    return fetchJSON("fold.json").then(function (data) {
      var chars = Array.from(data.chars);
      foldMap = new Map();
      for (var i = 0; i + 1 < chars.length; i += 2) foldMap.set(chars[i], chars[i + 1]);
      regional = Object.keys(data.terms).sort(function (a, b) { return b.length - a.length; })
        .map(function (key) { return [key, data.terms[key]]; });
    });
  }

  function foldChar(ch) {
    var out = "";
    for (var c of ch.normalize("NFKC").toLowerCase()) out += (foldMap && foldMap.get(c)) || c;
    return out;
  }

  function applyRegional(text) {
    for (var i = 0; i < regional.length; i++) text = text.split(regional[i][0]).join(regional[i][1]);
    return text;
  }

  function fold(text) {
    var out = "";
    for (var c of text.normalize("NFKC").toLowerCase()) out += (foldMap && foldMap.get(c)) || c;
    return applyRegional(out);
  }

  /* Folded text with, for every UTF-16 unit, the [start, end) of the original character. */
  function foldWithOffsets(text) {
    var folded = "", starts = [], ends = [], at = 0;
    for (var ch of text) {
      var f = foldChar(ch);
      for (var k = 0; k < f.length; k++) { starts.push(at); ends.push(at + ch.length); }
      folded += f;
      at += ch.length;
    }
    return { text: applyRegional(folded), starts: starts, ends: ends };
  }

  function queryTerms(query) {
    var terms = [];
    (fold(query).match(RUNS) || []).forEach(function (run) {
      var chars = Array.from(run);
      if (/^[a-z0-9]/.test(run) || chars.length === 1) terms.push(run);
      else for (var i = 0; i + 1 < chars.length; i++) terms.push(chars[i] + chars[i + 1]);
    });
    if (terms.some(function (t) { return UNITS.indexOf(t) < 0 || t.length !== 1; })) {
      terms = terms.filter(function (t) { return !(t.length === 1 && UNITS.indexOf(t) >= 0); });
    }
    return terms.filter(function (t, i) { return terms.indexOf(t) === i; });
  }

  function docNoKey(text) {
    var key = fold(text).replace(/[〔【\[(（［]/g, "〔").replace(/[〕】\])）］]/g, "〕").replace(/\s+/g, "");
    return key.charAt(key.length - 1) === "号" ? key.slice(0, -1) : key;
  }

  function shardOf(term) {
    var hash = 0x811c9dc5;
    for (var ch of term) {
      hash ^= ch.codePointAt(0);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % SHARDS;
  }

  /* -- ranking --------------------------------------------------------------------------------- */

  var VARINT = {};
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".split("").forEach(function (c, i) {
    VARINT[c] = i;
  });

  /* Entry number → weight of one term; postings are varint pairs (Δentry, weight), see index.py. */
  function postings(shard, term) {
    var encoded = shard[term] || "", result = new Map(), doc = 0, value = 0, pair = [];
    for (var i = 0; i < encoded.length; i++) {
      var digit = VARINT[encoded.charAt(i)];
      value = value * 32 + (digit & 31);
      if (digit >= 32) continue;
      pair.push(value);
      value = 0;
      if (pair.length === 2) {
        doc += pair[0];
        result.set(doc, pair[1]);
        pair = [];
      }
    }
    return result;
  }

  function score(terms, lists) {
    var hits = new Map();
    lists.forEach(function (list) {
      var idf = Math.log(1 + DOCUMENTS / Math.max(1, list.size));
      list.forEach(function (weight, doc) {
        var hit = hits.get(doc) || { doc: doc, score: 0, terms: 0 };
        hit.score += idf * (1 + Math.log(weight));
        hit.terms += 1;
        hits.set(doc, hit);
      });
    });
    var all = Array.from(hits.values());
    var required = terms.length;
    var complete = all.filter(function (hit) { return hit.terms >= required; });
    if (!complete.length && terms.length >= 3) {
      // No entry has every term (e.g. a title remembered slightly wrong): accept most of them.
      required = Math.ceil(terms.length * 2 / 3);
      complete = all.filter(function (hit) { return hit.terms >= required; });
      complete.forEach(function (hit) { hit.score *= hit.terms / terms.length; });
    }
    return complete.sort(byScore);
  }

  function byScore(a, b) { return b.score - a.score || a.doc - b.doc; }

  function meta(doc) {
    return fetchJSON("meta/" + Math.floor(doc / META_CHUNK) + ".json").then(function (rows) {
      var row = rows[doc % META_CHUNK];
      return { title: row[0], url: row[1], docNo: row[2], indexNo: row[3], published: row[4],
               docNoKey: row[5], summary: row[6], text: row[7] };
    });
  }

  function rerank(query, hits) {
    var head = hits.slice(0, RERANK);
    var compact = fold(query).replace(/\s+/g, "");
    var docKey = docNoKey(query);
    var hasDigit = /[0-9]/.test(compact);
    return Promise.all(head.map(function (hit) { return meta(hit.doc); })).then(function (metas) {
      var boosted = head.map(function (hit, i) {
        var m = metas[i], bonus = 0;
        if (fold(m.title).replace(/\s+/g, "").indexOf(compact) >= 0) bonus += 1000;
        if (hasDigit && m.docNoKey && docKey.length >= 3 && m.docNoKey.indexOf(docKey) >= 0) bonus += 2000;
        if (hasDigit && compact.length >= 4 && fold(m.indexNo).indexOf(compact) >= 0) bonus += 2000;
        return { doc: hit.doc, score: hit.score + bonus };
      });
      return boosted.sort(byScore).concat(hits.slice(RERANK));
    });
  }

  /* -- filters --------------------------------------------------------------------------------- */

  // The number of the agency entry ``doc`` belongs to (entries are numbered agency by agency).
  function agencyOf(doc) {
    var low = 0, high = agencies.starts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (agencies.starts[middle] <= doc) low = middle; else high = middle - 1;
    }
    return low;
  }

  // category: the entry's own column; categories: it and the columns it is also listed under.
  function facetOf(facets, doc) {
    var codes = facets.entries;
    var category = facets.categories[codes.charCodeAt(doc * 3) - 48];
    var also = (facets.also && facets.also[doc]) || "";
    var categories = [category];
    for (var i = 0; i < also.length; i++) categories.push(facets.categories[also.charCodeAt(i) - 48]);
    return {
      category: category,
      categories: categories,
      year: String(facets.first_year + codes.charCodeAt(doc * 3 + 1) - 48),
      validity: facets.validities[codes.charCodeAt(doc * 3 + 2) - 48],
      agency: agencies ? agencies.names[agencyOf(doc)] : ""
    };
  }

  // The values of filter ``name`` an entry matches: every column it is listed under for category.
  function valuesOf(facet, name) {
    return name === "category" ? facet.categories : [facet[name]];
  }

  function chosen() {
    var result = {};
    Object.keys(selects).forEach(function (name) { result[name] = selects[name].value; });
    return result;
  }

  function fillFilters(facets, hits, current) {
    Object.keys(selects).forEach(function (name) {
      var counts = new Map();
      hits.forEach(function (hit) {
        valuesOf(facetOf(facets, hit.doc), name).forEach(function (value) {
          counts.set(value, (counts.get(value) || 0) + 1);
        });
      });
      var order = name === "category" ? facets.categories
        : name === "validity" ? facets.validities
        : name === "agency" ? agencies.names
        : facets.years.map(String).reverse();
      var select = selects[name];
      while (select.options.length > 1) select.remove(1);
      order.forEach(function (value) {
        if (!counts.get(value) && current[name] !== value) return;
        var label = (name === "year" ? value + "年" : value) + "（" + (counts.get(value) || 0) + "）";
        select.add(new Option(label, value, false, current[name] === value));
      });
      select.value = current[name] || "";
      if (select.value !== (current[name] || "")) select.value = "";
    });
    filterBox.hidden = hits.length === 0;
  }

  function filtered() {
    var current = chosen();
    return state.scored.filter(function (hit) {
      var facet = facetOf(state.facets, hit.doc);
      return Object.keys(current).every(function (name) {
        return !current[name] || valuesOf(facet, name).indexOf(current[name]) >= 0;
      });
    });
  }

  /* -- rendering ------------------------------------------------------------------------------- */

  function zhDate(iso) {
    var parts = iso.split("-");
    return parseInt(parts[0], 10) + "年" + parseInt(parts[1], 10) + "月" + parseInt(parts[2], 10) + "日";
  }

  function ranges(text, terms) {
    var folded = foldWithOffsets(text), found = [];
    terms.forEach(function (term) {
      var at = folded.text.indexOf(term);
      while (at >= 0) {
        found.push([folded.starts[at], folded.ends[at + term.length - 1]]);
        at = folded.text.indexOf(term, at + 1);
      }
    });
    found.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    found.forEach(function (range) {
      var last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([range[0], range[1]]);
    });
    return merged;
  }

  function appendMarked(parent, text, marks, from, to) {
    var at = from;
    marks.forEach(function (range) {
      var start = Math.max(range[0], from), end = Math.min(range[1], to);
      if (end <= start) return;
      if (start > at) parent.appendChild(document.createTextNode(text.slice(at, start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      parent.appendChild(mark);
      at = end;
    });
    if (at < to) parent.appendChild(document.createTextNode(text.slice(at, to)));
  }

  function snippet(parent, body, terms) {
    var text = (body.summary + "\n" + body.text).replace(/\s+/g, " ").trim();
    var marks = ranges(text, terms);
    var from = 0;
    if (marks.length) {
      // The window of 100 characters that holds the most distinct matched terms.
      var best = -1, bestCount = -1;
      marks.forEach(function (range) {
        var window = text.slice(range[0], range[0] + 100), count = 0;
        var foldedWindow = fold(window);
        terms.forEach(function (term) { if (foldedWindow.indexOf(term) >= 0) count += 1; });
        if (count > bestCount) { bestCount = count; best = range[0]; }
      });
      from = Math.max(0, best - 30);
    }
    var to = Math.min(text.length, from + 140);
    if (from > 0) parent.appendChild(document.createTextNode("…"));
    appendMarked(parent, text, marks, from, to);
    if (to < text.length) parent.appendChild(document.createTextNode("…"));
  }

  function resultItem(hit, m, body, terms) {
    var facet = facetOf(state.facets, hit.doc);
    var item = document.createElement("li");
    item.className = "gk-result";
    var link = document.createElement("a");
    link.className = "gk-result__title";
    var href = agencies ? agencies.hrefs[agencyOf(hit.doc)] : "";
    link.href = (/^https?:/.test(href) ? href : SITE + href) + m.url;
    appendMarked(link, m.title, ranges(m.title, terms), 0, m.title.length);
    item.appendChild(link);
    var line = document.createElement("p");
    line.className = "gk-result__meta";
    [["部门", facet.agency], ["文号", m.docNo], ["公开日期", zhDate(m.published)], ["主题分类", facet.category],
     ["有效性", facet.validity], ["索引号", m.indexNo]].forEach(function (pair) {
      if (!pair[1]) return;
      var span = document.createElement("span");
      span.className = "gk-result__field";
      span.textContent = pair[0] + "：" + pair[1];
      line.appendChild(span);
    });
    item.appendChild(line);
    var text = document.createElement("p");
    text.className = "gk-result__snippet";
    snippet(text, body, terms);
    item.appendChild(text);
    return item;
  }

  function showMore(hits) {
    var page = hits.slice(shown, shown + PAGE);
    shown += page.length;
    return Promise.all(page.map(function (hit) { return meta(hit.doc); })).then(function (loaded) {
      loaded.forEach(function (m, i) {
        list.appendChild(resultItem(page[i], m, m, state.terms));
      });
      more.hidden = shown >= hits.length;
    });
  }

  function render() {
    var hits = filtered();
    list.textContent = "";
    shown = 0;
    none.hidden = true;
    more.hidden = true;
    if (!hits.length) {
      status.textContent = "";
      none.querySelector("[data-gk-none-query]").textContent = state.query;
      none.hidden = false;
      root.setAttribute("data-state", "none");
      return Promise.resolve();
    }
    return rerank(state.query, hits).then(function (ordered) {
      state.ordered = ordered;
      status.textContent = "找到" + ordered.length + "条与“" + state.query + "”相关的政府信息";
      return showMore(ordered);
    }).then(function () { root.setAttribute("data-state", "results"); });
  }

  function updateAddress() {
    var params = new URLSearchParams();
    params.set("q", state.query);
    var current = chosen();
    Object.keys(current).forEach(function (name) { if (current[name]) params.set(name, current[name]); });
    history.replaceState(null, "", "?" + params.toString());
  }

  function search(query, current) {
    root.setAttribute("data-state", "searching");
    status.textContent = "正在搜索…";
    var ready = /[^\x00-\x7f]/.test(query) ? loadFold() : Promise.resolve();
    return ready.then(function () {
      var terms = queryTerms(query);
      var shardIds = terms.map(shardOf).filter(function (id, i, all) { return all.indexOf(id) === i; });
      var table = AGENCIES ? fetchJSON(AGENCIES).then(function (data) { agencies = data; }) : null;
      return Promise.all([fetchJSON("facets.json"), table].concat(shardIds.map(function (id) {
        return fetchJSON("terms/" + id + ".json");
      }))).then(function (loaded) {
        var shards = {};
        shardIds.forEach(function (id, i) { shards[id] = loaded[i + 2]; });
        var lists = terms.map(function (term) { return postings(shards[shardOf(term)], term); });
        state = { query: query, terms: terms, facets: loaded[0],
                  scored: terms.length ? score(terms, lists) : [] };
        fillFilters(state.facets, state.scored, current);
        return render();
      });
    }).catch(function () {
      status.textContent = "搜索暂时不可用：索引文件无法读取。请通过网站服务器（而不是直接打开文件）访问本站。";
      root.setAttribute("data-state", "error");
    });
  }

  Object.keys(selects).forEach(function (name) {
    selects[name].addEventListener("change", function () {
      if (!state) return;
      updateAddress();
      render();
    });
  });
  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore(state.ordered).then(function () {
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    });
  });
  form.addEventListener("submit", function (event) {
    if (!input.value.trim()) event.preventDefault();
  });

  // The folding and term rules, for tests (they must equal normalize.py's) and other pages.
  window.gongkaiSearch = { loadFold: loadFold, fold: fold, queryTerms: queryTerms, docNoKey: docNoKey };

  var params = new URLSearchParams(location.search);
  var query = (params.get("q") || "").trim();
  var current = {};
  Object.keys(selects).forEach(function (name) { current[name] = params.get(name) || ""; });
  input.value = query;
  var header = document.getElementById("gk-search-input");
  if (header) header.value = query;
  if (query) {
    search(query, current);
  } else {
    status.textContent = "请输入标题、文号、索引号或关键词。";
    root.setAttribute("data-state", "idle");
    input.focus();
  }
})();
