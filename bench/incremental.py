"""Time incremental builds (issue 13): a no-op build and one edited record, after a build that filled the cache.

    python bench/incremental.py --records 10000 [--runs 3] [--out-root DIR] [--write docs/performance.md]

Uses the synthetic zone of bench/run.py (bench/.work/n<N>/zone, made if missing), copied to a
scratch folder so that the cache and edits never touch it. Each run: one clean build (fills
.zonegen-cache/), then a no-op build, then the body of one record (the middle one, by file
name) gets a sentence, then its title changes: each of those timed, and `zonegen audit` after the
first build as a user runs it
(`zonegen build --quiet`, wall time, CPU of the process and its children). After the edits,
the output is compared with a clean build of the same tree, byte for byte.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import default_out_root, default_zonegen, prepare  # noqa: E402

BEGIN, END = "<!-- incremental -->", "<!-- /incremental -->"


def timed(argv: list[str], check: bool = True) -> tuple[float, float]:
    before = os.times()
    start = time.perf_counter()
    subprocess.run(argv, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def same_tree(a: Path, b: Path) -> bool:
    left = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    right = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    if left != right:
        return False
    _match, mismatch, errors = filecmp.cmpfiles(a, b, left, shallow=False)
    return not mismatch and not errors


def one_run(zonegen: list[str], source: Path, scratch: Path) -> dict[str, tuple[float, float]]:
    if scratch.exists():
        shutil.rmtree(scratch)
    zone = scratch / "zone"
    shutil.copytree(source, zone, ignore=shutil.ignore_patterns(".zonegen-cache", "public"))
    out = scratch / "out"
    build = [*zonegen, "--zone", str(zone), "build", "--out", str(out), "--quiet"]
    figures = {"clean build (fills the cache)": timed(build), "no-op build": timed(build)}
    # The audit reads the cache the build left (exit 1 when it finds something: not a failure here).
    audit = [*zonegen, "--zone", str(zone), "audit", "--format", "json", "--out", str(scratch / "audit.json")]
    figures["audit after the build"] = timed(audit, check=False)
    files = sorted((zone / "content").rglob("*.md"))
    record = files[len(files) // 2]
    text = record.read_text(encoding="utf-8")
    record.write_text(text.rstrip("\n") + "\n\n补充说明：本条信息于今日更新。\n", encoding="utf-8")
    figures["one record's body edited"] = timed(build)
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"^title: (.*)$", r"title: \1（修订）", text, count=1, flags=re.M), encoding="utf-8")
    figures["one record's title edited"] = timed(build)
    clean = scratch / "clean"
    subprocess.run([*build[:-3], "--out", str(clean), "--quiet", "--clean"], check=True, stdout=subprocess.DEVNULL)
    if not same_tree(out, clean):
        raise SystemExit("incremental output differs from a clean build")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=[10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out-root", type=Path, default=None, help="scratch folder (default: tmpfs)")
    parser.add_argument("--write", type=Path, default=None, help="put the table into this Markdown file")
    args = parser.parse_args(argv)
    zonegen = (default_zonegen() or "zonegen").split()
    root = (args.out_root or default_out_root().parent / "zonegen-inc").resolve()
    rows = []
    for n in args.records:
        zone, _hugo = prepare(n, args.seed, None)
        runs = [one_run(zonegen, zone, root / f"n{n}") for _ in range(args.runs)]
        for name in runs[0]:
            walls = [r[name][0] for r in runs]
            cpus = [r[name][1] for r in runs]
            rows.append(
                f"| {n} | {name} | {statistics.median(walls):.2f} | "
                f"{' / '.join(f'{w:.2f}' for w in walls)} | {statistics.median(cpus):.2f} |"
            )
        shutil.rmtree(root / f"n{n}", ignore_errors=True)
    command = " ".join(["python", "bench/incremental.py", *(argv if argv is not None else sys.argv[1:])])
    table = "\n".join(
        [
            f"`{command}` (scratch: {root}; the output after the edits equals a clean build byte for byte)",
            "",
            "| records | build | median wall (s) | runs (s) | median CPU (s) |",
            "|---:|---|---:|---:|---:|",
            *rows,
        ]
    )
    print(table)
    if args.write:
        text = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        block = f"{BEGIN}\n{table}\n{END}"
        if BEGIN in text and END in text:
            text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
        else:
            text = text.rstrip("\n") + "\n\n## Incremental builds\n\n" + block + "\n"
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
