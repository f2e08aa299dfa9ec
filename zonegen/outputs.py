"""Machine-readable outputs: sitemap.xml, feed.xml (Atom) and directory.json (open data).

Each is written by a serializer (ElementTree, json), never by pasting strings: a column
titled 通知公告"三公"经费 once made feed.xml unparseable. Characters XML 1.0 cannot carry
(control characters pasted into a body reach summaries) are dropped from XML text.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

from zonegen.site import Site
from zonegen.views import Views

FEED_SIZE = 50
_ATOM = "http://www.w3.org/2005/Atom"
_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
# XML 1.0 § 2.2 Char: everything else is not well-formed, even as a character reference.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """value without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", value)


def _child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _document(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def sitemap(site: Site) -> str:
    base = site.zone.base_url
    root = ET.Element("urlset", {"xmlns": _SITEMAP})
    for page in site.pages:
        url = _child(root, "url")
        _child(url, "loc", base + quote(page.path))
        if page.kind == "record":
            _child(url, "lastmod", site.records[page.record].published.isoformat())
    return _document(root)


def feed(site: Site, views: Views) -> str:
    base = site.zone.base_url
    newest = site.records[:FEED_SIZE]
    updated = f"{newest[0].published.isoformat()}T00:00:00+08:00" if newest else "1970-01-01T00:00:00+08:00"
    root = ET.Element("feed", {"xmlns": _ATOM, "xml:lang": "zh-CN"})
    _child(root, "title", site.zone.title)
    _child(root, "link", href=base)
    _child(root, "link", rel="self", href=base + "feed.xml")
    _child(root, "id", base)
    _child(root, "updated", updated)
    _child(_child(root, "author"), "name", site.zone.name)
    for index, record in enumerate(newest):
        url = base + site.record_url(record)
        stamp = f"{record.published.isoformat()}T00:00:00+08:00"
        entry = _child(root, "entry")
        _child(entry, "title", record.title)
        _child(entry, "link", href=url)
        _child(entry, "id", url)
        _child(entry, "updated", stamp)
        _child(entry, "published", stamp)
        _child(entry, "category", term=views.record(index).node.title)
        _child(entry, "summary", record.summary)
    return _document(root)


def directory(site: Site, views: Views) -> str:
    """The 政府信息公开目录 as open data, in the site's order (newest first)."""
    entries = []
    for index, record in enumerate(site.records):
        entries.append(
            {
                "index_no": record.index_no,
                "title": record.title,
                "url": site.record_url(record),
                "created": record.created.isoformat(),
                "published": record.published.isoformat(),
                "node": record.node,
                "kind": record.kind,
                "doc_no": record.doc_no,
                "summary": record.summary,
                "publisher": record.publisher,
                "validity": record.validity,
                "repealed": record.repealed.isoformat() if record.repealed else "",
                "topic": record.topic,
                "keywords": list(record.keywords),
                "category": views.category(record),
                "attachments": [a.file for a in views.attachments(index)],
            }
        )
    return json.dumps(entries, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
