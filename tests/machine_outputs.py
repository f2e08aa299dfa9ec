"""Parse every machine-readable output of a built site, as a consumer of the open data would."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_outputs(out: Path) -> dict[str, Any]:
    """feed.xml, sitemap.xml, directory.json and every report JSON, parsed; fails on any that is not well-formed."""
    parsed: dict[str, Any] = {
        "feed.xml": ET.parse(out / "feed.xml").getroot(),
        "sitemap.xml": ET.parse(out / "sitemap.xml").getroot(),
    }
    for path in sorted(out.rglob("*.json")):  # directory.json and each annual report's open data
        parsed[path.relative_to(out).as_posix()] = json.loads(path.read_text(encoding="utf-8"))
    assert parsed["feed.xml"].tag == ATOM + "feed"
    assert parsed["sitemap.xml"].tag == SITEMAP + "urlset"
    assert isinstance(parsed["directory.json"], list)
    return parsed
