"""Annual reports (政府信息公开工作年度报告) in the national format of 2021.

Data flow: figures.py reads a record's maps (with positions) → normative.py and
applications.py compute what the zone itself knows → model.py resolves every figure →
checks.py reports what does not add up → view.py / export.py shape it for pages and JSON.
"""

from zonegen.report.collect import ZoneReports, check_reports, is_report
from zonegen.report.model import Report

__all__ = ["Report", "ZoneReports", "check_reports", "is_report"]
