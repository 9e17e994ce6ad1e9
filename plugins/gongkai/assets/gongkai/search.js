/* gongkai site search: the results page at search/?q=…
 *
 * Reads the index written by gongkai.core.search.index: one shard of postings per distinct query
 * term, metadata chunks for the best candidates, and for the results shown the one passage of
 * their text that holds the query's terms (index.query_files names the same files).  Folding and
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
  var VOCAB_SHARDS = parseInt(root.getAttribute("data-vocab-shards"), 10) || 0;
  var META_CHUNK = parseInt(root.getAttribute("data-meta-chunk"), 10) || 8;
  var PASSAGES_PER_FILE = parseInt(root.getAttribute("data-passages-per-file"), 10) || 8;
  var VERSION = root.getAttribute("data-version") || "";
  // On the 本级政府 platform: the file naming each agency's entries (gongkai.core.platform.search).
  var AGENCIES = root.getAttribute("data-agencies") || "";
  var PAGE = 10;       // results shown per step ("显示更多结果" adds as many); index.PAGE
  var RERANK = 16;     // candidates re-ordered by title, 文号 and 索引号 matches; index.RERANK
  var YEAR_BONUS = 800;  // a year the visitor named outweighs any term score, not exact matches
  var SUGGESTIONS = 3;   // "您是不是要找" offers at most this many queries
  var UNITS = "年月日号第条款项期次个元";
  var CJK = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2ffff}";
  var RUNS = new RegExp("[" + CJK + "]+|[a-z]+|[0-9]+", "gu");

  var form = root.querySelector(".gk-search__form");
  var input = root.querySelector("#gk-search-query");
  var status = root.querySelector(".gk-search__status");
  var list = root.querySelector("[data-gk-results]");
  var more = root.querySelector("[data-gk-more]");
  var none = root.querySelector("[data-gk-none]");
  var partialList = root.querySelector("[data-gk-partial-results]");
  var partialLabel = root.querySelector("[data-gk-partial]");
  var suggestBox = root.querySelector("[data-gk-suggest]");
  var filterBox = root.querySelector(".gk-search__filters");
  var selects = {};
  Array.prototype.forEach.call(root.querySelectorAll("[data-gk-filter]"), function (select) {
    selects[select.getAttribute("data-gk-filter")] = select;
  });
  // A filter whose column is fetched only when asked for (a long column: facets.py).
  var loaders = {};
  Array.prototype.forEach.call(root.querySelectorAll("[data-gk-load-filter]"), function (button) {
    loaders[button.getAttribute("data-gk-load-filter")] = button;
  });

  var cache = {};
  var foldMap = null;
  var regional = [];
  var phrases = null;  // {names: [[name, concept term]] longest first, concepts, tw, cn}
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

  function shardOfIn(term, shards) {
    var hash = 0x811c9dc5;
    for (var ch of term) {
      hash ^= ch.codePointAt(0);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % shards;
  }

  function shardOf(term) { return shardOfIn(term, SHARDS); }

  /* -- what a query means: years, abbreviations, regional phrases (see expand.py) ------------- */

  function byFirstLength(a, b) { return b[0].length - a[0].length; }

  function loadPhrases() {
    if (phrases) return Promise.resolve();
    return fetchJSON("phrases.json").then(function (data) {
      var names = [];
      Object.keys(data.concepts).forEach(function (term) {
        data.concepts[term].forEach(function (name) { names.push([name, term]); });
      });
      phrases = { names: names.sort(byFirstLength), concepts: data.concepts,
                  tw: data.tw.slice().sort(byFirstLength), cn: data.cn.slice().sort(byFirstLength) };
    });
  }

  // Whether the visitor wrote 繁体: some character of the query folds to another one.
  function isTraditional(text) {
    if (!foldMap) return false;
    for (var c of text.normalize("NFKC").toLowerCase()) if (foldMap.has(c)) return true;
    return false;
  }

  var NUMERALS = "〇一二三四五六七八九";
  // 二〇一四年 → 2014年 (years only: other Chinese numbers are words of titles, 十四五).
  function arabicYears(text) {
    return text.replace(/[〇零一二三四五六七八九]{4}(?=年)/g, function (digits) {
      return digits.replace(/./g, function (d) { return String(Math.max(0, NUMERALS.indexOf(d))); });
    });
  }

  // A year or date the visitor typed: 2014年, 2014年度, 2014年5月6日, 2014-05-06, or 2014 on its
  // own; not the year inside a 文号 bracket (〔2014〕) or an 索引号 (2014-00016).
  var DATE = /(^|[^0-9a-z〔【\[(\-.\/])((?:19|20)[0-9]{2})(?:年度?(?:[0-9]{1,2}月(?:[0-9]{1,2}日)?)?|[-.\/][0-9]{1,2}(?:[-.\/][0-9]{1,2})?(?![0-9])|(?=\s|$))/;

  function termsOf(text) {
    var chars = Array.from(text);
    if (/^[a-z0-9]/.test(text) || chars.length === 1) return [text];
    var terms = [];
    for (var i = 0; i + 1 < chars.length; i++) terms.push(chars[i] + chars[i + 1]);
    return terms.filter(function (t, i) { return terms.indexOf(t) === i; });
  }

  function replacePairs(text, pairs) {
    pairs.forEach(function (pair) { text = text.split(pair[0]).join(pair[1]); });
    return text;
  }

  // A query word: its text and the alternatives that count as it (term lists, any one of which
  // an entry must hold all of); ``show`` are the strings highlighted for it.
  function plainUnit(text, traditional, optional) {
    var texts = [text];
    if (phrases && !/^[a-z0-9]/.test(text)) {
      if (traditional) texts.push(replacePairs(text, phrases.tw));
      texts.push(replacePairs(text, phrases.cn));
    }
    texts = texts.filter(function (t, i) { return t && texts.indexOf(t) === i; });
    var alts = texts.map(function (t) { return { text: t, terms: termsOf(t) }; });
    var show = [];
    alts.forEach(function (alt) { show = show.concat(alt.terms); });
    return { text: text, alts: alts, show: show, optional: !!optional };
  }

  function conceptUnit(text, term) {
    return { text: text, alts: [{ text: text, terms: [term] }], show: phrases.concepts[term].slice(),
             optional: false, concept: term };
  }

  // A Chinese run cut at the names of abbreviation groups (longest name first).
  function splitNames(run) {
    var pieces = [], plain = "", i = 0;
    while (i < run.length) {
      var hit = null;
      for (var k = 0; phrases && k < phrases.names.length; k++) {
        if (run.startsWith(phrases.names[k][0], i)) { hit = phrases.names[k]; break; }
      }
      if (hit) {
        if (plain) pieces.push({ text: plain });
        plain = "";
        pieces.push({ text: hit[0], term: hit[1] });
        i += hit[0].length;
      } else {
        plain += run.charAt(i);
        i += 1;
      }
    }
    if (plain) pieces.push({ text: plain });
    return pieces;
  }

  function isUnitCharacter(unit) { return unit.text.length === 1 && UNITS.indexOf(unit.text) >= 0; }

  /* The query as words: {year, units}.  Words are the runs of Chinese, letters and digits between
     spaces; a run is cut at the names of abbreviation groups (人社部 is one word whichever way it
     is written), a single character left beside such a name (市人社局) is optional, and so is the
     year when there are other words: it ranks the entries of that year first instead. */
  function parseQuery(query) {
    var text = fold(arabicYears(query)), traditional = isTraditional(query), year = 0;
    var date = DATE.exec(text);
    if (date) {
      year = parseInt(date[2], 10);
      text = text.slice(0, date.index) + date[1] + " " + text.slice(date.index + date[0].length);
    }
    var units = [];
    text.split(/\s+/).forEach(function (token) {
      (token.match(RUNS) || []).forEach(function (run) {
        if (/^[a-z0-9]/.test(run)) { units.push(plainUnit(run, false, false)); return; }
        var pieces = splitNames(run), named = pieces.some(function (p) { return p.term; });
        pieces.forEach(function (piece) {
          units.push(piece.term ? conceptUnit(piece.text, piece.term)
            : plainUnit(piece.text, traditional, named && Array.from(piece.text).length === 1));
        });
      });
    });
    if (units.some(function (u) { return !isUnitCharacter(u); })) {
      units = units.filter(function (u) { return !isUnitCharacter(u); });
    }
    units = units.filter(function (u, i) {
      return units.findIndex(function (v) { return v.text === u.text; }) === i;
    });
    if (year) {
      var unit = plainUnit(String(year), false, units.length > 0);
      unit.year = true;
      unit.text = year + "年";
      units.push(unit);
    }
    return { year: year, units: units };
  }

  /* A word some of whose bigrams occur in no entry is cut there: 稀土政策 with 土政 and 政策 in
     no entry is the word 稀土 and the word 政策, which no entry holds ("dead"). */
  function splitDead(unit, lists) {
    var terms = unit.alts[0].terms;
    var live = terms.map(function (t) { return lists[t].size > 0; });
    if (live.every(Boolean)) return [unit];
    if (unit.concept || unit.alts.length > 1 || terms.length < 2 || !live.some(Boolean)) {
      unit.dead = live.every(function (l) { return !l; });
      return [unit];
    }
    var chars = Array.from(unit.text), covered = chars.map(function () { return false; });
    var pieces = [], i = 0;
    while (i < terms.length) {
      if (!live[i]) { i += 1; continue; }
      var j = i;
      while (j + 1 < terms.length && live[j + 1]) j += 1;
      pieces.push([i, plainUnit(chars.slice(i, j + 2).join(""), false, false)]);
      for (var k = i; k <= j + 1; k++) covered[k] = true;
      i = j + 1;
    }
    for (var at = 0; at < chars.length; at++) {
      if (covered[at]) continue;
      var end = at;
      while (end + 1 < chars.length && !covered[end + 1]) end += 1;
      var dead = plainUnit(chars.slice(at, end + 1).join(""), false, false);
      dead.dead = true;
      pieces.push([at, dead]);
      at = end;
    }
    return pieces.sort(function (a, b) { return a[0] - b[0]; }).map(function (p) { return p[1]; });
  }

  /* -- ranking --------------------------------------------------------------------------------- */

  var VARINT = {};
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".split("").forEach(function (c, i) {
    VARINT[c] = i;
  });

  /* Entry number → weight of one term; postings are varint pairs (Δentry, weight), or "~", the
   * term's weights, "~" and one code per entry packed into each character (see index.py). */
  function postings(shard, term) {
    var encoded = shard[term] || "";
    if (encoded.charAt(0) === "~") return packedPostings(encoded);
    if (encoded.charAt(0) === "!") return tabledPostings(encoded);
    return pairs(encoded);
  }

  /* "!" weights "!" then one varint per entry: Δentry × (number of weights) + the weight's place
   * (postings.tabled_postings). */
  function tabledPostings(encoded) {
    var end = encoded.indexOf("!", 1), weights = [], result = new Map(), doc = 0, value = 0;
    for (var k = 1; k < end; k++) weights.push(VARINT[encoded.charAt(k)]);
    var count = weights.length;
    for (var i = end + 1; i < encoded.length; i++) {
      var digit = VARINT[encoded.charAt(i)];
      value = value * 32 + (digit & 31);
      if (digit >= 32) continue;
      doc += Math.floor(value / count);
      result.set(doc, weights[value % count]);
      value = 0;
    }
    return result;
  }

  /* Entry number → the passage of its text where the term first occurs, for the entries where
   * that is not the first passage; null when the index does not say (a frequent term). */
  function passageHints(shard, term) {
    var encoded = shard["@" + term];
    return encoded === undefined ? null : pairs(encoded);
  }

  function packedPostings(encoded) {
    var end = encoded.indexOf("~", 1), weights = [0], result = new Map();
    for (var k = 1; k < end; k++) weights.push(VARINT[encoded.charAt(k)]);
    var bits = (weights.length - 1).toString(2).length, per = Math.floor(6 / bits);
    var mask = (1 << bits) - 1, doc = 0;
    for (var i = end + 1; i < encoded.length; i++) {
      var value = VARINT[encoded.charAt(i)];
      for (var j = 0; j < per; j++, doc++) {
        var code = (value >> (bits * j)) & mask;
        if (code && doc < DOCUMENTS) result.set(doc, weights[code]);
      }
    }
    return result;
  }

  /* Varint pairs (Δentry, value) → Map entry number → value. */
  function pairs(encoded) {
    var result = new Map(), doc = 0, value = 0, pair = [];
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

  /* How much of each word every candidate holds: per (candidate i, word u) at i × words + u, the
     best alternative's score, its share of the word's idf weight (matched), the share of its
     terms present, and whether it holds the word whole — in typed arrays, since a platform's
     query can have hundreds of thousands of candidates. */
  function unitMatches(live, docs, lists, idf) {
    var words = live.length, n = docs.length;
    var table = { scores: new Float64Array(n * words), matched: new Float64Array(n * words),
                  shares: new Float64Array(n * words), whole: new Uint8Array(n * words) };
    var plans = live.map(function (unit) {
      return unit.alts.map(function (alt) {
        var idfs = alt.terms.map(function (term) { return idf[term]; }), full = 0;
        idfs.forEach(function (value) { full += value; });
        return { maps: alt.terms.map(function (term) { return lists[term]; }), idfs: idfs, full: full };
      });
    });
    for (var i = 0; i < n; i++) {
      var doc = docs[i];
      for (var u = 0; u < words; u++) {
        var alts = plans[u], bestCoverage = 0, bestScore = 0, bestMatched = 0, bestShare = 0;
        for (var a = 0; a < alts.length; a++) {
          var alt = alts[a], matched = 0, score = 0, count = 0;
          for (var t = 0; t < alt.maps.length; t++) {
            var weight = alt.maps[t].get(doc);
            if (weight) { matched += alt.idfs[t]; score += alt.idfs[t] * (1 + Math.log(weight)); count += 1; }
          }
          var coverage = alt.full ? matched / alt.full : 0;
          if (coverage > bestCoverage || (coverage === bestCoverage && score > bestScore)) {
            bestCoverage = coverage; bestScore = score; bestMatched = matched;
            bestShare = count / alt.maps.length;
          }
        }
        var k = i * words + u;
        table.scores[k] = bestScore;
        table.matched[k] = bestMatched;
        table.shares[k] = bestShare;
        table.whole[k] = bestCoverage === 1 ? 1 : 0;
      }
    }
    return table;
  }

  /* Entries holding every word first (by idf-weighted term weights, the year the visitor named
     first), then entries holding some of the words — the most and rarest first — each with the
     words it lacks: at least half of the words (one of two), one of them held by at most half of
     all entries, or, for a one-word query that no entry holds whole, two thirds of its bigrams (a
     title remembered slightly wrong). */
  function score(units, lists, facets, year) {
    var live = units.filter(function (u) { return !u.dead; });
    var required = live.filter(function (u) { return !u.optional; });
    var idf = {}, candidates = new Set();
    live.forEach(function (unit) {
      unit.alts.forEach(function (alt) {
        alt.terms.forEach(function (term) {
          idf[term] = Math.log(1 + DOCUMENTS / Math.max(1, lists[term].size));
        });
      });
    });
    // The entries that can be kept below: of several words, those holding one word whole, so
    // those holding the rarest term of one of its forms; of one word, those holding any of its
    // terms (a title remembered slightly wrong). A year beside other words keeps no entry alone.
    function add(term) { lists[term].forEach(function (weight, doc) { candidates.add(doc); }); }
    (required.length ? required : live).forEach(function (unit) {
      unit.alts.forEach(function (alt) {
        if (required.length <= 1) alt.terms.forEach(add);
        else add(alt.terms.reduce(function (a, b) { return lists[b].size < lists[a].size ? b : a; }));
      });
    });
    var yearTerm = year ? String(year) : "";
    var docs = Array.from(candidates), words = live.length;
    var table = unitMatches(live, docs, lists, idf);
    var places = required.map(function (unit) { return live.indexOf(unit); });
    var holders = places.map(function (u) {
      var count = 0;
      for (var i = 0; i < docs.length; i++) count += table.whole[i * words + u];
      return count;
    });
    // A word most entries hold (监督 at a 市场监管 site) does not make a partial match on its own.
    var rare = holders.map(function (count) { return count * 2 <= DOCUMENTS; });
    var hits = [], common = [], weak = [], enough = Math.max(1, Math.ceil(required.length / 2));
    var rareWord = live.map(function (unit) { return rare[required.indexOf(unit)]; });
    for (var i = 0; i < docs.length; i++) {
      var doc = docs[i], total = 0, matched = 0, whole = 0, wholeRare = 0, share = 0, missing = [];
      for (var u = 0; u < words; u++) {
        var k = i * words + u;
        total += table.scores[k];
        if (live[u].optional) continue;
        matched += table.matched[k];
        share = table.shares[k];
        if (!table.whole[k]) {
          missing.push(live[u].text);
        } else {
          whole += 1;
          if (rareWord[u]) wholeRare += 1;
        }
      }
      // Fewer than half the words: kept only in case nothing better exists (a rare word of a
      // query padded with words no title has: 康养产业 扶持政策 细则).
      if (required.length > 1 && missing.length && whole < enough && !whole) continue;
      var into = required.length > 1 && missing.length && whole < enough ? weak
        : required.length > 1 && missing.length && !wholeRare ? common : hits;
      if (required.length === 1 && !whole
          && !(required[0].alts[0].terms.length >= 3 && share >= 2 / 3)) continue;
      var inYear = year && (facetOf(facets, doc).year === yearTerm
        || (lists[yearTerm] && lists[yearTerm].get(doc) >= 6));  // the year in its title or 文号
      into.push({ doc: doc, score: total + (inYear ? YEAR_BONUS : 0), matched: matched,
                  missing: missing, partial: missing.length > 0 });
    }
    if (!hits.length) hits = common;  // common words only: better than "nothing found"
    if (!hits.length) hits = weak;    // one whole word of several: better still than nothing
    var complete = hits.filter(function (hit) { return !hit.partial; }).sort(byScore);
    var partial = hits.filter(function (hit) { return hit.partial; }).sort(function (a, b) {
      return b.matched - a.matched || byScore(a, b);
    });
    if (required.length === 1 && complete.length) partial = [];
    return complete.concat(partial);
  }

  // Equal scores: the newer entry first (entries are numbered newest first).
  function byScore(a, b) {
    var difference = b.score - a.score;
    return Math.abs(difference) > 1e-9 ? difference : a.doc - b.doc;
  }

  function meta(doc) {
    return fetchJSON("meta/" + Math.floor(doc / META_CHUNK) + ".json").then(function (rows) {
      var row = rows[doc % META_CHUNK];
      return { title: row[0], url: row[1], docNo: row[2], indexNo: row[3], published: row[4],
               docNoKey: row[5], summary: row[6], firstPassage: row[7], passages: row[8],
               category: row[9], validity: row[10] };
    });
  }

  function rerank(query, all) {
    var hits = all.filter(function (hit) { return !hit.partial; });
    var partial = all.filter(function (hit) { return hit.partial; });
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
        return { doc: hit.doc, score: hit.score + bonus, missing: hit.missing, partial: false };
      });
      return boosted.sort(byScore).concat(hits.slice(RERANK), partial);
    });
  }

  /* -- filters --------------------------------------------------------------------------------- */

  /* A facet column of index.py: one character per entry ("0" + code), or "~" and varint pairs
   * (code, run length).  Decoded once into an array of codes by entry number. */
  function column(encoded) {
    var codes = [], i;
    if (encoded.charAt(0) !== "~") {
      for (i = 0; i < encoded.length; i++) codes.push(encoded.charCodeAt(i) - 48);
      return codes;
    }
    var values = [], value = 0;
    for (i = 1; i < encoded.length; i++) {
      var digit = VARINT[encoded.charAt(i)];
      value = value * 32 + (digit & 31);
      if (digit < 32) { values.push(value); value = 0; }
    }
    for (i = 0; i + 1 < values.length; i += 2) {
      for (var n = 0; n < values[i + 1]; n++) codes.push(values[i]);
    }
    return codes;
  }

  /* The facet columns as arrays of codes by entry number, decoded on first use. */
  function facetCodes(facets) {
    if (!facets.codes) {
      facets.codes = {};
      Object.keys(facets.columns).forEach(function (name) {
        facets.codes[name] = column(facets.columns[name]);
      });
    }
    return facets.codes;
  }

  // A column written apart (facets.deferred) and not fetched yet: its filter waits to be asked for.
  function waiting(facets, name) {
    return (facets.deferred || []).indexOf(name) >= 0 && !facets.columns[name];
  }

  // Fetch the deferred columns ``names`` into ``facets``.
  function loadColumns(facets, names) {
    return Promise.all(names.map(function (name) {
      return fetchJSON("facets/" + name + ".json").then(function (encoded) {
        facets.columns[name] = encoded;
        if (facets.codes) facets.codes[name] = column(encoded);
      });
    }));
  }

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
    var codes = facetCodes(facets);
    var category = codes.category ? facets.categories[codes.category[doc]] : undefined;
    var also = (facets.also && facets.also[doc]) || "";
    var categories = [category];
    for (var i = 0; i < also.length; i++) categories.push(facets.categories[also.charCodeAt(i) - 48]);
    return {
      category: category,
      categories: categories,
      year: String(facets.first_year + codes.year[doc]),
      validity: codes.validity ? facets.validities[codes.validity[doc]] : undefined,
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
      var wait = waiting(facets, name);
      selects[name].closest("label").hidden = wait;
      if (loaders[name]) loaders[name].hidden = !wait;
      if (wait) return;
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

  /* The passage of an entry's text to cut its snippet from: the one where most of the query's
   * terms first occur (passage hints of the terms the index has them for), else the first. */
  function bestPassage(doc, m) {
    var votes = {}, best = 0, most = 0;
    (state.hints || []).forEach(function (hints, i) {
      if (!hints || (state.lists && !state.lists[i].has(doc))) return;
      var passage = hints.get(doc) || 0;
      votes[passage] = (votes[passage] || 0) + 1;
      if (votes[passage] > most || (votes[passage] === most && passage < best)) {
        most = votes[passage];
        best = passage;
      }
    });
    return Math.min(best, m.passages - 1);
  }

  /* What a result's snippet is cut from: its summary and the passage that holds the query's
   * terms (fetched with the passages stored next to it: PASSAGES_PER_FILE to a file). */
  function snippetBody(doc, m) {
    if (!m.passages) return Promise.resolve({ summary: m.summary, text: "" });
    var passage = bestPassage(doc, m), number = m.firstPassage + passage;
    return fetchJSON("text/" + Math.floor(number / PASSAGES_PER_FILE) + ".json").then(function (rows) {
      return { summary: m.summary, text: rows[number % PASSAGES_PER_FILE], later: passage > 0 };
    });
  }

  function snippet(parent, body, terms) {
    var text = (body.summary + (body.later ? " … " : "\n") + body.text).replace(/\s+/g, " ").trim();
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
    var facets = state.facets;
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
    [["部门", agencies ? agencies.names[agencyOf(hit.doc)] : ""], ["文号", m.docNo],
     ["公开日期", zhDate(m.published)], ["主题分类", facets.categories[m.category]],
     ["有效性", facets.validities[m.validity]], ["索引号", m.indexNo]].forEach(function (pair) {
      if (!pair[1]) return;
      var span = document.createElement("span");
      span.className = "gk-result__field";
      span.textContent = pair[0] + "：" + pair[1];
      line.appendChild(span);
    });
    item.appendChild(line);
    if (body.summary || body.text) {  // an entry with neither shows no snippet
      var text = document.createElement("p");
      text.className = "gk-result__snippet";
      snippet(text, body, terms);
      item.appendChild(text);
    }
    return item;
  }

  // The words a partial match lacks, struck through after a label a screen reader reads out.
  function missingLine(hit) {
    var line = document.createElement("p");
    line.className = "gk-result__missing";
    line.appendChild(document.createTextNode("未包含："));
    hit.missing.forEach(function (word, i) {
      if (i) line.appendChild(document.createTextNode("、"));
      var struck = document.createElement("s");
      struck.textContent = word;
      line.appendChild(struck);
    });
    return line;
  }

  function showMore(hits) {
    var page = hits.slice(shown, shown + PAGE);
    shown += page.length;
    return Promise.all(page.map(function (hit) {
      return meta(hit.doc).then(function (m) {
        return snippetBody(hit.doc, m).then(function (body) { return [m, body]; });
      });
    })).then(function (loaded) {
      loaded.forEach(function (pair, i) {
        var item = resultItem(page[i], pair[0], pair[1], state.terms);
        if (page[i].partial) {
          item.appendChild(missingLine(page[i]));
          partialLabel.hidden = false;
          partialList.appendChild(item);
        } else {
          list.appendChild(item);
        }
      });
      more.hidden = shown >= hits.length;
    });
  }

  function quoted(words) {
    return words.map(function (w) { return "“" + w + "”"; }).join("、");
  }

  function statusText(complete, partial) {
    var text = complete
      ? "找到" + complete + "条与“" + state.query + "”相关的政府信息"
        + (partial ? "，另有" + partial + "条只包含其中部分词语" : "")
      : "没有找到包含全部词语的政府信息，以下" + partial + "条包含其中部分词语";
    // A single character cut out of a word (食品安金监督) is a typo's trace, not a word: the
    // suggestion speaks of it, the status line does not.
    var dead = state.dead.filter(function (word) { return Array.from(word).length > 1; });
    if (dead.length) text += "（" + quoted(dead) + "未出现在任何已公开的政府信息中）";
    return text;
  }

  function render() {
    var hits = filtered();
    list.textContent = "";
    partialList.textContent = "";
    partialLabel.hidden = true;
    shown = 0;
    none.hidden = true;
    more.hidden = true;
    var complete = hits.filter(function (hit) { return !hit.partial; }).length;
    // Suggestions when no entry holds every word, or when a word lost a piece no entry holds
    // (食品安金监督: most likely a typo); a whole word in no entry beside found ones (稀土 政策)
    // is more likely a word the site does not use than a typo.
    var suggested = !complete || state.suspects.some(function (word) { return state.dead.indexOf(word) < 0; })
      ? suggest() : Promise.resolve(hideSuggestions());
    if (!hits.length) {
      status.textContent = "";
      none.querySelector("[data-gk-none-query]").textContent = state.query;
      none.hidden = false;
      return suggested.then(function () { root.setAttribute("data-state", "none"); });
    }
    return Promise.all([rerank(state.query, hits), suggested]).then(function (done) {
      state.ordered = done[0];
      status.textContent = statusText(complete, hits.length - complete);
      return showMore(state.ordered);
    }).then(function () { root.setAttribute("data-state", "results"); });
  }

  /* -- "您是不是要找" ---------------------------------------------------------------------------- */

  function hideSuggestions() {
    suggestBox.hidden = true;
    while (suggestBox.childNodes.length > 1) suggestBox.removeChild(suggestBox.lastChild);
  }

  // Where bigram a+b stands in the title vocabulary (0: the most frequent after a), or -1.
  function bigramRank(vocab, a, b) {
    if (vocab[a]) return vocab[a][0].indexOf(b);
    if (vocab[b]) return vocab[b][1].indexOf(a);
    return -1;
  }

  // The cost of a word whose every bigram occurs in some title (lower: more frequent), or -1.
  function wordCost(vocab, chars) {
    var cost = 0;
    for (var i = 0; i + 1 < chars.length; i++) {
      var rank = bigramRank(vocab, chars[i], chars[i + 1]);
      if (rank < 0) return -1;
      cost += rank;
    }
    return cost;
  }

  /* Title words one edit away from ``word``: one character replaced (稀士 → 稀土), left out or
     swapped with the next, most frequent first. */
  function nearWords(word, vocab) {
    var chars = Array.from(word), found = new Map();
    function consider(candidate) {
      var text = candidate.join("");
      if (candidate.length < 2 || text === word) return;
      var cost = wordCost(vocab, candidate);
      if (cost >= 0 && (!found.has(text) || found.get(text) > cost)) found.set(text, cost);
    }
    chars.forEach(function (ch, i) {
      var options = i > 0 ? (vocab[chars[i - 1]] || ["", ""])[0]
        : (vocab[chars[i + 1]] || ["", ""])[1];
      Array.from(options).forEach(function (option) {
        var candidate = chars.slice();
        candidate[i] = option;
        consider(candidate);
      });
      // An extra character inside the word (食品安安全); at either end, the rest is what was found.
      if (i > 0 && i + 1 < chars.length) consider(chars.slice(0, i).concat(chars.slice(i + 1)));
      if (i + 1 < chars.length) {
        var swapped = chars.slice();
        swapped[i] = chars[i + 1];
        swapped[i + 1] = ch;
        consider(swapped);
      }
    });
    return Array.from(found.entries()).sort(function (a, b) { return a[1] - b[1]; })
      .map(function (pair) { return pair[0]; });
  }

  // Suggestions for the words with a bigram no entry holds, from the titles' own vocabulary
  // (search/vocab/, fetched only now: after a query found nothing or only partial matches).
  function suggest() {
    hideSuggestions();
    var words = state.suspects;
    if (!VOCAB_SHARDS || !words.length) return Promise.resolve();
    var chars = new Set();
    words.forEach(function (word) { Array.from(word).forEach(function (c) { chars.add(c); }); });
    var ids = [];
    chars.forEach(function (c) {
      var id = shardOfIn(c, VOCAB_SHARDS);
      if (ids.indexOf(id) < 0) ids.push(id);
    });
    return Promise.all(ids.map(function (id) { return fetchJSON("vocab/" + id + ".json"); }))
      .then(function (shards) {
        var vocab = {};
        shards.forEach(function (shard) { Object.keys(shard).forEach(function (c) { vocab[c] = shard[c]; }); });
        // The first such word gets up to three alternatives, any other its best one.
        var query = fold(state.query);
        words.slice(1).forEach(function (word) {
          var near = nearWords(word, vocab)[0];
          if (near) query = query.split(word).join(near);
        });
        var offers = nearWords(words[0], vocab).slice(0, SUGGESTIONS).map(function (near) {
          return query.split(words[0]).join(near);
        });
        if (!offers.length && query !== fold(state.query)) offers = [query];
        offers.forEach(function (offer, i) {
          if (i) suggestBox.appendChild(document.createTextNode("　"));
          var link = document.createElement("a");
          link.href = "?q=" + encodeURIComponent(offer);
          link.textContent = offer;
          suggestBox.appendChild(link);
        });
        suggestBox.hidden = offers.length === 0;
      }).catch(function () { hideSuggestions(); });
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
    var ready = /[^\x00-\x7f]/.test(query) ? Promise.all([loadFold(), loadPhrases()])
      : Promise.resolve();
    return ready.then(function () {
      var parsed = parseQuery(query), terms = [];
      parsed.units.forEach(function (unit) {
        unit.alts.forEach(function (alt) { terms = terms.concat(alt.terms); });
      });
      terms = terms.filter(function (t, i) { return terms.indexOf(t) === i; });
      var shardIds = terms.map(shardOf).filter(function (id, i, all) { return all.indexOf(id) === i; });
      var table = AGENCIES ? fetchJSON(AGENCIES).then(function (data) { agencies = data; }) : null;
      // The facets, and a deferred column only when the address filters by it.
      var facets = fetchJSON("facets.json").then(function (facets) {
        return loadColumns(facets, Object.keys(current).filter(function (name) {
          return current[name] && waiting(facets, name);
        })).then(function () { return facets; });
      });
      return Promise.all([facets, table].concat(shardIds.map(function (id) {
        return fetchJSON("terms/" + id + ".json");
      }))).then(function (loaded) {
        var shards = {}, lists = {};
        shardIds.forEach(function (id, i) { shards[id] = loaded[i + 2]; });
        terms.forEach(function (term) { lists[term] = postings(shards[shardOf(term)], term); });
        var units = [], suspects = [];
        parsed.units.forEach(function (unit) {
          var pieces = splitDead(unit, lists);
          if (!unit.concept && !unit.year && (pieces.length > 1 || unit.dead)
              && !/^[a-z0-9]/.test(unit.text) && unit.text.length > 1) suspects.push(unit.text);
          units = units.concat(pieces);
        });
        var live = units.filter(function (u) { return !u.dead; });
        if (parsed.year && !live.some(function (u) { return !u.year; })) {
          live.forEach(function (u) { u.optional = false; });  // the year is all that is left
        }
        var show = [];
        live.forEach(function (unit) { show = show.concat(unit.show); });
        // For the snippets: per looked-up term, its postings and where in the text it occurs.
        state = { query: query, terms: show, facets: loaded[0], suspects: suspects,
                  lists: terms.map(function (term) { return lists[term]; }),
                  hints: terms.map(function (term) { return passageHints(shards[shardOf(term)], term); }),
                  dead: units.filter(function (u) { return u.dead; }).map(function (u) { return u.text; }),
                  scored: live.length ? score(units, lists, loaded[0], parsed.year) : [] };
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
  Object.keys(loaders).forEach(function (name) {
    loaders[name].addEventListener("click", function () {
      if (!state) return;
      loaders[name].disabled = true;
      loadColumns(state.facets, [name]).then(function () {
        fillFilters(state.facets, state.scored, chosen());
        selects[name].focus();
      }).catch(function () {
        status.textContent = "筛选条件暂时无法读取，请稍后再试。";
      }).then(function () { loaders[name].disabled = false; });
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
  window.gongkaiSearch = { loadFold: loadFold, fold: fold, queryTerms: queryTerms, docNoKey: docNoKey,
                           loadPhrases: loadPhrases, parseQuery: parseQuery };

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
