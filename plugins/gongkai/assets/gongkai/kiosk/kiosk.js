/* gongkai lobby kiosk: tap-only browsing that never leaves the site and forgets each visitor.
 *
 * - Every page change uses location.replace, so the browser history never grows; the 返回 button
 *   walks the kiosk's own trail (sessionStorage), which the idle reset wipes with all storage.
 * - Links marked data-gk-leave by the build (other hosts, mailto:, tel:, files) open a QR dialog.
 * - The on-screen keyboard queries kiosk/search.json (pinyin initials, full pinyin, digits).
 */
(function () {
  "use strict";

  var root = document.getElementById("gk-kiosk");
  if (!root) { return; }
  var TRAIL = "gk-trail";
  var QUERY = "gk-query";
  var REOPEN = "gk-reopen-search";
  var ATTRACT = "gk-attract";
  var idleSeconds = parseInt(root.getAttribute("data-idle-seconds"), 10) || 90;
  var countdownSeconds = parseInt(root.getAttribute("data-countdown-seconds"), 10) || 30;
  var siteRoot = new URL(root.getAttribute("data-root"), location.href);
  var indexUrl = new URL(root.getAttribute("data-index"), location.href);
  var onHome = root.getAttribute("data-home") === "true";

  function $(id) { return document.getElementById(id); }
  function show(el) { if (el) { el.hidden = false; } }
  function hide(el) { if (el) { el.hidden = true; } }

  /* -- trail: the kiosk's own history ------------------------------------------------------ */

  function readTrail() {
    try { return JSON.parse(sessionStorage.getItem(TRAIL) || "[]"); } catch (e) { return []; }
  }
  function writeTrail(trail) { sessionStorage.setItem(TRAIL, JSON.stringify(trail.slice(-50))); }

  function go(url, remember) {
    var target = new URL(url, location.href);
    if (remember !== false) {
      var trail = readTrail();
      trail.push({ url: location.href, search: searchOpen() ? query : null });
      writeTrail(trail);
    }
    location.replace(target.href);
  }

  function back() {
    if (searchOpen()) { closeSearch(); return; }
    var trail = readTrail();
    var previous = trail.pop();
    if (!previous) { return; }
    writeTrail(trail);
    if (previous.search !== null && previous.search !== undefined) {
      sessionStorage.setItem(QUERY, previous.search);
      sessionStorage.setItem(REOPEN, "1");
    }
    location.replace(previous.url);
  }

  function updateBackButton() {
    var button = root.querySelector('[data-gk-action="back"]');
    var disabled = readTrail().length === 0 && !searchOpen();
    button.setAttribute("aria-disabled", disabled ? "true" : "false");
  }

  /* -- leaving the site: QR dialog --------------------------------------------------------- */

  function openLeave(publicUrl, qrPath, kind) {
    var text = "本机只能查阅本网站。请用手机扫描二维码继续：";
    if (/^mailto:/i.test(publicUrl)) { text = "请用手机扫描二维码发送电子邮件："; }
    else if (/^tel:/i.test(publicUrl)) { text = "请用手机扫描二维码拨打电话："; }
    else if (kind === "file") { text = "请用手机扫描二维码下载这个文件："; }
    $("gk-leave-text").textContent = text;
    $("gk-leave-url").textContent = publicUrl.replace(/^(mailto|tel):/i, "");
    var img = $("gk-leave-qr");
    if (qrPath) {
      img.src = new URL(qrPath, siteRoot).href;
      show(img);
    } else {
      img.removeAttribute("src");
      hide(img);
    }
    show($("gk-leave"));
  }

  function openMessage(title, text) {
    $("gk-leave-title").textContent = title;
    $("gk-leave-text").textContent = text;
    $("gk-leave-url").textContent = "";
    hide($("gk-leave-qr"));
    show($("gk-leave"));
  }

  function onLinkTap(event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link) { return; }
    var leave = link.getAttribute("data-gk-leave");
    if (leave) {
      event.preventDefault();
      openLeave(link.getAttribute("data-gk-public"), link.getAttribute("data-gk-qr"), leave);
      return;
    }
    var target = new URL(link.getAttribute("href"), location.href);
    if (target.origin !== location.origin) {
      event.preventDefault();
      openLeave(target.href, null, "external");
      return;
    }
    event.preventDefault();
    if (target.pathname === location.pathname && target.search === location.search) {
      var anchor = target.hash ? document.getElementById(decodeURIComponent(target.hash.slice(1))) : null;
      if (anchor && anchor.closest(".gk-kiosk-overlay") === null) { anchor.scrollIntoView(); }
      return;
    }
    go(target.href);
  }

  /* -- search with the on-screen keyboard -------------------------------------------------- */

  var query = "";
  var index = null;
  var loading = null;

  function searchOpen() { return !$("gk-search").hidden; }

  function loadIndex() {
    if (!loading) {
      loading = fetch(indexUrl.href).then(function (r) { return r.json(); })
        .then(function (data) { index = data; return data; })
        .catch(function () {
          loading = null;
          $("gk-search-status").textContent = "查找暂时不可用，请点上面的栏目浏览。";
          return null;
        });
    }
    return loading;
  }

  function tokens(text) { return text.toLowerCase().match(/[a-z]+|[0-9]+/g) || []; }

  function letterScore(record, token) {
    if (record.initials.indexOf(token) === 0) { return 4; }
    if (record.pinyin.indexOf(token) === 0) { return 3; }
    if (record.initials.indexOf(token) > 0) { return 2; }
    if (record.pinyin.indexOf(token) > 0) { return 1; }
    return 0;
  }

  function score(record, parts) {
    var total = 0;
    for (var i = 0; i < parts.length; i++) {
      var token = parts[i];
      var s = /^[0-9]/.test(token)
        ? (record.digits !== undefined && record.digits.indexOf(" " + token) >= 0 ? 2 : 0)
        : letterScore(record, token);
      if (!s) { return 0; }
      total += s;
    }
    return total;
  }

  function ranked(records, parts) {
    var hits = [];
    records.forEach(function (record, position) {
      var s = score(record, parts);
      if (s) { hits.push({ record: record, score: s, position: position }); }
    });
    hits.sort(function (a, b) { return b.score - a.score || a.position - b.position; });
    return hits.map(function (hit) { return hit.record; });
  }

  function resultLink(href, title, meta) {
    var a = document.createElement("a");
    a.className = "gk-result";
    a.href = new URL(href, siteRoot).href;
    var t = document.createElement("span");
    t.className = "gk-result__title";
    t.textContent = title;
    a.appendChild(t);
    if (meta) {
      var m = document.createElement("span");
      m.className = "gk-result__meta";
      m.textContent = meta;
      a.appendChild(m);
    }
    return a;
  }

  function render() {
    $("gk-search-query").textContent = query.toUpperCase();
    sessionStorage.setItem(QUERY, query);
    var results = $("gk-search-results");
    var status = $("gk-search-status");
    results.textContent = "";
    var parts = tokens(query);
    if (!parts.length) { status.textContent = "请点键盘输入。"; updateBackButton(); return; }
    if (!index) {
      status.textContent = "正在载入……";
      loadIndex().then(function (data) { if (data) { render(); } });
      return;
    }
    var letters = parts.filter(function (p) { return /^[a-z]/.test(p); });
    var categories = parts.length === letters.length ? ranked(index.categories, parts) : [];
    var entries = ranked(index.entries, parts);
    categories.forEach(function (c) {
      results.appendChild(resultLink(c.url, "栏目：" + c.name, c.count + "条"));
    });
    entries.slice(0, 30).forEach(function (e) {
      var meta = [e.doc_no, e.published, e.category].filter(Boolean).join(" · ");
      results.appendChild(resultLink(e.url, e.title, meta));
    });
    status.textContent = entries.length || categories.length
      ? "找到" + entries.length + "个文件" + (categories.length ? "、" + categories.length + "个栏目" : "")
        + (entries.length > 30 ? "，显示前30个" : "") + "。"
      : "没有找到。请少输入几个字母再试。";
    updateBackButton();
  }

  function openSearch() {
    show($("gk-search"));
    render();
    loadIndex();
  }
  function closeSearch() { hide($("gk-search")); updateBackButton(); }

  /* -- idle: countdown, reset, attract screen ---------------------------------------------- */

  var idleTimer = null;
  var countdownTimer = null;
  var remaining = 0;

  function sessionIsClean() {
    return readTrail().length === 0 && query === "" && !searchOpen() && $("gk-leave").hidden;
  }

  function attractOn() { return onHome && $("gk-attract") && !$("gk-attract").hidden; }

  function restartIdle() {
    clearTimeout(idleTimer);
    if (!$("gk-idle").hidden) { return; }
    idleTimer = setTimeout(onIdle, idleSeconds * 1000);
  }

  function onIdle() {
    if (attractOn()) { return; }
    if (onHome && sessionIsClean() && window.scrollY === 0) { showAttract(); return; }
    remaining = countdownSeconds;
    $("gk-idle-count").textContent = String(remaining);
    show($("gk-idle"));
    countdownTimer = setInterval(function () {
      remaining -= 1;
      $("gk-idle-count").textContent = String(Math.max(remaining, 0));
      if (remaining <= 0) { clearInterval(countdownTimer); reset(); }
    }, 1000);
  }

  function keepBrowsing() {
    clearInterval(countdownTimer);
    hide($("gk-idle"));
    restartIdle();
  }

  function reset() {
    query = "";
    try { sessionStorage.clear(); } catch (e) { /* storage disabled: nothing to wipe */ }
    try { localStorage.clear(); } catch (e) { /* idem */ }
    document.cookie.split(";").forEach(function (cookie) {
      var name = cookie.split("=")[0].trim();
      if (name) { document.cookie = name + "=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/"; }
    });
    sessionStorage.setItem(ATTRACT, "1");
    location.replace(siteRoot.href);
  }

  function showAttract() {
    var attract = $("gk-attract");
    if (!attract) { return; }
    window.scrollTo(0, 0);
    show(attract);
  }

  /* -- touch hygiene: no selection, long-press menus, pinch or ctrl zoom, no stray forms ---- */

  function guard() {
    document.addEventListener("contextmenu", function (e) { e.preventDefault(); });
    document.addEventListener("selectstart", function (e) { e.preventDefault(); });
    document.addEventListener("dragstart", function (e) { e.preventDefault(); });
    document.addEventListener("touchmove", function (e) {
      if (e.touches && e.touches.length > 1) { e.preventDefault(); }
    }, { passive: false });
    document.addEventListener("gesturestart", function (e) { e.preventDefault(); });
    document.addEventListener("wheel", function (e) { if (e.ctrlKey) { e.preventDefault(); } }, { passive: false });
    document.addEventListener("keydown", function (e) {
      if ((e.ctrlKey || e.metaKey) && /^[-+=0]$/.test(e.key)) { e.preventDefault(); }
    });
    document.addEventListener("submit", function (e) { e.preventDefault(); }, true);
    window.open = function () { return null; };
    window.print = function () {
      openMessage("本机不能打印", "纸质申请表可在依申请公开受理窗口领取，也可用手机打开本网站下载打印。");
    };
  }

  /* -- wiring ------------------------------------------------------------------------------ */

  function onAction(event) {
    var control = event.target.closest ? event.target.closest("[data-gk-action], [data-gk-key]") : null;
    if (!control) { return false; }
    var key = control.getAttribute("data-gk-key");
    if (key) { query += key; render(); return true; }
    switch (control.getAttribute("data-gk-action")) {
      case "home": go(siteRoot.href); break;
      case "back": back(); break;
      case "search": openSearch(); break;
      case "takeaway": $("gk-takeaway").scrollIntoView(); break;
      case "backspace": query = query.slice(0, -1); render(); break;
      case "clear": query = ""; render(); break;
      case "close": closeSearch(); break;
      case "continue": keepBrowsing(); break;
      case "close-leave": hide($("gk-leave")); $("gk-leave-title").textContent = "请用手机继续"; break;
      case "start": hide($("gk-attract")); break;
      default: return false;
    }
    return true;
  }

  // Capture phase on window: the kiosk decides about every tap before any other script (such as
  // an instant-navigation router) can follow a link.
  window.addEventListener("click", function (event) {
    if (!(event.target instanceof Element)) { return; }
    if (attractOn() && !event.target.closest("#gk-attract a[href]")) {
      // Any tap on the attract screen wakes the kiosk; a tapped entry opens directly.
      event.preventDefault();
      event.stopPropagation();
      hide($("gk-attract"));
      return;
    }
    if (onAction(event)) { event.preventDefault(); event.stopPropagation(); return; }
    if (event.target.closest("#gk-idle")) {
      // Someone is here: a tap anywhere on the countdown keeps the page, not only the button.
      event.preventDefault();
      event.stopPropagation();
      keepBrowsing();
      return;
    }
    onLinkTap(event);
    if (event.defaultPrevented) { event.stopPropagation(); }
  }, true);
  ["pointerdown", "touchstart", "keydown", "wheel", "scroll"].forEach(function (name) {
    window.addEventListener(name, restartIdle, { passive: true, capture: true });
  });
  guard();

  query = sessionStorage.getItem(QUERY) || "";
  if (sessionStorage.getItem(REOPEN)) {
    sessionStorage.removeItem(REOPEN);
    openSearch();
  }
  if (sessionStorage.getItem(ATTRACT)) {
    sessionStorage.removeItem(ATTRACT);
    showAttract();
  }
  updateBackButton();
  restartIdle();
})();
