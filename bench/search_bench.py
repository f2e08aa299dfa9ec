"""Search benchmark: zonegen's index beside Pagefind on the same built zone.

Measures, on a copy of a zone (e.g. the 10k-record /tmp/z10k or bench/synth.py output):
  * what the index adds to a clean build (runs alternate with and without the index;
    medians of wall time and of CPU time, which a busy machine disturbs less),
  * index size, file count, and what loads before the first query,
  * recall on the same queries (random verbatim substrings of records) for zonegen
    (search.js itself, in headless Chromium) and Pagefind (`pagefind[extended]`, its own
    JS API in the same browser, over http since it does not support file://),
  * median query time in headless Chromium once a query's index parts are loaded.

Usage: python bench/search_bench.py --zone /tmp/z10k [--runs 3] [--queries 200]
                                    [--write docs/search.md]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.search_index import SEARCHED, Index  # noqa: E402
from zonegen.search.normalize import norm  # noqa: E402

WORK = Path(__file__).resolve().parent / ".work" / "search"
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
BUILD = """
import sys, time
from pathlib import Path
import zonegen.build as b
if sys.argv[1] == "off":
    class NoIndex:
        def __init__(self, *args): pass
        def wait(self): pass
        def close(self): pass
    b.IndexJob = NoIndex
started = time.perf_counter()
result = b.build(Path(sys.argv[2]), Path(sys.argv[3]))
assert result.ok, result.diagnostics[:3]
print(time.perf_counter() - started)
"""


def timed_build(zone: Path, out: Path, mode: str) -> tuple[float, float]:
    """(wall, cpu) seconds of one clean build in a fresh process; mode "on" or "off"."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-c", BUILD, mode, str(zone), str(out)], capture_output=True, text=True, check=True, cwd=REPO
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return float(done.stdout.split()[-1]), cpu


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def sample_queries(index: Index, count: int, seed: int = 2026) -> list[tuple[str, str]]:
    """(query, url of a record containing it verbatim): 2 to 8 characters of a searched field."""
    rng = random.Random(seed)
    rows = index.rows()
    cases: list[tuple[str, str]] = []
    while len(cases) < count:
        row = rng.choice(rows)
        fields = [row[i] for i in SEARCHED if len(row[i]) >= 2]
        field = rng.choice(fields)
        length = rng.randint(2, min(8, len(field)))
        start = rng.randint(0, len(field) - length)
        query = field[start : start + length].strip()
        if len(norm(query)) >= 2 and " " not in query:
            cases.append((query, row[1]))
    return cases


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


ZONEGEN_RUN = """async cases => {
  const out = [];
  for (const [q, url] of cases) {
    const first = await zonegenSearch.search(q);          // loads this query's index parts
    const t = performance.now();
    const urls = await zonegenSearch.search(q);           // timed: parts already loaded
    out.push([urls.includes(url), performance.now() - t, urls.length]);
  }
  return out;
}"""

PAGEFIND_RUN = """async cases => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const out = [];
  for (const [q, url] of cases) {
    const first = await pagefind.search(q);
    const t = performance.now();
    const search = await pagefind.search(q);
    const took = performance.now() - t;
    let found = false;
    const results = search.results;
    for (let i = 0; i < results.length && i < 1000 && !found; i++) {
      const data = await results[i].data();
      found = decodeURIComponent(data.url).endsWith(decodeURIComponent(url));
    }
    out.push([found, took, results.length]);
  }
  return out;
}"""


def browser_runs(site: Path, cases: list[tuple[str, str]]) -> dict[str, list]:
    from playwright.sync_api import sync_playwright

    httpd, base = serve(site)
    results: dict[str, list] = {}
    try:
        with sync_playwright() as play:
            browser = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, url, script in (
                ("zonegen (file://)", site.as_uri() + "/search.html", ZONEGEN_RUN),
                ("zonegen (http)", base + "search.html", ZONEGEN_RUN),
                ("pagefind (http)", base + "search.html", PAGEFIND_RUN),
            ):
                page = browser.new_page()
                page.set_default_timeout(600_000)
                page.goto(url)
                page.wait_for_function("window.zonegenSearch !== undefined")
                results[name] = page.evaluate(script, cases)
                page.close()
            browser.close()
    finally:
        httpd.shutdown()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zone", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    zone = WORK / "zone"
    shutil.rmtree(zone, ignore_errors=True)
    shutil.copytree(
        args.zone,
        zone,
        ignore=shutil.ignore_patterns("public", ".venv", ".git", "bench", "tests", "*.egg-info", "zonegen"),
    )
    out = WORK / "public"
    runs: dict[str, list[tuple[float, float]]] = {"off": [], "on": []}
    for _ in range(args.runs):
        for mode in ("off", "on"):
            runs[mode].append(timed_build(zone, out, mode))
            print(mode, [round(x, 2) for x in runs[mode][-1]], flush=True)
    wall = {m: statistics.median(w for w, _c in v) for m, v in runs.items()}
    cpu = {m: statistics.median(c for _w, c in v) for m, v in runs.items()}
    index = Index(out / "_search")
    size, files = folder_size(out / "_search")
    first_load = sum(
        (out / p).stat().st_size for p in ("_search/meta.js", "_static/search.js", "_static/search.css", "search.html")
    )

    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(out),
            "--root-selector",
            "main",
            "--output-subdir",
            "pagefind",
        ],
        check=True,
        capture_output=True,
    )
    pagefind_time = time.perf_counter() - started
    pf_size, pf_files = folder_size(out / "pagefind")

    cases = sample_queries(index, args.queries)
    measured = browser_runs(out, cases)
    lines = [
        f"Zone: {index.meta['count']} published records ({args.zone}); "
        f"{args.runs} alternating clean builds per variant; {len(cases)} queries.",
        "",
        "| | zonegen | Pagefind (extended) |",
        "|---|---|---|",
        f"| clean build without index (median wall / CPU) | {wall['off']:.2f} s / {cpu['off']:.2f} s | |",
        f"| clean build with index (median wall / CPU) | {wall['on']:.2f} s / {cpu['on']:.2f} s | |",
        f"| index adds to the build (wall / CPU) | {100 * (wall['on'] / wall['off'] - 1):+.1f} % / "
        f"{100 * (cpu['on'] / cpu['off'] - 1):+.1f} % | "
        f"{pagefind_time:.2f} s as a separate step |",
        f"| index size, files | {size / 1e6:.1f} MB, {files} | {pf_size / 1e6:.1f} MB, {pf_files} |",
        f"| loaded before the first query | {first_load / 1e3:.0f} KB (page, script, css, meta.js) | |",
    ]
    for name, rows in measured.items():
        recall = sum(1 for found, _t, _n in rows if found) / len(rows)
        median = statistics.median(t for _f, t, _n in rows)
        worst = max(t for _f, t, _n in rows)
        lines.append(
            f"| {name}: recall / median query / slowest | {100 * recall:.1f} % / {median:.1f} ms / {worst:.0f} ms | |"
        )
    pagefind = measured["pagefind (http)"]
    missed = [q for (q, _u), (found, _t, _n) in zip(cases, pagefind, strict=True) if not found][:8]
    lines += ["", "Queries Pagefind missed (first 8): " + "、".join(f"“{q}”" for q in missed)]
    report = "\n".join(lines)
    print(report)
    (WORK / "result.json").write_text(
        json.dumps(
            {
                "wall": wall,
                "cpu": cpu,
                "measured": {k: [[f, t, n] for f, t, n in v] for k, v in measured.items()},
                "cases": cases,
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    if args.write:
        text = args.write.read_text(encoding="utf-8")
        start, end = "<!-- search-bench -->", "<!-- /search-bench -->"
        if start in text:
            head, rest = text.split(start, 1)
            text = head + start + "\n" + report + "\n" + end + rest.split(end, 1)[1]
        else:
            text += f"\n{start}\n{report}\n{end}\n"
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
