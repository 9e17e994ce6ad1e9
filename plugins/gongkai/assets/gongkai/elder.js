/* gongkai 长辈模式 (适老化): larger text and stronger contrast, switched by a header button and
   remembered in localStorage so it stays on across pages.  Plain DOM, no dependencies; works with
   and without Material's instant navigation (clicks are delegated, state is re-applied per page). */
(function () {
  "use strict";
  var KEY = "gongkai.elder";  /* also read by templates/partials/elder-toggle.html */
  var CLASS = "gk-elder";

  function stored() {
    try { return window.localStorage.getItem(KEY) === "on"; } catch (error) { return false; }
  }

  function store(on) {
    try { window.localStorage.setItem(KEY, on ? "on" : "off"); } catch (error) { /* private mode: this page only */ }
  }

  function apply(on) {
    document.documentElement.classList.toggle(CLASS, on);
    var buttons = document.querySelectorAll("[data-gk-elder-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  apply(stored());
  document.addEventListener("DOMContentLoaded", function () { apply(stored()); });
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-gk-elder-toggle]") : null;
    if (!target) { return; }
    var on = !document.documentElement.classList.contains(CLASS);
    store(on);
    apply(on);
  });
  /* The 无障碍 toolbar's 重置 (a11y-toolbar.js) switches 长辈模式 off too. */
  document.addEventListener("gongkai:a11y-reset", function () {
    try { window.localStorage.removeItem(KEY); } catch (error) { /* nothing stored */ }
    apply(false);
  });
  /* Material's instant navigation replaces the page body: re-apply the state after each swap. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { apply(stored()); });
  }
})();
