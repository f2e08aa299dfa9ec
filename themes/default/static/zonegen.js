/* Display switches (适老化): font size 标准/大/特大 and high contrast, remembered across pages.
 * Loaded in <head> so the remembered choice applies before the page is drawn.
 * localStorage works for http(s) and, in Chromium and Firefox, for file:// pages
 * (one store for all local files). The kiosk copy (<html class="kiosk">) keeps them in
 * sessionStorage instead, which ends with the browser, and clears them when idle (below). */
(function () {
  "use strict";
  var KEY = "zonegen-display";
  var SIZES = ["normal", "large", "xlarge"];
  var root = document.documentElement;
  var kiosk = root.classList.contains("kiosk");

  function store() {
    try {
      return kiosk ? window.sessionStorage : window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function load() {
    try {
      var saved = JSON.parse(store().getItem(KEY) || "{}");
      return {
        font: SIZES.indexOf(saved.font) >= 0 ? saved.font : "normal",
        contrast: saved.contrast === true
      };
    } catch (e) {
      return { font: "normal", contrast: false };
    }
  }

  function save(prefs) {
    try {
      store().setItem(KEY, JSON.stringify(prefs));
    } catch (e) {
      /* storage disabled: the choice still applies to this page */
    }
  }

  function apply(prefs) {
    root.classList.remove("font-large", "font-xlarge", "high-contrast");
    root.classList.add("js");
    if (prefs.font !== "normal") root.classList.add("font-" + prefs.font);
    if (prefs.contrast) root.classList.add("high-contrast");
  }

  function sync(prefs) {
    var buttons = document.querySelectorAll("[data-font]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-font") === prefs.font));
    }
    var contrast = document.querySelector("[data-contrast]");
    if (contrast) contrast.setAttribute("aria-pressed", String(prefs.contrast));
  }

  /* A region that scrolls sideways (a wide table on a phone, or at a large font size) must
   * be reachable from the keyboard to scroll it; name it after its caption or heading. */
  function markScrollable() {
    var candidates = document.querySelectorAll("main table, main .table-scroll, main section, main figure");
    for (var i = 0; i < candidates.length; i++) {
      var el = candidates[i];
      var style = window.getComputedStyle(el);
      var scrolls = (style.overflowX === "auto" || style.overflowX === "scroll") && el.scrollWidth > el.clientWidth + 1;
      if (scrolls && !el.hasAttribute("tabindex") && !el.querySelector("a[href], button, input, select, textarea, [tabindex]")) {
        el.setAttribute("tabindex", "0");
        if (!el.hasAttribute("role") && el.tagName !== "TABLE" && el.tagName !== "SECTION") el.setAttribute("role", "region");
        if (!el.hasAttribute("aria-label") && !el.hasAttribute("aria-labelledby")) {
          var caption = el.querySelector("caption, h2, h3, figcaption");
          if (caption) el.setAttribute("aria-label", caption.textContent.trim());
        }
      }
    }
  }

  /* The column menu folds away on narrow screens (CSS decides when); this button opens it. */
  function toggleNav(button) {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    var nav = button.closest(".site-nav");
    if (nav) nav.classList.toggle("open", open);
  }

  /* ---- Kiosk: 返回 inside the copy, and the idle reset for the next person. ---- */
  var TRAIL = "zonegen-kiosk-trail";
  var leaving = false;

  function here() {
    return window.location.href.split("#")[0];
  }

  function trail() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(TRAIL) || "[]");
      return Array.isArray(saved) ? saved : [];
    } catch (e) {
      return [];
    }
  }

  function keepTrail(list) {
    try {
      window.sessionStorage.setItem(TRAIL, JSON.stringify(list.slice(-50)));
    } catch (e) {
      /* no storage: 返回 stays disabled */
    }
  }

  function goBack() {
    var list = trail();
    list.pop();
    var previous = list[list.length - 1];
    keepTrail(list);
    leaving = true;
    window.location.href = previous || root.getAttribute("data-home");
  }

  function resetKiosk() {
    try {
      window.sessionStorage.clear();
      window.localStorage.removeItem(KEY);
    } catch (e) {
      /* nothing was stored */
    }
    leaving = true;
    window.location.replace(root.getAttribute("data-home"));
  }

  /* Whether anything of the last person is left to clear: settings, pages visited, typed text, scrolling. */
  function used() {
    if (prefs.font !== "normal" || prefs.contrast || trail().length > 1 || window.location.search) return true;
    if (window.scrollY > 0) return true;
    var fields = document.querySelectorAll("input, textarea");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].type === "checkbox" ? fields[i].checked : fields[i].value) return true;
    }
    return false;
  }

  function startIdle() {
    var seconds = parseInt(root.getAttribute("data-idle"), 10) || 180;
    var warning = Math.min(30, Math.floor(seconds / 3));
    var notice = document.querySelector("[data-idle-notice]");
    var count = document.querySelector("[data-idle-count]");
    var last = Date.now();
    function touched() {
      last = Date.now();
      if (notice && !notice.hidden) notice.hidden = true;
    }
    ["pointerdown", "keydown", "wheel", "touchstart", "input", "scroll"].forEach(function (name) {
      window.addEventListener(name, touched, { passive: true, capture: true });
    });
    window.setInterval(function () {
      var left = seconds - (Date.now() - last) / 1000;
      if (left > warning) return;
      if (!used()) {
        last = Date.now(); /* a clean home page: nothing to clear, no countdown */
        return;
      }
      if (left <= 0) {
        resetKiosk();
        return;
      }
      if (notice) {
        if (count) count.textContent = String(Math.ceil(left));
        notice.hidden = false;
      }
    }, 1000);
  }

  if (kiosk) {
    try {
      window.localStorage.removeItem(KEY); /* what an online visit on this machine left */
    } catch (e) {
      /* no storage */
    }
    var visited = trail();
    if (visited[visited.length - 1] !== here()) visited.push(here());
    keepTrail(visited);
    /* The search page keeps its query in the address (history.pushState): 返回 comes back to it. */
    window.addEventListener("pagehide", function () {
      if (leaving) return;
      var list = trail();
      if (list.length) list[list.length - 1] = here();
      keepTrail(list);
    });
  }

  var prefs = load();
  apply(prefs);

  document.addEventListener("DOMContentLoaded", function () {
    sync(prefs);
    markScrollable();
    window.addEventListener("resize", markScrollable);
    if (kiosk) {
      var back = document.querySelector("[data-back]");
      if (back && trail().length < 2) back.disabled = true;
      startIdle();
    }
    document.addEventListener("submit", function (event) {
      if (event.target.hasAttribute && event.target.hasAttribute("data-apply-form")) event.preventDefault();
    });
    document.addEventListener("click", function (event) {
      var target = event.target.closest
        ? event.target.closest("[data-font],[data-contrast],[data-print],[data-nav-toggle],[data-back],[data-idle-stay]")
        : null;
      if (!target) return;
      if (target.hasAttribute("data-print")) {
        window.print();
        return;
      }
      if (target.hasAttribute("data-nav-toggle")) {
        toggleNav(target);
        return;
      }
      if (target.hasAttribute("data-back")) {
        goBack();
        return;
      }
      if (target.hasAttribute("data-idle-stay")) {
        target.closest("[data-idle-notice]").hidden = true;
        return;
      }
      if (target.hasAttribute("data-font")) prefs.font = target.getAttribute("data-font");
      else prefs.contrast = !prefs.contrast;
      apply(prefs);
      sync(prefs);
      save(prefs);
      markScrollable();
    });
  });
})();
