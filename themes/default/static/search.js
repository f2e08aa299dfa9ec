/* zonegen site search: Chinese full-text search that runs the same from http:// and file://.
 *
 * No fetch, no modules, no WebAssembly: index parts are plain <script> files that call
 * zonegenSearch.meta / .shard / .block (written by zonegen/search/index.py). The text is
 * normalised exactly as on the build side (zonegen/search/normalize.py), so any query that
 * occurs verbatim in a record finds that record.
 */
(function () {
  "use strict";

  // Stored fields of a record (documents.py Document.stored) and the searched ones, in order.
  var F = { title: 0, url: 1, published: 2, docNo: 3, indexNo: 4, keywords: 5, summary: 6, attachments: 7, text: 8 };
  var SEARCHED = [F.title, F.docNo, F.indexNo, F.keywords, F.summary, F.attachments, F.text];
  var SEP = "\u0000";
  var PAGE_SIZE = 20;

  // --- normalisation: f(c) = letters and digits of NFKC(c).toLowerCase(), per code point ---
  var CHANGING = /[^\x00-\x7f\u4e00-\u9fff]/gu;
  var STRIP = /[^\p{L}\p{N}\u0000]+/gu;
  var NON_WORD = /[^\p{L}\p{N}]+/gu;
  var foldCache = new Map();

  function mapChar(c) {
    var hit = foldCache.get(c);
    if (hit === undefined) {
      var n = c.normalize("NFKC");
      hit = n === c ? c : n.toLowerCase().replace(NON_WORD, "").replace(/ς/g, "σ");
      foldCache.set(c, hit);
    }
    return hit;
  }

  function norm(s) {
    return s.replace(CHANGING, mapChar).toLowerCase().replace(STRIP, "").replace(/ς/g, "σ");
  }

  /** The normalised form of one code point (what norm does to it inside a text). */
  function fold(c) {
    return mapChar(c).toLowerCase().replace(NON_WORD, "").replace(/ς/g, "σ");
  }

  /** Whitespace-separated parts of a query, normalised, without empties or repeats. */
  function terms(query) {
    var out = [];
    String(query || "").split(/\s+/).forEach(function (part) {
      var t = norm(part);
      if (t && out.indexOf(t) < 0) out.push(t);
    });
    return out;
  }

  // --- loading index parts as <script> files ---
  var meta = null;
  var shards = {};
  var blocks = {};
  var waiting = {};
  var base = "";

  function loadScript(kind, number) {
    var key = kind + number;
    var store = kind === "p" ? shards : blocks;
    if (store[number] !== undefined) return Promise.resolve(store[number]);
    if (waiting[key]) return waiting[key];
    waiting[key] = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = base + kind + "/" + number + ".js";
      script.onload = function () {
        delete waiting[key];
        if (store[number] === undefined) reject(new Error("索引文件内容不完整：" + script.src));
        else resolve(store[number]);
      };
      script.onerror = function () {
        delete waiting[key];
        reject(new Error("无法加载索引文件：" + script.src));
      };
      document.head.appendChild(script);
    });
    return waiting[key];
  }

  function decodeList(code) {
    var out = [];
    var value = -1;
    var delta = 0;
    for (var i = 0; i < code.length; i++) {
      var last = LAST.indexOf(code[i]);
      if (last >= 0) {
        value += delta * 32 + last;
        out.push(value);
        delta = 0;
      } else {
        delta = delta * 32 + MORE.indexOf(code[i]);
      }
    }
    return out;
  }
  var LAST = "0123456789abcdefghijklmnopqrstuv";
  var MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ()*+-.";

  function bucketOf(bigram) {
    var a = bigram.codePointAt(0);
    var b = bigram.codePointAt(a > 0xffff ? 2 : 1);
    return (a * meta.multiplier + b) % meta.shards;
  }

  /** Blocks that hold every bigram of every term of two or more characters (null: all). */
  function candidateBlocks(queryTerms) {
    var bigrams = [];
    queryTerms.forEach(function (t) {
      var chars = Array.from(t);
      for (var i = 0; i + 1 < chars.length; i++) {
        var bg = chars[i] + chars[i + 1];
        if (bigrams.indexOf(bg) < 0) bigrams.push(bg);
      }
    });
    if (!bigrams.length) return Promise.resolve(null);
    var needed = [];
    bigrams.forEach(function (bg) {
      var n = bucketOf(bg);
      if (needed.indexOf(n) < 0) needed.push(n);
    });
    return Promise.all(needed.map(function (n) { return loadScript("p", n); })).then(function () {
      var result = null;
      for (var i = 0; i < bigrams.length; i++) {
        var code = shards[bucketOf(bigrams[i])][bigrams[i]];
        if (code === undefined) return [];
        var list = decodeList(code.charAt(0) === "~" ? code.slice(1) : code);
        if (code.charAt(0) === "~") {
          var missing = new Set(list);
          list = meta.blocks.map(function (_s, b) { return b; }).filter(function (b) { return !missing.has(b); });
        }
        if (result === null) result = list;
        else {
          var keep = new Set(list);
          result = result.filter(function (b) { return keep.has(b); });
        }
        if (!result.length) return [];
      }
      return result;
    });
  }

  /** A loaded record, with its normalised searchable fields prepared once. */
  function prepare(row, id) {
    var fields = SEARCHED.map(function (f) { return row[f]; });
    var all = norm(fields.join(SEP));
    var parts = all.split(SEP);
    return { id: id, row: row, all: all, title: parts[0], docNo: parts[1], indexNo: parts[2],
             keywords: parts[3], text: parts[6] };
  }

  function loadBlocks(numbers) {
    return Promise.all(numbers.map(function (n) { return loadScript("d", n); }));
  }

  function count(haystack, needle, limit) {
    var n = 0;
    var at = haystack.indexOf(needle);
    while (at >= 0 && n < limit) {
      n++;
      at = haystack.indexOf(needle, at + needle.length);
    }
    return n;
  }

  /** Score a prepared record against the terms; null when some term is absent. */
  function score(doc, queryTerms) {
    var tier = 0;
    var relevance = 0;
    var inTitle = 0;
    for (var i = 0; i < queryTerms.length; i++) {
      var t = queryTerms[i];
      if (doc.all.indexOf(t) < 0) return null;
      if (t === doc.docNo || t === doc.indexNo) tier = 2;
      if (doc.title.indexOf(t) >= 0) { inTitle++; relevance += 8; }
      if (doc.keywords.indexOf(t) >= 0) relevance += 3;
      relevance += Math.log(1 + count(doc.text, t, 50)) / Math.LN2;
    }
    if (tier === 0 && inTitle === queryTerms.length) tier = 1;
    return { tier: tier, relevance: relevance };
  }

  /** Every record matching all terms, unsorted: [{doc, tier, relevance}]. */
  function search(queryTerms) {
    if (!queryTerms.length) return Promise.resolve([]);
    return candidateBlocks(queryTerms).then(function (found) {
      var numbers = found === null ? meta.blocks.map(function (_s, i) { return i; }) : found;
      return loadBlocks(numbers).then(function () {
        var hits = [];
        numbers.forEach(function (n) {
          var rows = blocks[n];
          if (!rows.prepared) {
            rows.prepared = rows.map(function (row, k) { return prepare(row, meta.blocks[n] + k); });
          }
          rows.prepared.forEach(function (doc) {
            var s = score(doc, queryTerms);
            if (s) hits.push({ doc: doc, tier: s.tier, relevance: s.relevance });
          });
        });
        return hits;
      });
    });
  }

  function facet(id, which) {
    return meta.facets.charCodeAt(id * 4 + which) - 48;
  }
  var FACETS = { group: 0, kind: 1, cat: 2, year: 3 };

  /** The URL value of a filter option: readable and stable across builds (2025, not 1). */
  function keyOf(name, i) {
    if (name === "group") return meta.groups[i][0];
    if (name === "kind") return meta.kinds[i];
    if (name === "cat") return meta.categories[i];
    return String(meta.years[i]);
  }

  function passes(hit, filters, except) {
    for (var name in FACETS) {
      if (name === except || filters[name] === "") continue;
      if (keyOf(name, facet(hit.doc.id, FACETS[name])) !== filters[name]) return false;
    }
    return true;
  }

  function sortHits(hits, order) {
    if (order === "date") return hits.sort(function (a, b) { return a.doc.id - b.doc.id; });
    return hits.sort(function (a, b) {
      return b.tier - a.tier || b.relevance - a.relevance || a.doc.id - b.doc.id;
    });
  }

  // --- highlighting, built from text nodes only (record text never becomes markup) ---
  function marked(text, queryTerms) {
    var fragment = document.createDocumentFragment();
    var normal = "";
    var starts = [];
    var ends = [];
    var offset = 0;
    for (var c of text) {
      var piece = fold(c);
      for (var k = 0; k < piece.length; k++) { starts.push(offset); ends.push(offset + c.length); }
      normal += piece;
      offset += c.length;
    }
    var ranges = [];
    queryTerms.forEach(function (t) {
      var at = normal.indexOf(t);
      while (at >= 0) {
        ranges.push([starts[at], ends[at + t.length - 1]]);
        at = normal.indexOf(t, at + t.length);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var position = 0;
    ranges.forEach(function (r) {
      if (r[1] <= position) return;
      var from = Math.max(r[0], position);
      if (from > position) fragment.appendChild(document.createTextNode(text.slice(position, from)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(from, r[1]);
      fragment.appendChild(mark);
      position = r[1];
    });
    if (position < text.length) fragment.appendChild(document.createTextNode(text.slice(position)));
    return fragment;
  }

  /** About 120 characters of the body around the first hit (or its beginning). */
  function snippet(row, queryTerms) {
    var text = row[F.summary] && !queryTerms.some(function (t) { return norm(row[F.text]).indexOf(t) >= 0; })
      ? row[F.summary] : row[F.text];
    var first = -1;
    var normal = "";
    var starts = [];
    var offset = 0;
    for (var c of text) {
      var piece = fold(c);
      for (var k = 0; k < piece.length; k++) starts.push(offset);
      normal += piece;
      offset += c.length;
    }
    queryTerms.forEach(function (t) {
      var at = normal.indexOf(t);
      if (at >= 0 && (first < 0 || starts[at] < first)) first = starts[at];
    });
    var start = first < 0 ? 0 : Math.max(0, first - 40);
    var end = Math.min(text.length, start + 120);
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  // --- the page ---
  var ui = {};
  var state = { q: "", group: "", year: "", cat: "", kind: "", sort: "", page: 1 };
  var generation = 0;

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    Object.keys(state).forEach(function (key) {
      var value = params.get(key);
      if (key === "page") state.page = Math.max(1, parseInt(value, 10) || 1);
      else state[key] = value || "";
    });
  }

  function writeUrl() {
    var params = new URLSearchParams();
    Object.keys(state).forEach(function (key) {
      var value = state[key];
      if (value !== "" && !(key === "page" && value === 1)) params.set(key, String(value));
    });
    var url = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
    try {
      if (url !== window.location.pathname + window.location.search) window.history.pushState(null, "", url);
    } catch (e) {
      // Some browsers refuse history changes on file:// pages: the search still works.
    }
  }

  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }

  function fillSelect(select, name, counts, current) {
    var keep = select.options[0];
    select.textContent = "";
    select.appendChild(keep);
    labelsOf(name).forEach(function (label, i) {
      var key = keyOf(name, i);
      if (!label || !(counts[i] > 0 || key === current)) return;
      option(select, key, label + "（" + (counts[i] || 0) + "）");
    });
    select.value = current;
    if (select.value !== current) select.value = "";
  }

  function facetCounts(hits, filters, name) {
    var counts = {};
    hits.forEach(function (h) {
      if (!passes(h, filters, name)) return;
      var v = facet(h.doc.id, FACETS[name]);
      counts[v] = (counts[v] || 0) + 1;
    });
    return counts;
  }

  function labelsOf(name) {
    if (name === "group") return meta.groups.map(function (g) { return g[1]; });
    if (name === "kind") return meta.kinds;
    if (name === "cat") return meta.categories;
    return meta.years.map(function (y) { return y + "年"; });
  }

  function status(text) {
    ui.status.textContent = text;
  }

  function run(push) {
    var mine = ++generation;
    ui.input.value = state.q;
    if (ui.header) ui.header.value = state.q;
    ["group", "year", "cat", "kind", "sort"].forEach(function (k) { ui[k].value = state[k]; });
    if (push) writeUrl();
    var queryTerms = terms(state.q);
    ui.results.textContent = "";
    ui.pages.textContent = "";
    if (!queryTerms.length) {
      status(state.q ? "请输入要查找的文字。" : "共收录 " + meta.count + " 条公开信息，请输入关键词搜索。");
      document.title = ui.title;
      return Promise.resolve();
    }
    status("正在检索……");
    var started = performance.now();
    return search(queryTerms).then(function (hits) {
      if (mine !== generation) return;
      var filters = { group: state.group, kind: state.kind, cat: state.cat, year: state.year };
      Object.keys(FACETS).forEach(function (name) {
        fillSelect(ui[name], name, facetCounts(hits, filters, name), filters[name]);
      });
      var shown = sortHits(hits.filter(function (h) { return passes(h, filters, null); }), state.sort);
      var pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
      if (state.page > pages) state.page = pages;
      var first = (state.page - 1) * PAGE_SIZE;
      render(shown.slice(first, first + PAGE_SIZE), queryTerms, first);
      renderPages(pages);
      var took = Math.round(performance.now() - started);
      ui.root.setAttribute("data-query-ms", String(took));
      document.title = "“" + state.q + "”的搜索结果 - " + ui.title;
      status(shown.length
        ? "找到 " + shown.length + " 条结果" + (pages > 1 ? "，第 " + state.page + " / " + pages + " 页" : "") + "。"
        : "没有找到包含“" + state.q + "”的信息。" + (hits.length ? "可以取消筛选条件再试。" : "请换一个关键词，或减少关键词。"));
    }).catch(function (error) {
      if (mine === generation) status("检索出错：" + error.message);
    });
  }

  // "发布日期：2025-03-01": field headings come from the page (search.html, from the schema).
  function labelled(key, value) {
    return (ui.labels[key] ? ui.labels[key] + "：" : "") + value;
  }

  function render(hits, queryTerms, first) {
    ui.results.setAttribute("start", String(first + 1));
    hits.forEach(function (hit) {
      var row = hit.doc.row;
      var li = document.createElement("li");
      li.className = "search-result";
      var h = document.createElement("h2");
      var a = document.createElement("a");
      a.href = ui.root.getAttribute("data-root") + row[F.url];
      a.appendChild(marked(row[F.title], queryTerms));
      h.appendChild(a);
      li.appendChild(h);
      var info = document.createElement("p");
      info.className = "result-meta";
      var parts = [meta.groups[facet(hit.doc.id, 0)][1], labelled("published", row[F.published])];
      if (row[F.docNo]) parts.push(labelled("doc_no", row[F.docNo]));
      parts.push(labelled("index_no", row[F.indexNo]));
      parts.forEach(function (text, i) {
        var span = document.createElement("span");
        span.appendChild(marked(text, i > 1 ? queryTerms : []));
        info.appendChild(span);
      });
      li.appendChild(info);
      var p = document.createElement("p");
      p.className = "result-snippet";
      p.appendChild(marked(snippet(row, queryTerms), queryTerms));
      li.appendChild(p);
      var extra = [];
      if (row[F.keywords]) extra.push(labelled("keywords", row[F.keywords]));
      if (row[F.attachments]) extra.push(labelled("attachments", row[F.attachments]));
      if (extra.length) {
        var more = document.createElement("p");
        more.className = "result-extra";
        more.appendChild(marked(extra.join("　"), queryTerms));
        li.appendChild(more);
      }
      ui.results.appendChild(li);
    });
  }

  function pageButton(number, label, current) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (current) b.setAttribute("aria-current", "page");
    b.addEventListener("click", function () {
      state.page = number;
      run(true).then(function () { ui.status.focus(); });
    });
    ui.pages.appendChild(b);
  }

  function renderPages(pages) {
    if (pages <= 1) return;
    if (state.page > 1) pageButton(state.page - 1, "上一页", false);
    var from = Math.max(1, state.page - 4);
    var to = Math.min(pages, from + 8);
    for (var n = from; n <= to; n++) pageButton(n, String(n), n === state.page);
    if (state.page < pages) pageButton(state.page + 1, "下一页", false);
  }

  function start() {
    var root = document.getElementById("search");
    if (!root || !meta) return;
    ui = {
      root: root,
      labels: JSON.parse(root.getAttribute("data-labels") || "{}"),
      title: document.title,
      form: document.getElementById("search-form"),
      input: document.getElementById("search-q"),
      header: document.getElementById("site-search"),
      status: document.getElementById("search-status"),
      results: document.getElementById("search-results"),
      pages: document.getElementById("search-pages"),
      group: document.getElementById("search-group"),
      year: document.getElementById("search-year"),
      cat: document.getElementById("search-cat"),
      kind: document.getElementById("search-kind"),
      sort: document.getElementById("search-sort")
    };
    readUrl();
    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      state.q = ui.input.value;
      state.page = 1;
      run(true);
    });
    var headerForm = ui.header && ui.header.form;
    if (headerForm && headerForm !== ui.form) {
      headerForm.addEventListener("submit", function (event) {
        event.preventDefault();
        state.q = ui.header.value;
        state.page = 1;
        run(true);
      });
    }
    ["group", "year", "cat", "kind", "sort"].forEach(function (key) {
      ui[key].addEventListener("change", function () {
        state[key] = ui[key].value;
        state.page = 1;
        run(true);
      });
    });
    window.addEventListener("popstate", function () { readUrl(); run(false); });
    run(false);
  }

  window.zonegenSearch = {
    meta: function (data) {
      meta = data;
      var script = document.currentScript;
      base = script ? script.src.replace(/meta\.js(?:\?.*)?$/, "") : "_search/";
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
      else start();
    },
    shard: function (number, data) { shards[number] = data; },
    block: function (number, rows) { blocks[number] = rows; },
    // For tests and the benchmark: the engine without the page.
    norm: norm,
    terms: terms,
    search: function (query) {
      return search(terms(query)).then(function (hits) {
        return sortHits(hits, "").map(function (h) { return h.doc.row[F.url]; });
      });
    }
  };
})();
