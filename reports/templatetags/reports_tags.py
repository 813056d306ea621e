from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from reports import charts, tables

register = template.Library()


@register.simple_tag
def child_record_url(child_pk):
    """The child's record page, or "" while the children app has no such page."""
    try:
        return reverse("children:child_detail", args=[child_pk])
    except NoReverseMatch:
        return ""


@register.filter
def table_html(table):
    return tables.table_html(table)


@register.filter
def with_unit(number, unit):
    """A target or benchmark number with its indicator's unit: 9.00 -> "9%"."""
    from reports.figures import number_with_unit

    return number_with_unit(number, unit)


@register.filter
def chart_for_print(svg):
    """A chart SVG (built and escaped by reports.charts) with its text at print size."""
    return mark_safe(charts.for_print(str(svg)))  # noqa: S308 (reports.charts escapes its text)
