"""The search index: normalisation, exact recall, and nothing unpublished in it."""

from __future__ import annotations

import errno
import random
import re
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pytest

from tests.conftest import REPO, output_text, run, write_record
from tests.search_index import URL, Index, normalised, site_documents, truth
from zonegen.search.codec import END, decode_numbers, decode_records, encode_numbers, encode_records
from zonegen.search.documents import Document
from zonegen.search.index import SENTINEL, folded_codes
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


def test_number_and_record_list_codecs_round_trip() -> None:
    values = np.array([0, 1, 29, 30, 899, 900, 40_000, 1_000_000, 5])
    final = np.array([0, 0, 1, 0, 0, 0, 1, 0, 1], dtype=bool)
    text, _ends = encode_numbers(values, final)
    assert decode_numbers(text).tolist() == values.tolist()
    assert sum(c in END for c in text) == 3
    rng = random.Random(3)
    for total in (1, 7, 100, 5000):
        for density in (0.01, 0.3, 0.7, 0.99, 1.0):
            records = np.array(sorted(r for r in range(total) if rng.random() < density), dtype=np.int64)
            code = encode_records(records, total)
            assert decode_records(code, total).tolist() == records.tolist(), (total, density, code[:20])


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Index, list[str]]:
    """The repository's sample zone (112 records), built once, with each record's normalised text."""
    out = tmp_path_factory.mktemp("sample") / "public"
    result = run(REPO, "build", "--out", str(out), "--quiet")
    assert result.code == 0, result.stdout + result.stderr
    return out, Index(out / "_search"), [normalised(d) for d in site_documents(REPO)]


def test_every_published_record_is_indexed_once(sample: tuple[Path, Index, list[str]]) -> None:
    out, index, texts = sample
    urls = [row[URL] for row in index.rows()]
    assert len(urls) == len(set(urls)) == index.meta["count"] == len(texts)
    for url in urls:
        assert (out / unquote(url)).is_file(), url


def _random_queries(texts: list[str], docs: list[Document], seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    queries = []
    while len(queries) < count:
        doc = rng.choice(docs)
        field = rng.choice([f for f in doc.searched() if f] or [doc.title])
        length = rng.randint(1, min(12, len(field)))
        start = rng.randint(0, len(field) - length)
        if terms(field[start : start + length]):
            queries.append(field[start : start + length])
    return queries


def test_recall_is_exact_against_substring_truth(sample: tuple[Path, Index, list[str]]) -> None:
    """For verbatim pieces of records (one character to twelve, any script) and for numbers,
    the index finds exactly the records whose normalised text holds every term."""
    _out, index, texts = sample
    docs = site_documents(REPO)
    queries = [
        *_random_queries(texts, docs, 4, 600),
        "公",
        "的",
        "公开",
        "人民政府",
        "最低生活保障 名单",
        "2025 白政发",
    ]
    for query in queries:
        assert index.records(query) == truth(texts, query), query


def test_index_and_document_numbers_match_exactly(sample: tuple[Path, Index, list[str]]) -> None:
    """With or without the 〔〕 brackets, the 索引号 prefix, or full-width characters."""
    _out, index, _texts = sample
    rows = [row for row in index.rows() if "〔" in row[3]]
    assert rows
    for row in rows[:10]:
        doc_no, index_no, url = row[3], row[4], row[URL]
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


def test_results_contain_every_term(sample: tuple[Path, Index, list[str]]) -> None:
    _out, index, texts = sample
    found = index.records("最低生活保障 名单")
    assert found
    expected = [i for i, text in enumerate(texts) if "最低生活保障" in text and "名单" in text]
    assert found == expected


def test_index_holds_no_record_text(sample: tuple[Path, Index, list[str]]) -> None:
    """The body is searchable but not stored: a query reads offsets, never the text."""
    out, index, _texts = sample
    body = next(d for d in site_documents(REPO) if len(d.text) > 400).text
    passage = body[200:260]
    everything = "".join(p.read_text(encoding="utf-8") for p in (out / "_search").rglob("*.js"))
    assert passage not in everything
    assert index.search(passage)


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
    # Not even the canary's pairs: "qz", "zx", "xv" occur in no published record.
    for name in (out / "_search").rglob("*.js"):
        text = name.read_text(encoding="utf-8")
        assert not any(f'"{pair}"' in text for pair in ("qz", "zx", "xv")), name
    assert len(index.rows()) == index.meta["count"] == 3


def test_index_is_deterministic(minimal: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert run(minimal, "build", "--out", str(first), "--quiet").code == 0
    assert run(minimal, "build", "--out", str(second), "--quiet").code == 0
    files = sorted(p.relative_to(first) for p in (first / "_search").rglob("*") if p.is_file())
    assert files
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_search_page_has_form_filters_and_scripts(sample: tuple[Path, Index, list[str]]) -> None:
    out, _index, _texts = sample
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


def test_meta_does_not_grow_with_records(sample: tuple[Path, Index, list[str]]) -> None:
    """meta.js, read before any query, holds labels, counts and catalog terms: nothing per record."""
    out, index, _texts = sample
    size = (out / "_search" / "meta.js").stat().st_size
    assert size < 20_000
    assert len(index.meta["ranges"]) == 1 and index.meta["count"] == 112


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
