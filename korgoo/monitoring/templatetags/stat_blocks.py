"""The dashboard's tables and charts written in Python: a coordinator's dashboard has tens of tables
and hundreds of figures, and each one through the template engine cost more than everything else on
the page. The markup is exactly that of `monitoring/_table.html` and `monitoring/_chart.svg.html`
(which the other pages and the PDF keep using); a test compares the two, block by block."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..charts import Chart
from ..selectors import TableData

register = template.Library()


@register.simple_tag
def stat_table(table: TableData) -> SafeString:
    parts = [
        f'<div class="table-wrap"><table class="stats" data-testid="table-{esc(table.name)}">\n'
        f"<caption>{esc(table.title)}</caption>\n"
        f'<thead><tr><th scope="col"><span class="visually-hidden">{esc(_("Row"))}</span></th>',
        *(f'<th scope="col">{esc(column)}</th>' for column in table.columns),
        "</tr></thead>\n<tbody>\n",
    ]
    for row in table.rows:
        css = ("total" if row.total else "") + (" selected" if row.selected else "")
        parts.append(f'<tr class="{css}" data-key="{esc(row.key)}"><th scope="row">{esc(row.label)}</th>')
        parts += [f'<td class="{"hidden" if f.hidden else ""}">{esc(str(f))}</td>' for f in row.figures]
        parts.append("</tr>\n")
    if not table.rows:
        nothing = esc(_("Nothing in this period."))
        parts.append(f'<tr><td colspan="{len(table.columns) + 1}" class="text">{nothing}</td></tr>')
    parts.append("\n</tbody>\n</table></div>\n")
    parts += [f'<p class="hint">{esc(note)}</p>' for note in table.notes]
    return mark_safe("".join(parts) + "\n")  # noqa: S308 - every value above is escaped


@register.simple_tag
def stat_chart(chart: Chart) -> SafeString:
    c = chart
    columns = c.kind == "columns"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{esc(c.kind)}" viewBox="0 0 {c.width} '
        f'{c.height}" width="{c.width}" height="{c.height}" role="img" aria-labelledby="{esc(c.ident)}-title" '
        'font-family="DejaVu Sans, Noto Sans, system-ui, sans-serif">\n'
        f'<title id="{esc(c.ident)}-title">{esc(c.title)}</title>\n'
    ]
    if columns:
        parts.append(
            f'<line x1="0" y1="{c.baseline_y}" x2="{c.width}" y2="{c.baseline_y}" stroke="{esc(c.muted)}" '
            'stroke-width="1"/>'
        )
    parts.append("\n")
    for bar in c.bars:
        if c.kind == "bars":
            parts.append(
                f'<text x="{bar.label_x}" y="{bar.label_y}" font-size="13" fill="{esc(c.ink)}">'
                f"{esc(bar.label)}</text>\n"
            )
        box = f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}" '
        if bar.hidden:
            parts.append(box + f'fill="none" stroke="{esc(c.muted)}" stroke-dasharray="3 2"/>')
        else:
            parts.append(box + f'fill="{esc(c.colour)}"/>')
        parts.append(
            f'\n<text x="{bar.value_x}" y="{bar.value_y}" font-size="{"11" if columns else "13"}" '
            f'fill="{esc(c.muted if bar.hidden else c.ink)}" text-anchor="{esc(bar.anchor)}"'
            f"{'' if columns else ' dominant-baseline=' + chr(34) + 'auto' + chr(34)}>{esc(bar.value_text)}</text>\n"
        )
        if columns:
            parts.append(
                f'<text x="{bar.label_x}" y="{bar.label_y}" font-size="11" fill="{esc(c.muted)}" '
                f'text-anchor="middle">{esc(bar.label)}</text>\n'
            )
    parts.append("\n")
    if c.caption:
        parts.append(
            f'<text x="{c.width}" y="{int(c.height) - 4}" font-size="10" fill="{esc(c.muted)}" '
            f'text-anchor="end">{esc(c.caption)}</text>'
        )
    parts.append("\n</svg>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
