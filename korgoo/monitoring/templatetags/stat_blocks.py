"""Every monitoring table and chart, on the dashboard, the courts, health and returns pages and in the
PDF report, written in Python: a coordinator's dashboard has tens of tables and hundreds of figures,
and each one through the template engine cost more than everything else on the page. Every value
goes through `format_html`, which escapes it."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ..charts import Chart
from ..selectors import TableData

register = template.Library()


def _joined(parts: Iterable[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


@register.simple_tag
def stat_table(table: TableData) -> SafeString:
    parts = [
        format_html(
            '<div class="table-wrap"><table class="stats" data-testid="table-{}">\n<caption>{}</caption>\n'
            '<thead><tr><th scope="col"><span class="visually-hidden">{}</span></th>{}</tr></thead>\n<tbody>\n',
            table.name,
            table.title,
            _("Row"),
            format_html_join("", '<th scope="col">{}</th>', ((column,) for column in table.columns)),
        )
    ]
    for row in table.rows:
        css = ("total" if row.total else "") + (" selected" if row.selected else "")
        parts.append(
            format_html(
                '<tr class="{}" data-key="{}"><th scope="row">{}</th>{}</tr>\n',
                css,
                row.key,
                row.label,
                format_html_join(
                    "",
                    '<td class="{}">{}</td>',
                    (("hidden" if f.hidden else "", str(f)) for f in row.figures),
                ),
            )
        )
    if not table.rows:
        parts.append(
            format_html(
                '<tr><td colspan="{}" class="text">{}</td></tr>',
                len(table.columns) + 1,
                _("Nothing in this period."),
            )
        )
    parts.append(
        format_html(
            "\n</tbody>\n</table></div>\n{}\n",
            format_html_join("", '<p class="hint">{}</p>', ((note,) for note in table.notes)),
        )
    )
    return _joined(parts)


@register.simple_tag
def stat_chart(chart: Chart) -> SafeString:
    c = chart
    columns = c.kind == "columns"
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{}" viewBox="0 0 {} {}" width="{}" '
            'height="{}" role="img" aria-labelledby="{}-title" '
            'font-family="DejaVu Sans, Noto Sans, system-ui, sans-serif">\n<title id="{}-title">{}</title>\n',
            c.kind,
            c.width,
            c.height,
            c.width,
            c.height,
            c.ident,
            c.ident,
            c.title,
        )
    ]
    if columns:
        parts.append(
            format_html(
                '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
                c.baseline_y,
                c.width,
                c.baseline_y,
                c.muted,
            )
        )
    parts.append(format_html("{}", "\n"))
    for bar in c.bars:
        if not columns:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="13" fill="{}">{}</text>\n',
                    bar.label_x,
                    bar.label_y,
                    c.ink,
                    bar.label,
                )
            )
        if bar.hidden:
            rect = (
                '<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{}" stroke-dasharray="3 2"/>'
            )
            parts.append(format_html(rect, bar.x, bar.y, bar.width, bar.height, c.muted))
        else:
            rect = '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            parts.append(format_html(rect, bar.x, bar.y, bar.width, bar.height, c.colour))
        value = (
            '\n<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="{}">{}</text>\n'
            if columns
            else '\n<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="{}" dominant-baseline="auto">{}</text>\n'
        )
        parts.append(
            format_html(
                value,
                bar.value_x,
                bar.value_y,
                "11" if columns else "13",
                c.muted if bar.hidden else c.ink,
                bar.anchor,
                bar.value_text,
            )
        )
        if columns:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11" fill="{}" text-anchor="middle">{}</text>\n',
                    bar.label_x,
                    bar.label_y,
                    c.muted,
                    bar.label,
                )
            )
    caption = (
        format_html(
            '<text x="{}" y="{}" font-size="10" fill="{}" text-anchor="end">{}</text>',
            c.width,
            int(c.height) - 4,
            c.muted,
            c.caption,
        )
        if c.caption
        else ""
    )
    parts.append(format_html("\n{}\n</svg>\n", caption))
    return _joined(parts)
