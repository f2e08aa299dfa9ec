// zonegen serve: reloads this page after each good rebuild and shows a bad one's problems over it.
// Sent only by `zonegen serve`, added to each page as it is served; never part of a built site.
(function () {
  "use strict";
  var me = document.currentScript;
  var shown = Number(me && me.getAttribute("data-generation"));
  var key = "zonegen-serve-scroll";
  var host = null;

  // Keep the reader's place across reloads of the same page.
  try {
    var kept = JSON.parse(sessionStorage.getItem(key) || "null");
    sessionStorage.removeItem(key);
    if (kept && kept.path === location.pathname) window.scrollTo(0, kept.y);
  } catch (e) { /* storage refused: start at the top */ }

  function reload() {
    try { sessionStorage.setItem(key, JSON.stringify({ path: location.pathname, y: window.scrollY })); } catch (e) { }
    location.reload();
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text; // diagnostics quote the clerk's text: never parsed as HTML
    return node;
  }

  var STYLE =
    ":host{all:initial}" +
    ".panel{position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:2147483647;" +
    "background:#fff8f6;color:#1f1f1f;border-bottom:4px solid #c0392b;box-shadow:0 4px 16px rgba(0,0,0,.25);" +
    "font:16px/1.6 'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif;padding:16px 20px}" +
    "h2{margin:0 0 8px;font-size:20px;color:#a93226}" +
    "ol{margin:0;padding-left:1.5em}li{margin:0 0 10px}" +
    ".where{font-family:ui-monospace,Consolas,monospace;font-weight:bold}" +
    ".code{font-family:ui-monospace,Consolas,monospace;color:#555;margin:0 .5em}" +
    ".hint{color:#1a5276}.note{margin:8px 0 0;color:#555}" +
    "button{float:right;font:inherit;padding:2px 12px;cursor:pointer}";

  function show(state) {
    hide();
    host = element("div");
    host.id = "zonegen-serve-problems";
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var style = element("style");
    style.textContent = STYLE;
    var panel = element("section", "panel");
    panel.setAttribute("role", "alert");
    panel.setAttribute("lang", "zh-CN");
    var close = element("button", "", "暂时隐藏");
    close.type = "button";
    close.addEventListener("click", hide);
    panel.appendChild(close);
    panel.appendChild(element("h2", "", state.summary));
    var list = element("ol");
    state.problems.forEach(function (p) {
      var item = element("li", p.severity);
      item.appendChild(element("span", "where", p.where));
      item.appendChild(element("span", "code", p.label + " " + p.code));
      item.appendChild(element("div", "message", p.message));
      if (p.hint) item.appendChild(element("div", "hint", "提示：" + p.hint));
      list.appendChild(item);
    });
    panel.appendChild(list);
    if (state.more) panel.appendChild(element("p", "note", state.more));
    panel.appendChild(element("p", "note", "页面中显示的是上一次生成成功的内容。改正后保存文件，本提示会自动消失。"));
    root.appendChild(style);
    root.appendChild(panel);
    document.documentElement.appendChild(host);
  }

  function hide() {
    if (host && host.parentNode) host.parentNode.removeChild(host);
    host = null;
  }

  if (!window.EventSource) return;
  var source = new EventSource("/__zonegen/events");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.generation !== shown && state.generation > 0) reload();
    else if (state.ok) hide();
    else show(state);
  };
  // A browser keeps few connections to one server: a page going away gives its stream back.
  window.addEventListener("pagehide", function () { source.close(); });
  window.addEventListener("pageshow", function (event) { if (event.persisted) reload(); });
})();
