"""python -m tests.golden [--update]: check (or regenerate) the golden copy of the sample zone."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.golden import GOLDEN, build_pages, differences, update


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        pages = build_pages(Path(tmp) / "public")
    if "--update" in argv:
        update(pages)
        print(f"已更新 {len(pages)} 个金样页面：{GOLDEN}")
        return 0
    problems = differences(pages)
    for problem in problems:
        print(problem)
    print("金样一致" if not problems else f"{len(problems)} 个页面与金样不同")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
