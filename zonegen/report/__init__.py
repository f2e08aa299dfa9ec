"""Annual reports (政府信息公开工作年度报告), each year in its national format (2019 or 2021).

Data flow: schema.py declares both layouts; figures.py reads a record's maps in its year's layout
(with positions from the parsed record) → normative.py and
applications.py compute what the zone itself knows → model.py resolves every figure →
checks.py reports what does not add up → view.py / export.py shape it for pages and JSON.
collect.py does all of it once, in validate(); the site carries the result to render.
"""

from zonegen.report.collect import ZoneReports, check_reports, is_report
from zonegen.report.model import Report

__all__ = ["Report", "ZoneReports", "check_reports", "is_report"]
