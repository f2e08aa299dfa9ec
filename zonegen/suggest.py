"""“Did you mean” suggestions for keys, folders and values."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(word: str, candidates: Iterable[str], cutoff: float = 0.5) -> str | None:
    """The candidate closest to word, or None when nothing is close enough or two are equally close."""
    pool = list(dict.fromkeys(candidates))
    lowered = {c.lower(): c for c in pool}
    if word.lower() in lowered:
        return lowered[word.lower()]
    return _pick(word, pool, lowered, cutoff)


def _pick(word: str, pool: list[str], lowered: dict[str, str], cutoff: float) -> str | None:
    for target, choices in ((word, pool), (word.lower(), list(lowered))):
        scored = _scores(target, choices, cutoff)
        if scored:
            best = scored[0]
            if len(scored) > 1 and scored[1][0] == best[0]:
                return None  # a tie is a guess, and a wrong suggestion misleads more than none
            return best[1] if choices is pool else lowered[best[1]]
    return None


def _scores(word: str, choices: list[str], cutoff: float) -> list[tuple[float, str]]:
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    scored = []
    for choice in choices:
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            ratio = matcher.ratio()
            if ratio >= cutoff:
                scored.append((ratio, choice))
    scored.sort(key=lambda pair: -pair[0])
    return scored


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.5) -> str | None:
    """A hint sentence in Chinese, or None."""
    match = nearest(word, candidates, cutoff)
    return f"您是不是想写“{match}”？" if match else None
