"""The rows of a list page, rendered in one Python loop instead of Jinja blocks and macros.

Measured at 20 rows a page, Flask-Admin's template loop (a scoped block per row, a macro call
per row action, `url_for` per link, a new template context per call) cost more than the page's
SQL several times over. Here the row actions, which differ from row to row only by the record's
id and name, are rendered once per page by Flask-Admin's own macros (admin/model/row_actions.html) with
a placeholder id and name, and each row substitutes its own; the cells go through the view's
`get_list_value` exactly as in the template (formatters, type formatters, escaping).
"""
from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup, escape

# Stand for the record's id and name in the row actions rendered once per page: letters and
# underscores only, so URL quoting and HTML escaping leave them as they are.
ROW_ID = "__KINERJA_ROW_ID__"
ROW_NAME = "__KINERJA_ROW_NAME__"   # (the delete question names the record)
NAME_MAX = 80


@pass_context
def list_rows(context, data, actions_html, columns, with_checkbox: bool) -> Markup:
    """The `<tr>`s of the list: checkbox, row actions, then the `columns` ((name, label))."""
    view = context["admin_view"]
    select_title = escape(context["_gettext"]("Select record"))
    show_actions = view.column_display_actions
    actions_html = str(actions_html)
    cells = [(Markup('<td class="col-{}">').format(name), name) for name, _label in columns]
    out = []
    for row in data:
        pk = view.get_pk_value(row)
        # (an integer key: the same text in a URL and in HTML, see ROW_ID)
        key = str(int(pk))
        out.append("<tr>")
        if with_checkbox:
            out.append(f'<td><input type="checkbox" name="rowid" class="action-checkbox" '
                       f'value="{key}" title="{select_title}" /></td>')
        if show_actions:
            name = str(row)
            name = name if len(name) <= NAME_MAX else name[:NAME_MAX - 1] + "…"
            buttons = actions_html.replace(ROW_ID, key).replace(ROW_NAME, str(escape(name)))
            out.append(f'<td class="list-buttons-column">{buttons}</td>')
        for opening, name in cells:
            out.append(f"{opening}{escape(view.get_list_value(context, row, name))}</td>")
        out.append("</tr>\n")
    return Markup("".join(out))
