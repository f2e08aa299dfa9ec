"""The search index: normalisation, exact recall, and nothing unpublished in it."""

from __future__ import annotations

import errno
import random
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import REPO, output_text, run, write_record
from tests.search_index import SEARCHED, Index
from zonegen.search.index import SENTINEL, encode_list, folded_codes
from zonegen.search.normalize import SEPARATOR, fold, norm, terms


def test_width_case_and_brackets_normalise_alike() -> None:
    assert norm("ＡＢＣ１２３ａｂｃ") == norm("abc123ABC") == "abc123abc"
    ok = ["黄政20255号"]
    assert terms("黄政〔2025〕5号") == terms("黄政[2025]5号") == terms("黄政（2025）5号") == ok
    assert terms("11331127002634189U/2025-00012") == ["11331127002634189u202500012"]
    assert terms("  最低生活保障　 名单 ") == ["最低生活保障", "名单"]  # U+3000 separates too
    assert norm("面积120㎡，①号楼") == "面积120m21号楼"


def test_norm_is_fold_of_every_code_point() -> None:
    """The fast path equals the per-code-point definition search.js implements."""
    chars = [chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c <= 0xDFFF]
    text = "".join(chars)
    assert norm(text) == "".join(fold(c) for c in chars)


@pytest.mark.parametrize("several", [False, True])
def test_table_fold_equals_norm(several: bool) -> None:
    """The numpy table path of the index builder gives exactly norm(), separators kept."""
    chars = [chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c <= 0xDFFF and (several or len(fold(chr(c))) <= 1)]
    text = "".join(chars) + SEPARATOR + "ΣΑΣ 黄政〔2025〕5号" + ("㎡𝐀" if several else "")
    expected = [SENTINEL if c == SEPARATOR else ord(c) for c in norm(text)]
    assert folded_codes(text).tolist() == expected


def test_postings_encoding_round_trips() -> None:
    from tests.search_index import _decode

    values = [0, 1, 2, 31, 32, 33, 1023, 1024, 40_000, 1_000_000]
    assert _decode(encode_list(values), 2_000_000) == values


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Index]:
    """The repository's sample zone (112 records), built once."""
    out = tmp_path_factory.mktemp("sample") / "public"
    result = run(REPO, "build", "--out", str(out), "--quiet")
    assert result.code == 0, result.stdout + result.stderr
    return out, Index(out / "_search")


def _searched_texts(index: Index) -> list[tuple[str, list[str]]]:
    return [(row[1], [row[i] for i in SEARCHED]) for row in index.rows()]


def test_every_published_record_is_indexed_once(sample: tuple[Path, Index]) -> None:
    out, index = sample
    urls = [url for url, _fields in _searched_texts(index)]
    assert len(urls) == len(set(urls)) == index.meta["count"]
    for url in urls:
        assert (out / unquote(url)).is_file(), url


def test_recall_of_random_substrings(sample: tuple[Path, Index]) -> None:
    """Any text of two or more characters taken verbatim from a record finds that record."""
    _out, index = sample
    rng = random.Random(4)
    records = _searched_texts(index)
    checked = 0
    for url, fields in records:
        for field in fields:
            if len(field) < 2:
                continue
            for _ in range(3):
                length = rng.randint(2, min(12, len(field)))
                start = rng.randint(0, len(field) - length)
                query = field[start : start + length]
                if not terms(query):
                    continue  # only punctuation and spaces
                assert url in index.search(query), (query, url)
                checked += 1
    assert checked > 1000


def test_index_and_document_numbers_match_exactly(sample: tuple[Path, Index]) -> None:
    """With or without the 〔〕 brackets, the 索引号 prefix, or full-width characters."""
    _out, index = sample
    rows = [row for row in index.rows() if "〔" in row[3]]
    assert rows
    for row in rows[:10]:
        doc_no, index_no, url = row[3], row[4], row[1]
        for query in (
            doc_no,
            doc_no.replace("〔", "[").replace("〕", "]"),
            doc_no.replace("〔", "").replace("〕", ""),
            index_no,
            index_no.split("/", 1)[1],
            index_no.lower(),
        ):
            assert url in index.search(query), query
        # Full-width digits and letters, as a Chinese IME types them.
        wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in index_no)
        assert url in index.search(wide)


def test_results_contain_every_term(sample: tuple[Path, Index]) -> None:
    _out, index = sample
    found = index.search("最低生活保障 名单")
    assert found
    for row in index.rows():
        text = norm("".join(row[i] for i in SEARCHED))
        expected = "最低生活保障" in text and "名单" in text
        assert (row[1] in found) == expected, row[0]


def test_non_public_records_never_reach_the_index(minimal: Path) -> None:
    canary = "金丝雀QZXV机密词"
    for disclosure in ("依申请公开", "不予公开"):
        n = len(disclosure)
        write_record(
            minimal,
            f"notices/secret-{n}.md",
            f"title: {canary}标题{disclosure}\nindex_no: 11330000000000000X/2025-0009{n}\n"
            f"created: 2025-03-01\npublished: 2025-03-02\ndisclosure: {disclosure}\n"
            f"doc_no: 测政〔2025〕9{len(disclosure)}号\nkeywords: [{canary}关键词]\n",
            f"正文里也有{canary}，还有 qzxvsecret。\n",
        )
    result = run(minimal, "build", "--quiet")
    assert result.code == 0, result.stdout + result.stderr
    out = minimal / "public"
    everything = output_text(out)
    search_files = [p for p in (out / "_search").rglob("*") if p.is_file()]
    assert search_files
    for needle in (canary, norm(canary), "qzxvsecret", "QZXV", "测政〔2025〕9", "测政20259"):
        assert needle not in everything, needle
    index = Index(out / "_search")
    assert index.search(canary) == []
    assert index.search("qzxv") == []
    # Not even the canary's bigrams: "qz", "zx", "xv" occur in no published record.
    for shard in range(index.meta["shards"]):
        assert not {"qz", "zx", "xv"} & set(index.shard(shard)), shard
    assert len(index.rows()) == index.meta["count"] == 3


def test_index_is_deterministic(minimal: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert run(minimal, "build", "--out", str(first), "--quiet").code == 0
    assert run(minimal, "build", "--out", str(second), "--quiet").code == 0
    files = sorted(p.relative_to(first) for p in (first / "_search").rglob("*") if p.is_file())
    assert files
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_search_page_has_form_filters_and_scripts(sample: tuple[Path, Index]) -> None:
    out, _index = sample
    page = (out / "search.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page
    for needle in (
        'name="q"',
        'id="search-group"',
        'id="search-year"',
        'id="search-cat"',
        'id="search-kind"',
        'id="search-sort"',
        "_static/search.js",
        "_search/meta.js",
        "_static/search.css",
    ):
        assert needle in page, needle
    # Nothing is loaded from elsewhere (the QR code's label may name the page's online URL).
    assert not re.findall(r"""(?:src|href|action)=["']?(?:https?:)?//""", page)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'action="search.html"' in home
    record = next(out.glob("statutory/*/*.html")).read_text(encoding="utf-8")
    assert 'action="../../search.html"' in record


def test_meta_loads_small_for_what_it_holds(sample: tuple[Path, Index]) -> None:
    """meta.js is the only index file loaded before a query: a few bytes per record."""
    out, index = sample
    size = (out / "_search" / "meta.js").stat().st_size
    assert size < 4_000 + 8 * index.meta["count"]


def test_index_built_beside_rendering_is_the_same(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large zones build the index while worker processes render: same files as the serial build."""
    import zonegen.render as render

    inline, forked = tmp_path / "inline", tmp_path / "forked"
    assert run(minimal, "build", "--out", str(inline), "--quiet").code == 0
    monkeypatch.setattr(render, "PARALLEL_THRESHOLD", 0)
    assert run(minimal, "build", "--out", str(forked), "--quiet").code == 0
    files = sorted(p.relative_to(inline) for p in (inline / "_search").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(forked) for p in (forked / "_search").rglob("*") if p.is_file())
    for rel in files:
        assert (inline / rel).read_bytes() == (forked / rel).read_bytes(), rel


@pytest.mark.parametrize("threshold", [0, 10**9])
def test_index_failure_fails_the_build_and_keeps_the_old_site(
    minimal: Path, monkeypatch: pytest.MonkeyPatch, threshold: int
) -> None:
    import zonegen.render as render
    import zonegen.search as search

    assert run(minimal, "build", "--quiet").code == 0
    before = (minimal / "public" / "_search" / "meta.js").read_bytes()

    def broken(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(render, "PARALLEL_THRESHOLD", threshold)
    monkeypatch.setattr(search, "write_index", broken)
    result = run(minimal, "build", "--quiet", "--clean")  # the zone is unchanged: only a clean build writes
    assert result.code == 1 and "output-error 磁盘空间不足" in result.stderr
    assert (minimal / "public" / "_search" / "meta.js").read_bytes() == before
    assert not [p for p in minimal.iterdir() if p.name.startswith(".public.")]
