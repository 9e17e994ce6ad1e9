/* gongkai 无障碍 toolbar (templates/partials/a11y-toolbar.html): 朗读 through the browser's own speech
   synthesis (offline, nothing is sent anywhere), 放大/缩小 by the root font size (Material sizes
   everything in rem, so the page reflows instead of growing sideways), 高对比, 大鼠标 and 阅读线.
   Settings live in localStorage under one key; partials/a11y-init.html applies them in <head> before
   the page is drawn, this script keeps buttons and classes in step and does the work.  长辈模式 is
   elder.js's; 重置 asks it to switch off through the "gongkai:a11y-reset" event. */
(function () {
  "use strict";
  var KEY = "gongkai.a11y";  /* also read by templates/partials/a11y-init.html */
  var ZOOM_MIN = 100, ZOOM_MAX = 200, ZOOM_STEP = 25;
  var RATES = { slow: 0.7, normal: 1, fast: 1.4 };
  var CHUNK = 120;  /* characters per utterance: Chromium stops long utterances after ~15 s */
  var root = document.documentElement;
  var synth = "speechSynthesis" in window && "SpeechSynthesisUtterance" in window ? window.speechSynthesis : null;

  function load() {
    var state = {};
    try { state = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; } catch (error) { state = {}; }
    var zoom = Math.round(Number(state.zoom) / ZOOM_STEP) * ZOOM_STEP;
    return {
      open: state.open === true, contrast: state.contrast === true, cursor: state.cursor === true,
      guide: state.guide === true, point: state.point === true,
      zoom: zoom >= ZOOM_MIN && zoom <= ZOOM_MAX ? zoom : ZOOM_MIN,
      rate: Object.prototype.hasOwnProperty.call(RATES, state.rate) ? state.rate : "normal"
    };
  }

  var state = load();

  function save() {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (error) { /* private mode: this page only */ }
  }

  function controls(name) { return document.querySelectorAll('[data-gk-a11y="' + name + '"]'); }

  function mark(name, attribute, on) {
    var found = controls(name);
    for (var i = 0; i < found.length; i++) { found[i].setAttribute(attribute, on ? "true" : "false"); }
  }

  /* Classes on <html> (the same ones a11y-init.html sets) and the state every button shows. */
  function apply() {
    root.classList.toggle("gk-toolbar-open", state.open);
    root.classList.toggle("gk-contrast", state.contrast);
    root.classList.toggle("gk-cursor", state.cursor);
    root.classList.toggle("gk-guide", state.guide);
    root.classList.toggle("gk-zoom", state.zoom > ZOOM_MIN);
    root.classList.toggle("gk-zoom--large", state.zoom >= 150);
    if (state.zoom > ZOOM_MIN) { root.style.setProperty("--gk-zoom", String(state.zoom / 100)); }
    else { root.style.removeProperty("--gk-zoom"); }
    mark("open", "aria-expanded", state.open);
    mark("contrast", "aria-pressed", state.contrast);
    mark("cursor", "aria-pressed", state.cursor);
    mark("guide", "aria-pressed", state.guide);
    mark("point", "aria-pressed", state.point);
    mark("read", "aria-pressed", speech.active);
    mark("pause", "aria-pressed", speech.paused);
    mark("zoom-in", "aria-disabled", state.zoom >= ZOOM_MAX);
    mark("zoom-out", "aria-disabled", state.zoom <= ZOOM_MIN);
    var rates = controls("rate");
    for (var i = 0; i < rates.length; i++) {
      rates[i].setAttribute("aria-pressed", rates[i].getAttribute("data-value") === state.rate ? "true" : "false");
    }
    var labels = document.querySelectorAll("[data-gk-a11y-zoom]");
    for (var j = 0; j < labels.length; j++) { labels[j].textContent = "页面大小 " + state.zoom + "%"; }
    markScrollingTables();
    if (!synth) {
      var groups = document.querySelectorAll("[data-gk-a11y-speech]");
      for (var k = 0; k < groups.length; k++) { groups[k].hidden = true; }
    }
  }

  /* ---- 朗读 ---- */
  var speech = { active: false, paused: false, parts: [], index: 0, current: null, selection: "" };

  function mainText() {
    var main = document.querySelector(".md-content article") || document.querySelector("main") || document.body;
    return main.innerText || main.textContent || "";
  }

  function selectedText() {
    var selection = window.getSelection ? String(window.getSelection()).trim() : "";
    return selection;
  }

  /* Sentences packed into utterances of at most CHUNK characters, so that reading can go on for long
     documents and a rate change takes effect at once. */
  function split(text) {
    var sentences = text.replace(/[ \t\u00a0]+/g, " ").replace(/([。！？；!?;\n])/g, "$1\u0000").split("\u0000");
    var parts = [], part = "";
    for (var i = 0; i < sentences.length; i++) {
      var sentence = sentences[i].trim();
      while (sentence.length > CHUNK) { parts.push(sentence.slice(0, CHUNK)); sentence = sentence.slice(CHUNK); }
      if (!sentence) { continue; }
      if (part && part.length + sentence.length + 1 > CHUNK) { parts.push(part); part = ""; }
      part = part ? part + " " + sentence : sentence;
    }
    if (part) { parts.push(part); }
    return parts;
  }

  function chineseVoice() {
    var voices = synth.getVoices ? synth.getVoices() : [];
    var best = null;
    for (var i = 0; i < voices.length; i++) {
      var lang = (voices[i].lang || "").replace("_", "-").toLowerCase();
      if (lang === "zh-cn") { return voices[i]; }
      if (!best && lang.indexOf("zh") === 0) { best = voices[i]; }
    }
    return best;
  }

  function speakCurrent() {
    if (speech.index >= speech.parts.length) { stopReading(); return; }
    var utterance = new window.SpeechSynthesisUtterance(speech.parts[speech.index]);
    utterance.lang = "zh-CN";
    utterance.rate = RATES[state.rate];
    var voice = chineseVoice();
    if (voice) { utterance.voice = voice; }
    utterance.onend = function () {
      if (speech.current !== utterance) { return; }  /* cancelled or replaced */
      speech.index += 1;
      speakCurrent();
    };
    utterance.onerror = utterance.onend;
    speech.current = utterance;
    synth.speak(utterance);
  }

  function startReading(text) {
    speech.current = null;
    synth.cancel();
    speech.parts = split(text);
    speech.index = 0;
    speech.active = speech.parts.length > 0;
    speech.paused = false;
    if (speech.active) { speakCurrent(); }
    apply();
  }

  function stopReading() {
    speech.current = null;
    speech.active = false;
    speech.paused = false;
    if (synth) { synth.cancel(); }
    apply();
  }

  function togglePause() {
    if (!speech.active) { return; }
    speech.paused = !speech.paused;
    if (speech.paused) { synth.pause(); } else { synth.resume(); }
    apply();
  }

  function setRate(rate) {
    state.rate = rate;
    save();
    if (speech.active) {  /* the sentence being read starts again at the new rate */
      speech.current = null;
      synth.cancel();
      speech.paused = false;
      speakCurrent();
    }
    apply();
  }

  /* 指读: what is pointed at or reached with Tab is read out, once. */
  var pointTimer = null, pointLast = null;
  var POINTABLE = "a, button, input, select, textarea, summary, label, h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, caption, img[alt]";

  function pointText(element) {
    var text = element.getAttribute("aria-label") || element.getAttribute("alt") || element.innerText ||
      element.value || element.getAttribute("title") || "";
    return String(text).replace(/\s+/g, " ").trim().slice(0, 300);
  }

  function pointAt(target) {
    if (!state.point || !synth || !(target instanceof Element)) { return; }
    var element = target.closest(POINTABLE);
    if (!element || element === pointLast) { return; }
    window.clearTimeout(pointTimer);
    pointTimer = window.setTimeout(function () {
      var text = pointText(element);
      if (!text) { return; }
      pointLast = element;
      startReading(text);
    }, 250);
  }

  /* ---- 放大/缩小, 阅读线 ---- */
  /* A wide table that no longer fits (large text, a phone) scrolls inside its box: the box becomes a
     named stop for Tab, so that keyboard users can scroll it with the arrow keys (WCAG 2.1.1). */
  function markScrollingTables() {
    var boxes = document.querySelectorAll(".gk-table-wrap, .gk-form, .md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", (caption ? caption.textContent.trim() + "：" : "") + "表格，可左右滚动");
        box.setAttribute("data-gk-a11y-scrolls", "");
      } else if (!scrolls && box.hasAttribute("data-gk-a11y-scrolls")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.removeAttribute("data-gk-a11y-scrolls");
      }
    }
  }

  function zoomBy(steps) {
    state.zoom = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, state.zoom + steps * ZOOM_STEP));
    save();
    apply();
  }

  var guideLine = null;
  function moveGuide(event) {
    if (!state.guide) { return; }
    if (!guideLine) {
      guideLine = document.createElement("div");
      guideLine.className = "gk-guide-line";
      guideLine.setAttribute("aria-hidden", "true");
      document.body.appendChild(guideLine);
    }
    guideLine.style.top = event.clientY + "px";
  }

  function reset() {
    stopReading();
    state = { open: state.open, contrast: false, cursor: false, guide: false, point: false, zoom: ZOOM_MIN, rate: "normal" };
    try { window.localStorage.removeItem(KEY); } catch (error) { /* nothing stored */ }
    document.dispatchEvent(new CustomEvent("gongkai:a11y-reset"));
    apply();
  }

  function setOpen(open) {
    state.open = open;
    save();
    apply();
  }

  var actions = {
    open: function () { setOpen(!state.open); },
    close: function () {
      setOpen(false);
      var entry = controls("open")[0];
      if (entry) { entry.focus(); }
    },
    read: function () {
      if (speech.active) { stopReading(); return; }
      startReading(speech.selection || selectedText() || mainText());
      speech.selection = "";
    },
    pause: togglePause,
    stop: stopReading,
    rate: function (button) { setRate(button.getAttribute("data-value")); },
    point: function () { state.point = !state.point; save(); if (!state.point) { stopReading(); } apply(); },
    "zoom-in": function () { zoomBy(1); },
    "zoom-out": function () { zoomBy(-1); },
    contrast: function () { state.contrast = !state.contrast; save(); apply(); },
    cursor: function () { state.cursor = !state.cursor; save(); apply(); },
    guide: function () {
      state.guide = !state.guide;
      save();
      if (!state.guide && guideLine) { guideLine.remove(); guideLine = null; }
      apply();
    },
    reset: reset
  };

  apply();
  document.addEventListener("DOMContentLoaded", apply);
  /* A click on 朗读 may move the selection: remember what was selected when the press began. */
  document.addEventListener("pointerdown", function (event) {
    var target = event.target instanceof Element ? event.target.closest('[data-gk-a11y="read"]') : null;
    if (target) { speech.selection = selectedText(); }
  });
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-gk-a11y]") : null;
    if (!button || !Object.prototype.hasOwnProperty.call(actions, button.getAttribute("data-gk-a11y"))) { return; }
    if (button.getAttribute("aria-disabled") === "true") { return; }
    actions[button.getAttribute("data-gk-a11y")](button);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !state.open) { return; }
    var inside = event.target instanceof Element && event.target.closest('#gk-a11y-bar, [data-gk-a11y="open"]');
    if (inside) { actions.close(); }
  });
  window.addEventListener("resize", markScrollingTables);
  document.addEventListener("mousemove", moveGuide, { passive: true });
  document.addEventListener("mouseover", function (event) { pointAt(event.target); });
  document.addEventListener("focusin", function (event) { pointAt(event.target); });
  window.addEventListener("pagehide", function () { if (synth && speech.active) { synth.cancel(); } });
  /* Material's instant navigation swaps the page: reading stops, the new page gets the settings. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { if (speech.active) { stopReading(); } apply(); });
  }
})();
