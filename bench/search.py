"""Search benchmark: zonegen's index beside Pagefind on the same built records (issue #12).

For each record count: generate the zone (bench/synth.py, cached), build it with zonegen
(the build's own timing of the index step gives the index's share of the build), index the
same HTML with Pagefind (npm package `pagefind`, installed into bench/.work/pagefind), then
for a fixed query set (the commonest character and pair, a common word, a rare word, a
文号, an 索引号, a long phrase) open search.html?q=… in a fresh headless Chromium tab
(cold cache) and measure what it reads before the results are shown and how long that takes
— zonegen from file:// (and no request may leave the machine), Pagefind over http (it does
not run from file://). Recall of each is the share of the records holding the query
(substring truth over the normalised text) that it returns.

Usage: python bench/search.py [--records 10000 100000] [--write docs/search.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from tests.search_index import normalised, site_documents, truth  # noqa: E402
from zonegen.build import build  # noqa: E402

WORK = BENCH / ".work" / "search"
PAGEFIND = BENCH / ".work" / "pagefind"
OUT_ROOT = Path("/dev/shm/zonegen-search-bench")
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DONE = "document.getElementById('search').dataset.state === 'done'"
PAGEFIND_PAGE = """<!doctype html><meta charset="utf-8"><title>pagefind</title><script type="module">
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
const q = new URLSearchParams(location.search).get("q");
const started = performance.now();
const search = await pagefind.search(q);
const first = await Promise.all(search.results.slice(0, 20).map(r => r.data()));
window.firstPage = [search.results.length, performance.now() - started, first.map(d => d.url)];
window.all = async () => Promise.all(search.results.map(r => r.data().then(d => d.url)));
document.title = "done";
</script>"""


def zone_for(records: int) -> Path:
    zone = WORK / f"n{records}" / "zone"
    if not (zone / "zone.yaml").exists():
        subprocess.run(
            [sys.executable, str(BENCH / "synth.py"), "--records", str(records), "--zone", str(zone), "--force"],
            check=True,
            cwd=BENCH,
        )
    return zone


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def query_set(docs: list, texts: list[str]) -> list[tuple[str, str]]:
    """(label, query): fixed by the zone, so the same at every run."""
    chars: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for text in texts[:2000]:
        for part in text.split("\x00"):
            chars.update(set(part))
            pairs.update({part[i : i + 2] for i in range(len(part) - 1)})
    cjk = [c for c, _n in chars.most_common() if "\u4e00" <= c <= "\u9fff"]
    pair = next(p for p, _n in pairs.most_common() if all("\u4e00" <= c <= "\u9fff" for c in p))
    numbered = next(d for d in docs[len(docs) // 3 :] if d.doc_no)
    record = docs[len(docs) // 2]
    rare = next(d.title[-8:] for d in docs[len(docs) // 4 :] if len(truth(texts[:], d.title[-8:])) <= 3)
    return [
        ("commonest character", cjk[0]),
        ("commonest pair", pair),
        ("common word 公开", "公开"),
        ("rare phrase", rare),
        ("文号", numbered.doc_no),
        ("索引号", record.index_no),
        ("long common phrase", "人民政府关于"),
        ("two terms", f"{cjk[1]}{cjk[2]} 公开"),
    ]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def _size_of(url: str, base: str, root: Path) -> int:
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(url).path)
    rel = Path(path).relative_to(root) if base.startswith("file:") else Path(path.lstrip("/"))
    target = root / rel
    return target.stat().st_size if target.is_file() else 0


def run_zonegen(browser, site: Path, query: str) -> dict:  # type: ignore[no-untyped-def]
    from urllib.parse import quote

    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    started = time.perf_counter()
    page.goto(site.as_uri() + "/search.html?q=" + quote(query))
    page.wait_for_function(DONE, timeout=300_000)
    wall = (time.perf_counter() - started) * 1000
    shown = len(requests)
    first_bytes = sum(_size_of(u, "file:", site) for u in requests)
    count = int(page.get_attribute("#search", "data-count") or 0)
    query_ms = float(page.get_attribute("#search", "data-query-ms") or 0)
    outside = [u for u in requests if not u.startswith("file:")]
    # Page 2: what it adds.
    before = len(requests)
    if page.locator("#search-pages button:has-text('下一页')").count():
        page.click("#search-pages button:has-text('下一页')")
        page.wait_for_function(DONE)
    page2 = sum(_size_of(u, "file:", site) for u in requests[before:])
    records = page.evaluate("q => zonegenSearch.records(q, true)", query)
    context.close()
    return {
        "bytes": first_bytes,
        "files": shown,
        "ms": query_ms,
        "wall_ms": wall,
        "count": count,
        "page2": page2,
        "records": records,
        "outside": outside,
    }


def run_pagefind(browser, base: str, site: Path, query: str) -> dict:  # type: ignore[no-untyped-def]
    from urllib.parse import quote, unquote

    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base + "pagefind-bench.html?q=" + quote(query))
    page.wait_for_function("document.title === 'done'", timeout=300_000)
    count, took, _urls = page.evaluate("window.firstPage")
    first_bytes = sum(_size_of(u, base, site) for u in requests)
    urls = page.evaluate("window.all()")
    context.close()
    return {
        "bytes": first_bytes,
        "files": len(requests),
        "ms": took,
        "count": count,
        "urls": [unquote(u) for u in urls],
    }


def measure(records: int) -> tuple[str, dict]:
    from urllib.parse import unquote

    from playwright.sync_api import sync_playwright

    zone = zone_for(records)
    out = OUT_ROOT / f"n{records}"
    shutil.rmtree(out, ignore_errors=True)
    load_before = os.getloadavg()
    started = time.perf_counter()
    result = build(zone, out)
    wall = time.perf_counter() - started
    assert result.ok
    index_s = result.timings["search"]
    size, files = folder_size(out / "_search")
    started = time.perf_counter()
    subprocess.run(
        [str(PAGEFIND / "node_modules" / ".bin" / "pagefind"), "--site", str(out), "--root-selector", "main"],
        check=True,
        capture_output=True,
    )
    pagefind_s = time.perf_counter() - started
    pf_size, pf_files = folder_size(out / "pagefind")
    (out / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    docs = site_documents(zone)
    texts = [normalised(d) for d in docs]
    urls = {i: d.url for i, d in enumerate(docs)}
    queries = query_set(docs, texts)
    rows = []
    httpd, base = serve(out)
    try:
        with sync_playwright() as play:
            browser = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for label, query in queries:
                expected = truth(texts, query)
                ours = run_zonegen(browser, out, query)
                theirs = run_pagefind(browser, base, out, query)
                assert not ours["outside"], ours["outside"]
                want = {unquote(urls[i]) for i in expected}
                got = {u.lstrip("/") for u in theirs["urls"]}
                rows.append(
                    {
                        "label": label,
                        "query": query,
                        "truth": len(expected),
                        "zonegen": {k: v for k, v in ours.items() if k not in ("records", "outside")},
                        "zonegen_recall": 1.0
                        if not expected
                        else len(set(ours["records"]) & set(expected)) / len(expected),
                        "zonegen_exact": ours["records"] == expected,
                        "pagefind": {k: v for k, v in theirs.items() if k != "urls"},
                        "pagefind_recall": 1.0 if not want else len(want & got) / len(want),
                    }
                )
                print(label, query, rows[-1]["zonegen"], rows[-1]["pagefind"], flush=True)
            browser.close()
    finally:
        httpd.shutdown()
    load_after = os.getloadavg()
    summary = {
        "records": len(docs),
        "build_s": wall,
        "index_s": index_s,
        "index_bytes": size,
        "index_files": files,
        "pagefind_s": pagefind_s,
        "pagefind_bytes": pf_size,
        "pagefind_files": pf_files,
        "load": [load_before[0], load_after[0]],
        "rows": rows,
    }
    return table(summary), summary


def table(s: dict) -> str:
    lines = [
        f"**{s['records']:,} records** (bench/synth.py; {dt.date.today().isoformat()}; load average "
        f"{s['load'][0]:.1f} before, {s['load'][1]:.1f} after, on 2 cores)",
        "",
        "| | zonegen | Pagefind 1.6 |",
        "|---|---|---|",
        f"| index on disk, files | {s['index_bytes'] / 1e6:.1f} MB, {s['index_files']:,} | "
        f"{s['pagefind_bytes'] / 1e6:.1f} MB, {s['pagefind_files']:,} |",
        f"| index build | {s['index_s']:.1f} s of a {s['build_s']:.1f} s build "
        f"({100 * s['index_s'] / s['build_s']:.0f} %) | {s['pagefind_s']:.1f} s, a separate step |",
        "",
        "| query | records holding it | zonegen (file://): recall, found, bytes before results, files, "
        "search ms, page 2 bytes | Pagefind (http): recall, found, bytes, files, ms |",
        "|---|---:|---|---|",
    ]
    for r in s["rows"]:
        z, p = r["zonegen"], r["pagefind"]
        lines.append(
            f"| {r['label']}: “{r['query']}” | {r['truth']:,} | {100 * r['zonegen_recall']:.0f} %"
            f"{'' if r['zonegen_exact'] else ' (not exact!)'}, {z['count']:,}, {z['bytes'] / 1e3:,.0f} KB, "
            f"{z['files']}, {z['ms']:.0f} ms, {z['page2'] / 1e3:,.0f} KB | {100 * r['pagefind_recall']:.0f} %, "
            f"{p['count']:,}, {p['bytes'] / 1e3:,.0f} KB, {p['files']}, {p['ms']:.0f} ms |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--write", type=Path, help="replace the block between the bench markers of this file")
    args = parser.parse_args()
    if not (PAGEFIND / "node_modules" / ".bin" / "pagefind").exists():
        PAGEFIND.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "pagefind@1.6.0"], cwd=PAGEFIND, check=True)
    WORK.mkdir(parents=True, exist_ok=True)
    tables = []
    for records in args.records:
        text, summary = measure(records)
        (WORK / f"result-{records}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), "utf-8")
        print(text, flush=True)
        tables.append(text)
    report = "\n\n".join(tables)
    if args.write:
        doc = args.write.read_text(encoding="utf-8")
        start, end = "<!-- search-bench -->", "<!-- /search-bench -->"
        head, rest = doc.split(start, 1)
        doc = head + start + "\n" + report + "\n" + end + rest.split(end, 1)[1]
        args.write.write_text(doc, encoding="utf-8")
    print("median zonegen search ms:", statistics.median(r["zonegen"]["ms"] for r in summary["rows"]))


if __name__ == "__main__":
    main()
