"""QR codes as inline SVG: every page carries one for its online URL (扫一扫在手机打开当前页).

This runs once per page, so it is kept on segno's fastest path: a fixed mask pattern
(choosing the "best" of eight masks costs about 80% of segno's time, and every mask
is valid and scannable) and a run-length SVG path written here, which is several
times faster than segno's general-purpose SVG writer.
"""

from __future__ import annotations

import re

import segno
from markupsafe import Markup, escape

QUIET_ZONE = 2  # modules of white border; scanners read a screen QR well with 2
_RUN = re.compile(rb"\x01+")
# Mask 4 is as valid as any; a fixed choice skips segno's per-code mask evaluation.
_MASK = 4


def qr_svg(url: str, label: str = "") -> Markup:
    """The QR code of url as an inline <svg>, sized by CSS, dark modules on white."""
    code = segno.make_qr(url, error="l", boost_error=True, mask=_MASK)
    matrix = code.matrix
    size = len(matrix) + 2 * QUIET_ZONE
    parts = []
    for y, row in enumerate(matrix, QUIET_ZONE):
        for run in _RUN.finditer(row):
            start, end = run.span()
            parts.append(f"M{start + QUIET_ZONE} {y}h{end - start}v1h{start - end}z")
    name = escape(label or url)
    return Markup(
        f'<svg class="qr-code" viewBox="0 0 {size} {size}" role="img" aria-label="{name}" '
        f'shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(parts)}"/></svg>'
    )
