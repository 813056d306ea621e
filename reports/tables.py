"""Tables as data: the page renders them and the CSV download writes the very same cells, so a
downloaded figure can never differ from the one on screen (suppressed for board members)."""

from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from corporate_parenting import spreadsheets


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    head: tuple
    rows: tuple
    numeric: tuple = field(default=())  # indexes of numeric columns


def csv_response(table, *, filename_prefix):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(f"{filename_prefix}-{table.key}")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = spreadsheets.writer(response)
    writer.writerow(table.head)
    writer.writerows(table.rows)
    return response


def find_table(tables, key):
    return next((table for table in tables if table.key == key), None)


SHORT_LABEL = 12


def table_html(table):
    """The table as GOV.UK table markup, built in Python: a dashboard has hundreds of rows and
    the template engine is the slowest part of the page."""
    parts = [
        '<table class="govuk-table govuk-table--small-text-until-tablet">',
        f'<caption class="govuk-table__caption govuk-visually-hidden">{escape(table.caption)}'
        "</caption>",
        '<thead class="govuk-table__head"><tr class="govuk-table__row">',
    ]
    for index, cell in enumerate(table.head):
        numeric = " govuk-table__header--numeric" if index in table.numeric else ""
        parts.append(f'<th scope="col" class="govuk-table__header{numeric}">{escape(cell)}</th>')
    parts.append('</tr></thead><tbody class="govuk-table__body">')
    for row in table.rows:
        parts.append('<tr class="govuk-table__row">')
        for index, cell in enumerate(row):
            if index == 0:
                # A short label (a date such as "31 Dec 2025") is kept on one line.
                nowrap = " cpb-nowrap" if len(str(cell)) <= SHORT_LABEL else ""
                parts.append(
                    f'<th scope="row" class="govuk-table__header{nowrap}">{escape(cell)}</th>'
                )
            else:
                numeric = " govuk-table__cell--numeric" if index in table.numeric else ""
                parts.append(f'<td class="govuk-table__cell{numeric}">{escape(cell)}</td>')
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return mark_safe("".join(parts))  # noqa: S308 (every cell escaped above)
