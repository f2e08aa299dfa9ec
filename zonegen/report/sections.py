"""A report body cut into its numbered sections (一…六), from the rendered HTML and from source."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>\n?", re.S)
_TAG = re.compile(r"<[^>]+>")
_NUMBERED = re.compile(r"^\s*([一二三四五六])\s*[、.．]")
_SPACE = re.compile(r"\s+")


@dataclass
class Body:
    """Prose before the first section, then each section's HTML without its heading."""

    preamble: str = ""
    sections: dict[str, str] = field(default_factory=dict)

    def text(self, numeral: str) -> str:
        return plain(self.sections.get(numeral, ""))


def plain(fragment: str) -> str:
    """The visible text of an HTML fragment, with whitespace collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def split_body(body_html: str) -> Body:
    """Split at the headings that number the sections; nested numbered headings stay inside.

    The section level is that of the first numbered heading, so a “### 一、…” list inside
    section 一 is not mistaken for a new section.
    """
    level = None
    cuts: list[tuple[int, int, str]] = []
    for match in _HEADING.finditer(body_html):
        numbered = _NUMBERED.match(plain(match.group(2)))
        if not numbered or (level is not None and match.group(1) != level):
            continue
        level = match.group(1)
        cuts.append((match.start(), match.end(), numbered.group(1)))
    if not cuts:
        return Body(preamble=body_html)
    result = Body(preamble=body_html[: cuts[0][0]])
    for index, (_start, end, numeral) in enumerate(cuts):
        stop = cuts[index + 1][0] if index + 1 < len(cuts) else len(body_html)
        # A numeral written twice keeps both parts, in order: nothing a clerk wrote is dropped.
        result.sections[numeral] = result.sections.get(numeral, "") + body_html[end:stop]
    return result


def heading_lines(headings: tuple[str, ...], lines: tuple[int, ...]) -> dict[str, int]:
    """Line of each numbered section heading (first occurrence), from a record's parsed headings."""
    found: dict[str, int] = {}
    for text, line in zip(headings, lines, strict=True):
        numbered = _NUMBERED.match(text)
        if numbered:
            found.setdefault(numbered.group(1), line)
    return found
