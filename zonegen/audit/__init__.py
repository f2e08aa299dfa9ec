"""`zonegen audit`: the county's inspection, run by the clerk before the inspector comes.

Data flow: build.check (load + validate) → Context (the zone as published on one day, its
working-day calendar) → each rule module → findings in report order → text, JSON or HTML.
The audit writes nothing; it reads the same loaded zone as `check`, so a zone with errors
is still audited wherever its records could be read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from zonegen.audit.applications import applications
from zonegen.audit.context import Context
from zonegen.audit.coverage import blank_columns, coverage, freshness
from zonegen.audit.expiry import expiry
from zonegen.audit.model import RULES, Audit, Finding
from zonegen.audit.reports import annual_reports
from zonegen.audit.stats import stats
from zonegen.audit.timeliness import interpretation, timeliness
from zonegen.diagnostics import Diagnostic
from zonegen.load import LoadedZone

_RULE_FUNCTIONS = (timeliness, coverage, blank_columns, freshness, interpretation, annual_reports, expiry, applications)


def run_audit(loaded: LoadedZone, diagnostics: list[Diagnostic], as_of: dt.date, site_dir: Path | None = None) -> Audit:
    """Every rule over the zone as of one day; diagnostics are what `check` found in it."""
    ctx = Context(loaded, as_of, diagnostics, site_dir)
    findings: list[Finding] = []
    for rule in _RULE_FUNCTIONS:
        findings.extend(rule(ctx))
    findings.sort(key=Finding.sort_key)
    return Audit(
        as_of=as_of,
        zone_name=loaded.zone.name,
        findings=findings,
        stats=stats(ctx),
        check_errors=sum(d.severity == "error" for d in diagnostics),
        check_warnings=sum(d.severity == "warning" for d in diagnostics),
    )


__all__ = ["RULES", "Audit", "Finding", "run_audit"]
