/* zonegen site search: exact Chinese full-text search that runs the same from http:// and file://.
 *
 * No fetch, no modules, no WebAssembly: index parts are plain <script> files that call
 * zonegenSearch.meta / .g / .x / .e / .f / .d (written by zonegen/search/index.py, whose
 * docstring describes the format). A query reads the record lists of its characters or
 * character pairs, the offsets of the pairs that spell a longer term (only in the ranges that
 * hold candidates), the filter values of the records found, and the shown fields of the
 * records on the page it shows: what it reads grows with its answer, not with the zone.
 * The text is normalised exactly as on the build side (zonegen/search/normalize.py).
 */
(function () {
  "use strict";

  // Shown fields of a record (documents.py SHOWN_FIELDS).
  var F = { title: 0, url: 1, published: 2, docNo: 3, indexNo: 4, keywords: 5, snippet: 6, attachments: 7 };
  var PAGE_SIZE = 20;
  var FACETS = { group: 0, kind: 1, cat: 2 };
  var RANK_CLASS = 3; // fourth facet character: 0 办事指南, 1 rules in force, 2 other, 3 superseded
  // Question words a resident types around what they look for (怎么申请低保): not searched for.
  var QUESTION = ["怎么办", "怎么样", "怎么", "怎样", "如何", "在哪里", "在哪儿", "在哪", "哪里", "多少钱", "多少", "什么时候", "什么"];

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

  /** A query's terms: {text, alts, aliases} per whitespace-separated part, question words dropped. */
  function parse(query, plain) {
    var parts = [];
    var dropped = [];
    String(query || "").split(/\s+/).forEach(function (part) {
      var t = norm(part);
      if (!t) return;
      var pieces = [t];
      if (!plain) QUESTION.forEach(function (word) {
        var next = [];
        pieces.forEach(function (p) {
          if (p.indexOf(word) < 0) { next.push(p); return; }
          if (dropped.indexOf(word) < 0) dropped.push(word);
          p.split(word).forEach(function (q) { if (q) next.push(q); });
        });
        pieces = next;
      });
      pieces.forEach(function (p) { if (parts.indexOf(p) < 0) parts.push(p); });
    });
    if (!parts.length && dropped.length) { // only question words: search for them as typed
      parts = dropped.slice();
      dropped = [];
    }
    var terms = parts.map(function (t) {
      var alts = [t];
      (plain ? [] : meta.aliases || []).forEach(function (names) {
        // Names that stand for one another (zonegen/search/__init__.py `aliases`).
        names.forEach(function (name) {
          if (t.indexOf(name) < 0) return;
          names.forEach(function (other) {
            var wider = t.split(name).join(other);
            if (alts.indexOf(wider) < 0) alts.push(wider);
          });
        });
      });
      // A form holding another form finds nothing more (every record with 最低生活保障对象名单
      // has 最低生活保障): keep the shortest forms only, the term as typed first.
      alts = alts.filter(function (a, i) {
        return i === 0 || !alts.some(function (b) { return b !== a && a.indexOf(b) >= 0; });
      }).slice(0, 8);
      return { text: t, alts: alts };
    });
    return { terms: terms, dropped: dropped };
  }

  // --- loading index parts as <script> files ---
  var meta = null;
  var store = { g: {}, x: {}, e: {}, f: {}, d: {}, t: {} };
  var waiting = {};
  var base = "";
  var loaded = { files: 0, bytes: 0 }; // what the page has read (the benchmark reads it)

  function load(kind, key) {
    var have = store[kind][key];
    if (have !== undefined) return Promise.resolve(have);
    var id = kind + "/" + key;
    if (waiting[id]) return waiting[id];
    waiting[id] = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = base + id + ".js";
      script.onload = function () {
        delete waiting[id];
        loaded.files++;
        script.remove();
        if (store[kind][key] === undefined) reject(new Error("索引文件内容不完整：" + script.src));
        else resolve(store[kind][key]);
      };
      script.onerror = function () {
        delete waiting[id];
        reject(new Error("无法加载索引文件：" + script.src));
      };
      document.head.appendChild(script);
    });
    return waiting[id];
  }

  // --- the codec (zonegen/search/codec.py) ---
  var BASE = 30;
  var VALUE = new Int8Array(128).fill(-1);
  var KIND = new Int8Array(128); // 0 MORE, 1 LAST, 2 END
  var BIT = new Int8Array(128).fill(-1);
  (function () {
    var alphabets = ["ABCDEFGHIJKLMNOPQRSTUVWXYZ()*+", "0123456789abcdefghijklmnopqrst", "uvwxyz!#$%&',-./:;<=?@[]^_`{|}"];
    alphabets.forEach(function (a, kind) {
      for (var i = 0; i < a.length; i++) { VALUE[a.charCodeAt(i)] = i; KIND[a.charCodeAt(i)] = kind; }
    });
    var bits = alphabets[1] + "uv";
    for (var i = 0; i < bits.length; i++) BIT[bits.charCodeAt(i)] = i;
  })();

  function decodeDeltas(code, from, out) {
    var value = -1;
    var n = 0;
    for (var i = from; i < code.length; i++) {
      var c = code.charCodeAt(i);
      n = n * BASE + VALUE[c];
      if (KIND[c] !== 0) { value += n; out.push(value); n = 0; }
    }
    return out;
  }

  /** A record list (codec.encode_records) as a sorted Int32Array. */
  function decodeRecords(code) {
    if (!code) return new Int32Array(0);
    var total = meta.count;
    var first = code.charAt(0);
    if (first === "!") {
      var out = [];
      for (var i = 1; i < code.length; i++) {
        var v = BIT[code.charCodeAt(i)];
        for (var b = 0; b < 5; b++) if (v & (1 << b)) out.push((i - 1) * 5 + b);
      }
      return Int32Array.from(out);
    }
    if (first === "~") {
      var missing = decodeDeltas(code, 1, []);
      var all = new Int32Array(total - missing.length);
      for (var r = 0, m = 0, k = 0; r < total; r++) {
        if (m < missing.length && missing[m] === r) m++;
        else all[k++] = r;
      }
      return all;
    }
    return Int32Array.from(decodeDeltas(code, 0, []));
  }

  function intersect(a, b) {
    var out = [];
    for (var i = 0, j = 0; i < a.length && j < b.length;) {
      if (a[i] < b[j]) i++;
      else if (a[i] > b[j]) j++;
      else { out.push(a[i]); i++; j++; }
    }
    return Int32Array.from(out);
  }

  function union(a, b) {
    var out = [];
    for (var i = 0, j = 0; i < a.length || j < b.length;) {
      if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
      else if (i >= a.length || b[j] < a[i]) out.push(b[j++]);
      else { out.push(a[i]); i++; j++; }
    }
    return Int32Array.from(out);
  }

  function hashOf(text) {
    var h = 2166136261;
    for (var c of text) h = Math.imul(h ^ c.codePointAt(0), 16777619) >>> 0;
    return h;
  }

  var EMPTY = { body: new Int32Array(0), head: new Int32Array(0) };
  var entries = {};

  /** The record lists of one character or pair: {body, head}. */
  function entry(gram) {
    if (entries[gram]) return Promise.resolve(entries[gram]);
    return load("g", hashOf(gram) % meta.shards).then(function (shard) {
      var raw = shard[gram];
      if (raw === undefined) return EMPTY;
      var pair = typeof raw === "string" ? [raw, ""] : raw;
      entries[gram] = { body: decodeRecords(pair[0]), head: decodeRecords(pair[1]) };
      return entries[gram];
    });
  }

  function rangeOf(record) {
    var lo = 0;
    var hi = meta.ranges.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (meta.ranges[mid] <= record) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  function lowerBound(list, value) {
    var lo = 0;
    var hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  var offsetCache = {};

  /** record → its offsets of a pair, for the records of one range (x/<pshard>-<range>.js). */
  function offsets(pair, range, records) {
    var key = pair + "\u0000" + range;
    if (offsetCache[key]) return Promise.resolve(offsetCache[key]);
    var pshard = hashOf(pair) % meta.pshards;
    return load("x", pshard + "-" + range).then(function (file) {
      var blob = file[pair] || "";
      var map = new Map();
      var end = range + 1 < meta.ranges.length ? meta.ranges[range + 1] : meta.count;
      var at = lowerBound(records, meta.ranges[range]);
      var list = [];
      var value = 0;
      var n = 0;
      for (var i = 0; i < blob.length; i++) {
        var c = blob.charCodeAt(i);
        n = n * BASE + VALUE[c];
        if (KIND[c] === 0) continue;
        value = list.length ? value + n : n;
        list.push(value);
        n = 0;
        if (KIND[c] === 2) {
          if (at < records.length && records[at] < end) map.set(records[at], list);
          at++;
          list = [];
        }
      }
      offsetCache[key] = map;
      return map;
    });
  }

  /** Pair offsets within a term that together cover every character of it. */
  function cover(length) {
    var out = [];
    for (var o = 0; o + 2 <= length; o += 2) out.push(o);
    if (out[out.length - 1] !== length - 2) out.push(length - 2);
    return out;
  }

  /** The records holding one normalised term: {body, head} (head: in title, 文号 or 索引号). */
  function termRecords(term) {
    var chars = Array.from(term);
    if (chars.length <= 2) return entry(term);
    var at = cover(chars.length);
    var pairs = at.map(function (o) { return chars[o] + chars[o + 1]; });
    return Promise.all(pairs.map(entry)).then(function (lists) {
      var records = lists[0].body;
      for (var k = 1; k < lists.length && records.length; k++) records = intersect(records, lists[k].body);
      // Offsets are read pair by pair, the rarest first, each only for the ranges where
      // records still spell the term so far: a term of common pairs (an 索引号) soon narrows
      // to a few records, and the later pairs are read for their ranges alone.
      var order = at.map(function (_o, k) { return k; }).sort(function (a, b) {
        return lists[a].body.length - lists[b].body.length;
      });
      var starts = new Map(); // record → offsets where the term may start
      function step(n) {
        if (n === order.length || !records.length) return Promise.resolve();
        var k = order[n];
        var ranges = [];
        records.forEach(function (r) {
          var range = rangeOf(r);
          if (ranges[ranges.length - 1] !== range) ranges.push(range);
        });
        return Promise.all(ranges.map(function (range) { return offsets(pairs[k], range, lists[k].body); }))
          .then(function (maps) {
            var kept = [];
            var index = 0;
            ranges.forEach(function (range, m) {
              var end = range + 1 < meta.ranges.length ? meta.ranges[range + 1] : meta.count;
              for (; index < records.length && records[index] < end; index++) {
                var r = records[index];
                var here = maps[m].get(r) || [];
                var next;
                if (n === 0) next = here.map(function (p) { return p - at[k]; });
                else {
                  var set = new Set(here);
                  next = starts.get(r).filter(function (p) { return set.has(p + at[k]); });
                }
                if (next.length) { starts.set(r, next); kept.push(r); }
              }
            });
            records = Int32Array.from(kept);
            return step(n + 1);
          });
      }
      return step(0).then(function () {
        if (!records.length) return EMPTY;
        // A record whose head holds every covering pair holds the term there in all but
        // contrived cases; the head only orders results, it never decides what is found.
        var head = records;
        lists.forEach(function (l) { head = intersect(head, l.head); });
        return { body: records, head: head };
      });
    });
  }

  /** Records with this exact 文号 or 索引号 (e/<shard>.js). */
  function exactRecords(term) {
    return load("e", hashOf(term) % meta.eshards).then(function (shard) {
      return decodeRecords(shard[term] || "");
    });
  }

  function facetsOf(records) {
    var ranges = [];
    records.forEach(function (r) {
      var range = rangeOf(r);
      if (ranges.indexOf(range) < 0) ranges.push(range);
    });
    return Promise.all(ranges.map(function (range) { return load("f", range); }));
  }

  function facet(id, which) {
    var range = rangeOf(id);
    return store.f[range].charCodeAt((id - meta.ranges[range]) * 4 + which) - 48;
  }

  function yearOf(id) {
    var y = 0;
    while (y + 1 < meta.yearStarts.length && meta.yearStarts[y + 1] <= id) y++;
    return y;
  }

  /** Every record matching the parsed query, unsorted: [{id, tier}], and the exact count. */
  function search(parsed) {
    var terms = parsed.terms;
    if (!terms.length) return Promise.resolve([]);
    return Promise.all(terms.map(function (t) {
      return Promise.all(t.alts.map(termRecords)).then(function (found) {
        var body = found[0].body;
        var head = found[0].head;
        for (var k = 1; k < found.length; k++) { body = union(body, found[k].body); head = union(head, found[k].head); }
        return { body: body, head: head };
      });
    })).then(function (perTerm) {
      var matched = perTerm.map(function (t) { return t; }).sort(function (a, b) { return a.body.length - b.body.length; });
      var records = matched[0].body;
      for (var k = 1; k < matched.length; k++) records = intersect(records, matched[k].body);
      var inHead = new Map();
      perTerm.forEach(function (t) {
        intersect(t.head, records).forEach(function (r) { inHead.set(r, (inHead.get(r) || 0) + 1); });
      });
      // A 文号 typed with a space in it (白政发〔2025〕 3号) is still that 文号.
      var exactTerms = terms.map(function (t) { return t.text; });
      if (terms.length > 1) exactTerms.push(exactTerms.join(""));
      return Promise.all(exactTerms.map(exactRecords)).then(function (exact) {
        var isExact = new Set();
        exact.forEach(function (list) { intersect(list, records).forEach(function (r) { isExact.add(r); }); });
        var all = records;
        return facetsOf(all).then(function () {
          var hits = [];
          all.forEach(function (id) {
            var h = inHead.get(id) || 0;
            var tier = isExact.has(id) ? 3 : h === terms.length ? 2 : h > 0 ? 1 : 0;
            var rank = facet(id, RANK_CLASS);
            // Guides rank with the rules, and ahead of them when the query asked how (怎么申请).
            if (rank === 0 && !parsed.dropped.length) rank = 1;
            hits.push({ id: id, tier: tier, rank: rank });
          });
          return hits;
        });
      });
    });
  }

  /** The URL value of a filter option: readable and stable across builds (2025, not 1). */
  function keyOf(name, i) {
    if (name === "group") return meta.groups[i][0];
    if (name === "kind") return meta.kinds[i];
    if (name === "cat") return meta.categories[i];
    return String(meta.years[i]);
  }

  function valueOf(hit, name) {
    return name === "year" ? yearOf(hit.id) : facet(hit.id, FACETS[name]);
  }

  function passes(hit, filters, except) {
    for (var name in filters) {
      if (name === except || filters[name] === "") continue;
      if (keyOf(name, valueOf(hit, name)) !== filters[name]) return false;
    }
    return true;
  }

  /** Exact 文号/索引号 first, then own title/文号 hits, then rules in force, then newest. */
  function sortHits(hits, order) {
    if (order === "date") return hits.sort(function (a, b) { return a.id - b.id; });
    return hits.sort(function (a, b) {
      return b.tier - a.tier || a.rank - b.rank || a.id - b.id;
    });
  }

  function rowsOf(ids) {
    var chunks = [];
    ids.forEach(function (id) {
      var c = Math.floor(id / meta.chunk);
      if (chunks.indexOf(c) < 0) chunks.push(c);
    });
    return Promise.all(chunks.map(function (c) { return load("d", c); })).then(function () {
      return ids.map(function (id) { return store.d[Math.floor(id / meta.chunk)][id % meta.chunk]; });
    });
  }

  // --- highlighting, built from text nodes only (record text never becomes markup) ---
  function marked(text, needles) {
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
    needles.forEach(function (t) {
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

  // --- QR codes (a port of zonegen/qr.py's plain path: byte mode, mask 4, level boosted) ---
  var QR = (function () {
    var TOTAL = [26, 44, 70, 100, 134, 172, 196, 242, 292, 346, 404, 466, 532, 581, 655, 733, 815, 901, 991, 1085,
      1156, 1258, 1364, 1474, 1588, 1706, 1828, 1921, 2051, 2185, 2323, 2465, 2611, 2761, 2876, 3034, 3196, 3362,
      3532, 3706];
    var EC = {
      L: [7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30,
        30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
      M: [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28,
        28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
      Q: [13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30,
        30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
      H: [17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30,
        30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30]
    };
    var BLOCKS = {
      L: [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18,
        19, 19, 20, 21, 22, 24, 25],
      M: [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31,
        33, 35, 37, 38, 40, 43, 45, 47, 49],
      Q: [1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40,
        43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
      H: [1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48,
        51, 54, 57, 60, 63, 66, 70, 74, 77, 81]
    };
    var LEVEL_BITS = { L: 1, M: 0, Q: 3, H: 2 };
    var MASK = 4;
    var EXP = new Array(512);
    var LOG = new Array(256);
    for (var p = 0, v = 1; p < 255; p++) {
      EXP[p] = v;
      LOG[v] = p;
      v <<= 1;
      if (v & 0x100) v ^= 0x11d;
    }
    for (p = 255; p < 512; p++) EXP[p] = EXP[p - 255];

    var ALIGNMENT = [[], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62], [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82], [6, 30, 58, 86], [6, 34, 62, 90], [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106], [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118], [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130], [6, 30, 56, 82, 108, 134], [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142], [6, 34, 62, 90, 118, 146], [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158], [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170]];

    function dataCodewords(version, level) {
      return TOTAL[version - 1] - EC[level][version - 1] * BLOCKS[level][version - 1];
    }

    function countBits(version) { return version < 10 ? 8 : 16; }

    function choose(length) {
      var levels = ["L", "M", "Q", "H"];
      for (var version = 1; version <= 40; version++) {
        var bits = 4 + countBits(version) + 8 * length;
        if (8 * dataCodewords(version, "L") < bits) continue;
        var level = "L";
        for (var i = 1; i < 4 && 8 * dataCodewords(version, levels[i]) >= bits; i++) level = levels[i];
        return [version, level];
      }
      return null;
    }

    function bch(value, generator, bits) {
      var remainder = value << bits;
      var glen = generator.toString(2).length;
      for (var shift = remainder.toString(2).length - glen; shift >= 0; shift--) {
        if (remainder & (1 << (shift + glen - 1))) remainder ^= generator << shift;
      }
      return (value << bits) | remainder;
    }

    function generator(degree) {
      var poly = [1];
      for (var power = 0; power < degree; power++) {
        var next = [];
        for (var k = 0; k <= poly.length; k++) {
          next.push((k < poly.length ? poly[k] : 0) ^ (k && poly[k - 1] ? EXP[LOG[poly[k - 1]] + power] : 0));
        }
        poly = next;
      }
      return poly.slice(1).map(function (c) { return LOG[c]; });
    }

    function parity(block, ec) {
      var rest = block.concat(new Array(ec).fill(0));
      var gen = generator(ec);
      for (var k = 0; k < block.length; k++) {
        var coef = rest[k];
        if (coef) for (var n = 0; n < gen.length; n++) rest[k + 1 + n] ^= EXP[LOG[coef] + gen[n]];
      }
      return rest.slice(block.length);
    }

    function codewords(data, version, count) {
      var bits = [];
      function put(value, length) { for (var i = length - 1; i >= 0; i--) bits.push((value >> i) & 1); }
      put(4, 4);
      put(data.length, countBits(version));
      data.forEach(function (b) { put(b, 8); });
      var capacity = 8 * count;
      put(0, Math.min(4, capacity - bits.length));
      put(0, 8 - (bits.length % 8)); // a whole zero byte on a byte boundary, as segno and qr.py
      var out = [];
      for (var i = 0; i + 8 <= bits.length && out.length < count; i += 8) {
        var byte = 0;
        for (var b = 0; b < 8; b++) byte = (byte << 1) | bits[i + b];
        out.push(byte);
      }
      for (var pad = 0; out.length < count; pad++) out.push(pad % 2 ? 0x11 : 0xec);
      return out;
    }

    function masked(i, j) { return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0; }

    /** The symbol's rows as arrays of 0/1, or null if the text does not fit. */
    function rows(text) {
      var data = Array.from(new TextEncoder().encode(text));
      var choice = choose(data.length);
      if (!choice) return null;
      var version = choice[0];
      var level = choice[1];
      var width = 4 * version + 17;
      var grid = [];
      for (var r = 0; r < width; r++) grid.push(new Array(width).fill(null));
      [[0, 0], [0, width - 7], [width - 7, 0]].forEach(function (corner) {
        for (var i = -1; i < 8; i++) {
          for (var j = -1; j < 8; j++) {
            var y = corner[0] + i;
            var x = corner[1] + j;
            if (y < 0 || y >= width || x < 0 || x >= width) continue;
            var ring = Math.max(Math.abs(i - 3), Math.abs(j - 3));
            grid[y][x] = ring === 0 || ring === 1 || ring === 3 ? 1 : 0;
          }
        }
      });
      for (var k = 8; k < width - 8; k++) grid[6][k] = grid[k][6] = 1 - (k % 2);
      var centres = ALIGNMENT[version - 1];
      centres.forEach(function (cr) {
        centres.forEach(function (cc) {
          var first = centres[0];
          var last = centres[centres.length - 1];
          if ((cr === first && cc === first) || (cr === first && cc === last) || (cr === last && cc === first)) return;
          for (var i = -2; i <= 2; i++) {
            for (var j = -2; j <= 2; j++) grid[cr + i][cc + j] = Math.max(Math.abs(i), Math.abs(j)) !== 1 ? 1 : 0;
          }
        });
      });
      var fmt = bch((LEVEL_BITS[level] << 3) | MASK, 0x537, 10) ^ 0x5412;
      for (var i = 0; i < 15; i++) {
        var bit = (fmt >> i) & 1;
        var a = i < 6 ? [i, 8] : i === 6 ? [7, 8] : i === 7 ? [8, 8] : i === 8 ? [8, 7] : [8, 14 - i];
        var b = i < 8 ? [8, width - 1 - i] : [width - 15 + i, 8];
        grid[a[0]][a[1]] = grid[b[0]][b[1]] = bit;
      }
      grid[width - 8][8] = 1;
      if (version >= 7) {
        var info = bch(version, 0x1f25, 12);
        for (i = 0; i < 18; i++) {
          var y = width - 11 + (i % 3);
          var x = Math.floor(i / 3);
          grid[y][x] = grid[x][y] = (info >> i) & 1;
        }
      }
      var count = BLOCKS[level][version - 1];
      var ec = EC[level][version - 1];
      var total = TOTAL[version - 1];
      var short = count - (total % count);
      var perBlock = Math.floor(total / count) - ec;
      var words = codewords(data, version, dataCodewords(version, level));
      var pieces = [];
      var start = 0;
      for (var n = 0; n < count; n++) {
        var size = n < short ? perBlock : perBlock + 1;
        pieces.push(words.slice(start, start + size));
        start += size;
      }
      var parities = pieces.map(function (piece) { return parity(piece, ec); });
      var message = [];
      for (var column = 0; column <= perBlock; column++) {
        pieces.forEach(function (piece) { if (column < piece.length) message.push(piece[column]); });
      }
      for (column = 0; column < ec; column++) parities.forEach(function (par) { message.push(par[column]); });
      var index = 0;
      for (var column2 = width - 1; column2 > 0; column2 -= 2) {
        var right = column2 <= 6 ? column2 - 1 : column2; // skip the vertical timing pattern
        for (var vertical = 0; vertical < width; vertical++) {
          for (var z = 0; z < 2; z++) {
            var jj = right - z;
            var upwards = ((right & 2) === 0) !== (jj < 6);
            var ii = upwards ? width - 1 - vertical : vertical;
            if (grid[ii][jj] !== null) continue;
            var value = index < message.length * 8 ? (message[index >> 3] >> (7 - (index & 7))) & 1 : 0;
            grid[ii][jj] = value ^ (masked(ii, jj) ? 1 : 0);
            index++;
          }
        }
      }
      return grid;
    }

    /** An <svg> like qr.py's qr_svg: one stroked path of dark runs, 2 modules of quiet zone. */
    function svg(text, label) {
      var grid = rows(text);
      if (!grid) return null;
      var quiet = 2;
      var size = grid.length + 2 * quiet;
      var d = "";
      grid.forEach(function (row, y) {
        var line = row.join("").replace(/0+$/, "");
        if (line.indexOf("1") < 0) return;
        d += "M" + quiet + " " + (y + quiet) + ".5";
        (line.match(/1+|0+/g) || []).forEach(function (run) {
          d += run.charAt(0) === "1" ? "h" + run.length : "m" + run.length + " 0";
        });
      });
      var ns = "http://www.w3.org/2000/svg";
      var el = document.createElementNS(ns, "svg");
      el.setAttribute("class", "qr-code");
      el.setAttribute("viewBox", "0 0 " + size + " " + size);
      el.setAttribute("role", "img");
      el.setAttribute("aria-label", label);
      el.setAttribute("shape-rendering", "crispEdges");
      var rect = document.createElementNS(ns, "rect");
      rect.setAttribute("width", String(size));
      rect.setAttribute("height", String(size));
      rect.setAttribute("fill", "#fff");
      var path = document.createElementNS(ns, "path");
      path.setAttribute("stroke", "#000");
      path.setAttribute("stroke-width", "1");
      path.setAttribute("d", d);
      el.appendChild(rect);
      el.appendChild(path);
      return el;
    }

    return { rows: rows, svg: svg };
  })();

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

  function queryString() {
    var params = new URLSearchParams();
    Object.keys(state).forEach(function (key) {
      var value = state[key];
      if (value !== "" && !(key === "page" && value === 1)) params.set(key, String(value));
    });
    return params.toString();
  }

  function writeUrl() {
    var query = queryString();
    var url = window.location.pathname + (query ? "?" + query : "");
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

  function labelsOf(name) {
    if (name === "group") return meta.groups.map(function (g) { return g[1]; });
    if (name === "kind") return meta.kinds;
    if (name === "cat") return meta.categories;
    return meta.years.map(function (y) { return y + "年"; });
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
      var v = valueOf(h, name);
      counts[v] = (counts[v] || 0) + 1;
    });
    return counts;
  }

  function status(text) {
    ui.status.textContent = text;
    // Tests and the benchmark wait for this: the status line says what was found.
    if (!/正在检索/.test(text)) ui.root.setAttribute("data-state", "done");
  }

  function note(parsed) {
    ui.note.textContent = "";
    var widened = [];
    parsed.terms.forEach(function (t) { t.alts.slice(1).forEach(function (a) { widened.push(a); }); });
    var lines = [];
    if (widened.length) lines.push("也搜索了：" + widened.join("、"));
    if (parsed.dropped.length) lines.push("已略去：" + parsed.dropped.join("、"));
    ui.note.textContent = lines.join("　");
    ui.note.hidden = !lines.length;
  }

  function run(push) {
    var mine = ++generation;
    ui.root.setAttribute("data-state", "busy");
    ui.input.value = state.q;
    if (ui.header) ui.header.value = state.q;
    ["group", "year", "cat", "kind", "sort"].forEach(function (k) { ui[k].value = state[k]; });
    if (push) writeUrl();
    updateQr();
    var parsed = parse(state.q);
    ui.results.textContent = "";
    ui.pages.textContent = "";
    ui.suggest.textContent = "";
    note(parsed);
    if (!parsed.terms.length) {
      status(state.q ? "请输入要查找的文字。" : "共收录 " + meta.count + " 条公开信息，请输入关键词搜索。");
      document.title = ui.title;
      return Promise.resolve();
    }
    status("正在检索……");
    var started = performance.now();
    return search(parsed).then(function (hits) {
      if (mine !== generation) return null;
      var filters = { group: state.group, kind: state.kind, cat: state.cat, year: state.year };
      Object.keys(filters).forEach(function (name) {
        fillSelect(ui[name], name, facetCounts(hits, filters, name), filters[name]);
      });
      var shown = sortHits(hits.filter(function (h) { return passes(h, filters, null); }), state.sort);
      var pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
      if (state.page > pages) state.page = pages;
      var first = (state.page - 1) * PAGE_SIZE;
      var page = shown.slice(first, first + PAGE_SIZE);
      return rowsOf(page.map(function (h) { return h.id; })).then(function (rows) {
        if (mine !== generation) return;
        var needles = [];
        parsed.terms.forEach(function (t) { t.alts.forEach(function (a) { needles.push(a); }); });
        render(page, rows, needles, first);
        renderPages(pages);
        var took = Math.round(performance.now() - started);
        ui.root.setAttribute("data-query-ms", String(took));
        ui.root.setAttribute("data-count", String(shown.length));
        document.title = "“" + state.q + "”的搜索结果 - " + ui.title;
        if (shown.length) {
          status("找到 " + shown.length + " 条结果" + (pages > 1 ? "，第 " + state.page + " / " + pages + " 页" : "") + "。");
        } else if (hits.length) {
          status("没有找到包含“" + state.q + "”的信息。可以取消筛选条件再试。");
        } else {
          status("没有找到包含“" + state.q + "”的信息。请换一个关键词，或减少关键词。");
          return suggest(parsed, mine);
        }
      });
    }).catch(function (error) {
      if (mine === generation) status("检索出错：" + error.message);
    });
  }

  /** For a query without results: the catalog's items and terms nearest to it that do occur. */
  function suggest(parsed, mine) {
    var query = parsed.terms.map(function (t) { return t.text; }).join("");
    var chars = Array.from(query);
    var grams = [];
    for (var i = 0; i < chars.length; i++) {
      grams.push(chars[i]);
      if (i + 1 < chars.length) grams.push(chars[i] + chars[i + 1]);
    }
    return load("t", 0).then(function (catalogTerms) { return offer(catalogTerms, grams, mine); });
  }

  function offer(catalogTerms, grams, mine) {
    var scored = [];
    catalogTerms.forEach(function (term) {
      var t = term[0];
      var score = 0;
      grams.forEach(function (g) { if (t.indexOf(g) >= 0) score += g.length === 2 ? 2 : 1; });
      if (score > 0) scored.push({ term: term, score: score });
    });
    scored.sort(function (a, b) { return b.score - a.score || a.term[0].length - b.term[0].length; });
    var picks = scored.slice(0, 12);
    return Promise.all(picks.map(function (p) {
      return termRecords(norm(p.term[0])).then(function (found) { return found.body.length; });
    })).then(function (counts) {
      if (mine !== generation) return;
      var offered = picks.filter(function (_p, i) { return counts[i] > 0; }).slice(0, 6);
      if (!offered.length) return;
      var title = document.createElement("p");
      title.textContent = "您可能要找：";
      ui.suggest.appendChild(title);
      var list = document.createElement("ul");
      offered.forEach(function (p) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.textContent = p.term[0];
        a.href = "?q=" + encodeURIComponent(p.term[0]);
        a.addEventListener("click", function (event) {
          event.preventDefault();
          state.q = p.term[0];
          state.page = 1;
          run(true);
        });
        li.appendChild(a);
        if (p.term[1]) {
          var page = document.createElement("a");
          page.href = ui.root.getAttribute("data-root") + p.term[1];
          page.textContent = "（查看栏目）";
          li.appendChild(document.createTextNode(" "));
          li.appendChild(page);
        }
        list.appendChild(li);
      });
      ui.suggest.appendChild(list);
    });
  }

  // "发布日期：2025-03-01": field headings come from the page (search.html, from the schema).
  function labelled(key, value) {
    return (ui.labels[key] ? ui.labels[key] + "：" : "") + value;
  }

  function render(hits, rows, needles, first) {
    ui.results.setAttribute("start", String(first + 1));
    hits.forEach(function (hit, n) {
      var row = rows[n];
      var li = document.createElement("li");
      li.className = "search-result";
      var h = document.createElement("h2");
      var a = document.createElement("a");
      a.href = ui.root.getAttribute("data-root") + row[F.url];
      a.appendChild(marked(row[F.title], needles));
      h.appendChild(a);
      li.appendChild(h);
      var info = document.createElement("p");
      info.className = "result-meta";
      var parts = [meta.groups[facet(hit.id, FACETS.group)][1], labelled("published", row[F.published])];
      if (row[F.docNo]) parts.push(labelled("doc_no", row[F.docNo]));
      parts.push(labelled("index_no", row[F.indexNo]));
      parts.forEach(function (text, i) {
        var span = document.createElement("span");
        span.appendChild(marked(text, i > 1 ? needles : []));
        info.appendChild(span);
      });
      li.appendChild(info);
      if (row[F.snippet]) {
        var p = document.createElement("p");
        p.className = "result-snippet";
        p.appendChild(marked(row[F.snippet], needles));
        li.appendChild(p);
      }
      var extra = [];
      if (row[F.keywords]) extra.push(labelled("keywords", row[F.keywords]));
      if (row[F.attachments]) extra.push(labelled("attachments", row[F.attachments]));
      if (extra.length) {
        var more = document.createElement("p");
        more.className = "result-extra";
        more.appendChild(marked(extra.join("　"), needles));
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

  /** The page's QR code and its address line carry the query and filters (qr.js draws it). */
  function updateQr() {
    var online = ui.root.getAttribute("data-online");
    if (!online) return;
    var query = queryString();
    var url = online + (query ? "?" + query : "");
    var figure = document.querySelector("figure.qr");
    if (!figure) return;
    var svg = QR.svg(url, "当前页二维码：" + url);
    if (!svg) return;
    var old = figure.querySelector("svg");
    if (old) old.replaceWith(svg);
    else figure.insertBefore(svg, figure.firstChild);
    var caption = figure.querySelector("[data-qr-url]") || figure.querySelector("figcaption");
    if (caption && caption.hasAttribute("data-qr-url")) caption.textContent = url;
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
      note: document.getElementById("search-note"),
      suggest: document.getElementById("search-suggest"),
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
    g: function (n, data) { store.g[n] = data; },
    x: function (pshard, range, data) { store.x[pshard + "-" + range] = data; },
    e: function (n, data) { store.e[n] = data; },
    f: function (range, data) { store.f[range] = data; },
    d: function (chunk, rows) { store.d[chunk] = rows; },
    t: function (n, terms) { store.t[n] = terms; },
    // For tests and the benchmark: the engine without the page.
    norm: norm,
    qrRows: function (text) { return QR.rows(text); },
    parse: function (query, plain) { return parse(query, plain); },
    loaded: loaded,
    /** Every matching record's URL in rank order; plain: no widening, no question words dropped. */
    search: function (query, plain) {
      return search(parse(query, plain)).then(function (hits) {
        var ids = sortHits(hits, "").map(function (h) { return h.id; });
        return rowsOf(ids).then(function (rows) { return rows.map(function (row) { return row[F.url]; }); });
      });
    },
    /** Record numbers found (ascending), without reading what results show. */
    records: function (query, plain) {
      return search(parse(query, plain)).then(function (hits) {
        return hits.map(function (h) { return h.id; }).sort(function (a, b) { return a - b; });
      });
    }
  };
})();
