from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from meetings.models import SCHEDULE_12A_PARAGRAPHS

register = template.Library()


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def paragraph_text(number):
    return SCHEDULE_12A_PARAGRAPHS.get(number, "")


_ROW = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell cpb-nowrap">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell"><strong class="govuk-tag {}">{}</strong>{}</td>'
    "</tr>"
)


def _request_cell(row, exempt_allowed):
    if row.exempt:
        if not exempt_allowed:
            return "Exempt action (not for publication)"
        return format_html(
            '<a class="govuk-link" href="{}">Exempt action: open to read'
            '<span class="govuk-visually-hidden"> (raised {})</span></a>',
            row.url,
            row.raised,
        )
    response = (
        format_html(
            '<span class="govuk-body-s cpb-block govuk-!-margin-top-1">Response: {}</span>',
            row.response,
        )
        if row.response
        else ""
    )
    return format_html('<a class="govuk-link" href="{}">{}</a>{}', row.url, row.request, response)


def _figure_cells(row):
    if not row.indicator_code:
        return "", ""
    then = format_html(
        '{} <span class="govuk-body-s cpb-block">{}, {}</span>',
        row.figure_then,
        row.indicator_title,
        row.figure_then_as_at,
    )
    if not row.figure_now_url:
        return then, row.figure_now
    now = format_html(
        '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {} now</span></a>',
        row.figure_now_url,
        row.figure_now,
        row.indicator_title,
    )
    return then, now


@register.simple_tag
def action_table_rows(rows, exempt_allowed):
    """The rows of an action log, rendered in Python: a log can hold hundreds of actions and
    the template engine costs a millisecond a row."""
    html = []
    for row in rows:
        then, now = _figure_cells(row)
        closed = (
            format_html('<span class="govuk-body-s cpb-block">{}</span>', row.closed_on)
            if row.closed_on
            else ""
        )
        html.append(
            format_html(
                _ROW,
                row.raised,
                _request_cell(row, exempt_allowed),
                row.owner,
                row.due,
                then,
                now,
                row.status_class,
                row.status_label,
                closed,
            )
        )
    return mark_safe("".join(html))  # noqa: S308 - every part went through format_html


@register.filter
def govuk_time(value):
    """GOV.UK style times: 6pm, 10:30am, midday."""
    if value is None:
        return ""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"
