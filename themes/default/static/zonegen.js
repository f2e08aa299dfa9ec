/* Display switches (适老化): font size 标准/大/特大 and high contrast, remembered across pages.
 * Loaded in <head> so the remembered choice applies before the page is drawn.
 * localStorage works for http(s) and, in Chromium and Firefox, for file:// pages
 * (one store for all local files), which is how kiosks open the exported zone. */
(function () {
  "use strict";
  var KEY = "zonegen-display";
  var SIZES = ["normal", "large", "xlarge"];
  var root = document.documentElement;

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "{}");
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
      window.localStorage.setItem(KEY, JSON.stringify(prefs));
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

  var prefs = load();
  apply(prefs);

  document.addEventListener("DOMContentLoaded", function () {
    sync(prefs);
    markScrollable();
    window.addEventListener("resize", markScrollable);
    document.addEventListener("click", function (event) {
      var target = event.target.closest ? event.target.closest("[data-font],[data-contrast],[data-print]") : null;
      if (!target) return;
      if (target.hasAttribute("data-print")) {
        window.print();
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
