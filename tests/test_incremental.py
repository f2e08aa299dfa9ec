"""Incremental builds (issue 13): the output after any sequence of edits is byte for byte a clean build's."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ZONES, run
from zonegen.build import build
from zonegen.cache import CACHE_DIR

FOLDERS = ("notices", "domains/relief/dibao")
# ZONEGEN_PROPERTY_EXAMPLES=300 for the long run (docs/performance.md); CI runs fewer.
EXAMPLES = int(os.environ.get("ZONEGEN_PROPERTY_EXAMPLES", "12"))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def record_text(number: int, title: str, body: str, published: str = "2025-04-02", public: bool = True) -> str:
    disclosure = "" if public else "disclosure: 不予公开\nreason: 涉及个人隐私\n"
    return (
        f"---\ntitle: {title}\nindex_no: 11330000000000000X/2025-{number:05d}\ncreated: 2025-04-01\n"
        f"published: {published}\nkind: 公告公示\n{disclosure}---\n\n{body}\n"
    )


class Zone:
    """A copy of the minimal zone and the records the steps added (number → file)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[int, Path] = {}
        self.next = 10

    def apply(self, step: tuple) -> None:
        kind, *args = step
        if kind == "add":
            folder, title = args
            path = self.root / "content" / FOLDERS[folder] / f"r{self.next}.md"
            path.write_text(record_text(self.next, title, "新增的正文。"), encoding="utf-8")
            self.files[self.next] = path
            self.next += 1
            return
        if kind == "template":
            own = self.root / "themes/default/templates"
            own.mkdir(parents=True, exist_ok=True)
            base = (Path(__file__).parent.parent / "themes/default/templates/record.html").read_text(encoding="utf-8")
            (own / "record.html").write_text(base.replace("</article>", f"<p>{args[0]}</p></article>", 1), "utf-8")
            return
        if not self.files:
            return
        number = sorted(self.files)[args[0] % len(self.files)]
        path = self.files[number]
        if kind == "body":
            path.write_text(record_text(number, f"记录{number}", args[1]), encoding="utf-8")
        elif kind == "title":
            path.write_text(record_text(number, args[1], "正文。"), encoding="utf-8")
        elif kind == "date":
            path.write_text(record_text(number, f"记录{number}", "正文。", published="2025-04-09"), encoding="utf-8")
        elif kind == "withhold":  # 主动公开 → 不予公开: every trace must go
            path.write_text(record_text(number, f"记录{number}", "正文。", public=False), encoding="utf-8")
        elif kind == "delete":
            path.unlink()
            del self.files[number]
        elif kind == "rename":
            moved = path.with_name(f"改名 {number}#.md")
            path.rename(moved)
            self.files[number] = moved
        elif kind == "move":
            folder = self.root / "content" / FOLDERS[args[1]]
            moved = folder / path.name
            if moved != path and not moved.exists():
                path.rename(moved)
                self.files[number] = moved


texts = st.text(alphabet="测试公开通知一二三abc 123", min_size=1, max_size=12).map(str.strip).filter(bool)
steps = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 1), texts),
    st.tuples(st.sampled_from(["body", "title"]), st.integers(0, 20), texts),
    st.tuples(st.sampled_from(["date", "withhold", "delete", "rename"]), st.integers(0, 20)),
    st.tuples(st.just("move"), st.integers(0, 20), st.integers(0, 1)),
    st.tuples(st.just("template"), texts),
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(steps, min_size=1, max_size=5))
def test_incremental_output_equals_a_clean_build_after_every_step(sequence: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        zone = Zone(Path(scratch) / "zone")
        shutil.copytree(ZONES / "minimal", zone.root)
        zone.apply(("add", 0, "第一条"))
        zone.apply(("add", 1, "第二条"))
        assert build(zone.root).ok
        for step in sequence:
            zone.apply(step)
            incremental = build(zone.root)
            clean = build(zone.root, Path(scratch) / "clean", clean=True)
            assert incremental.ok == clean.ok, step
            if clean.ok:
                assert tree(zone.root / "public") == tree(Path(scratch) / "clean"), step


def test_an_edit_renders_only_the_pages_that_show_the_record(minimal: Path) -> None:
    assert build(minimal).ok
    first = build(minimal)
    assert first.ok and first.rendered == 0  # nothing changed: nothing written
    path = minimal / "content/notices/first.md"
    path.write_text(path.read_text(encoding="utf-8").replace("测试通知的正文", "改过的正文"), encoding="utf-8")
    result = build(minimal)
    assert result.ok and 0 < result.rendered < result.pages
    page = (minimal / "public/_records/2025-00002.html").read_text(encoding="utf-8")
    assert "改过的正文" in page


def test_a_foreign_or_corrupt_cache_is_discarded_with_a_note(minimal: Path) -> None:
    assert run(minimal, "build").code == 0
    cached = minimal / CACHE_DIR / "records.bin"
    data = bytearray(cached.read_bytes())
    data[-10] ^= 0xFF  # edited or damaged: the signature no longer matches
    cached.write_bytes(bytes(data))
    result = run(minimal, "build")
    assert result.code == 0
    note = "构建缓存 .zonegen-cache/records.bin 不是这台电脑上的 zonegen 写的，或已被改动、损坏，已弃用"
    assert note in result.stderr
    cached.write_bytes(b"not a cache at all")
    result = run(minimal, "build")
    assert result.code == 0 and "格式不是这个版本的 zonegen 写的" in result.stderr
    assert "提示" not in run(minimal, "build").stderr  # rewritten by the build before


def test_a_cache_made_under_another_key_is_not_trusted(minimal: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import zonegen.cache

    assert build(minimal).ok
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-machine"))
    zonegen.cache._key.cache_clear()
    try:
        result = build(minimal)
        assert result.ok and result.rendered == result.pages  # nothing of it reused
        assert any("不是这台电脑上的 zonegen 写的" in note for note in result.notes)
    finally:
        zonegen.cache._key.cache_clear()


def test_check_and_clean_builds_write_no_cache(minimal: Path) -> None:
    assert run(minimal, "check").code == 0
    assert not (minimal / CACHE_DIR).exists()  # check writes nothing (contract)
    assert run(minimal, "build", "--clean").code == 0
    assert not (minimal / CACHE_DIR).exists()


def test_an_output_changed_by_hand_is_rebuilt_clean(minimal: Path) -> None:
    assert build(minimal).ok
    shutil.rmtree(minimal / "public")
    result = build(minimal)
    assert result.ok and result.rendered == result.pages
    assert (minimal / "public/index.html").is_file()


@pytest.mark.parametrize("name", ["records.bin", "output.bin"])
def test_the_cache_folder_is_ignored_by_git(minimal: Path, name: str) -> None:
    assert build(minimal).ok
    assert (minimal / CACHE_DIR / name).is_file()
    assert (minimal / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_files_removed_or_changed_in_the_output_by_hand_are_made_again(minimal: Path) -> None:
    assert build(minimal).ok
    clean = tree(minimal / "public")
    page = minimal / "public/_records/2025-00002.html"
    page.unlink()
    result = build(minimal)
    assert result.ok and result.rendered == 1  # only the missing page
    [style] = [p for p in (minimal / "public/_static").iterdir() if p.suffix == ".css"][:1]
    style.write_text("/* 改过 */", encoding="utf-8")
    assert build(minimal).ok
    assert tree(minimal / "public") == clean
