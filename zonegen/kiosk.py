"""The kiosk copy's pages: what changes when a zone is shown on a service-hall terminal.

A terminal has no network and hides its browser's buttons, so nothing on it may lead to a dead
end: a link to another website becomes its text with the address and a QR code to take away on
a phone; a link to an attachment opens the attachment's own kiosk page (with 返回), never a
download to the terminal's disk. The pages' 首页/返回 bar and the idle reset are in the theme.
"""

from __future__ import annotations

import html as htmllib
import re
from urllib.parse import quote, unquote

from markupsafe import Markup, escape

from zonegen.qr import qr_svg
from zonegen.site import viewer_path

# Attachments a kiosk browser shows itself; every other type gets a page with its QR code only.
SHOWN = {".pdf": "pdf", ".png": "image", ".jpg": "image", ".jpeg": "image", ".gif": "image", ".webp": "image"}

_ANCHOR = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.S)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_TAGS = re.compile(r"<[^>]+>")


def shown_as(path: str) -> str:
    """How the kiosk shows an attachment: "pdf", "image", or "" (a QR code to the online copy)."""
    dot = path.rfind(".")
    return SHOWN.get(path[dot:].lower(), "") if dot >= 0 else ""


def offline_link(label: Markup | str, url: str) -> Markup:
    """A link that cannot be followed on the terminal: its text, the address and a QR code to scan."""
    address = url.removeprefix("mailto:").removeprefix("tel:")
    return Markup(
        '<span class="offline-link"><span class="offline-label">{label}</span>'
        '<span class="offline-address">（{address}）</span>'
        '<span class="offline-qr">{qr}<span class="offline-hint">扫码在手机上打开</span></span></span>'
    ).format(label=label, address=address, qr=qr_svg(url, f"二维码：{address}"))


def kiosk_body(html: str, root: str, attachments: frozenset[str]) -> str:
    """A body for the kiosk: links to attachments open their kiosk page, links to other sites become text + QR.

    `attachments` are the output paths (percent-encoded, as links write them) of published attachments.
    """

    def relink(match: re.Match[str]) -> str:
        href = htmllib.unescape(match.group(1))
        scheme = _SCHEME.match(href)
        if scheme:
            label = Markup(match.group(2)) if _TAGS.sub("", match.group(2)).strip() else escape(href)
            return str(offline_link(label, href))
        path, _, _fragment = href.removeprefix(root).partition("#")
        if path in attachments:
            target = root + quote(viewer_path(unquote(path)))
            return match.group(0).replace(f'href="{match.group(1)}"', f'href="{htmllib.escape(target)}"', 1)
        return match.group(0)

    return _ANCHOR.sub(relink, html) if "<a" in html else html
