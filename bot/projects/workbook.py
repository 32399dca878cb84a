"""The coordinator's workbook of reports (overdue, waiting): one row a report, loaded on use."""

from __future__ import annotations

from datetime import date

from bot.core.catalogue import Catalogue
from bot.core.i18n import Translator
from bot.core.regions import region_by_code
from bot.documents.exports import DATE_FORMAT, MONEY_FORMAT, Cell, table_workbook
from storage.projects import Listed


def reports_workbook(
    rows: list[Listed], catalogue: Catalogue, today: date, l10n: Translator
) -> bytes:
    headers = [
        l10n("project-xlsx-person"),
        l10n("project-xlsx-program"),
        l10n("project-xlsx-region"),
        l10n("project-xlsx-title"),
        l10n("project-xlsx-amount"),
        l10n("project-xlsx-n"),
        l10n("project-xlsx-due"),
        l10n("project-xlsx-days-late"),
        l10n("project-xlsx-status"),
        l10n("project-xlsx-people"),
        l10n("project-xlsx-spent"),
        l10n("project-xlsx-jobs"),
    ]

    def cells(item: Listed) -> list[Cell]:
        project, report = item.project, item.report
        program = catalogue.get(project.program)
        region = region_by_code(project.region)
        late = (today - report.due_on).days if report.status in ("due", "returned") else 0
        return [
            (item.name, None),
            (program.name(l10n.locale) if program else project.program, None),
            (region.name(l10n.locale) if region else None, None),
            (project.title, None),
            (project.amount, MONEY_FORMAT),
            (report.n, None),
            (report.due_on, DATE_FORMAT),
            (max(late, 0), None),
            (l10n("project-status", status=report.status), None),
            (report.people_reached, None),
            (report.spent, MONEY_FORMAT),
            (report.jobs, None),
        ]

    return table_workbook(l10n("project-xlsx-sheet"), headers, (cells(r) for r in rows))
