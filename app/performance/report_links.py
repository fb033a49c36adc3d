"""The "serves" choice of the daily report form: what the report serves, as modules offer it
through `Module.report_links()` (`app.core.hooks.ReportLink`; the appraisal plugin offers
the RHK of the author's approved SKP). The form holds "<link name>:<id>"; the pick is checked
against the link's own choices for the report's author and date, and the module stores it."""
from __future__ import annotations

from flask import request
from wtforms.validators import ValidationError

from app.auth.permissions import current_employee_id
from app.core.registry import registry
from app.i18n import _, local_today


def _links() -> dict:
    return registry().report_links


def choices(employee_id, day) -> list[tuple[str, str]]:
    """[("<link name>:<id>", label)] the author may pick for a report on `day` (also the
    offline report page's list, app.daily)."""
    if employee_id is None or day is None:
        return []
    return [(f"{name}:{key}", str(label)) for name, link in _links().items()
            for key, label in link.choices(employee_id, day)]


def offer(form, report) -> None:
    """Fill the form's choice for the report's author (the current user on a new report) and
    date; no module offers anything: no field."""
    if "serves" not in form:
        return
    links = _links()
    if not links:
        del form["serves"]
        return
    employee_id = report.employee_id if report is not None else current_employee_id()
    day = (form.date.data if "date" in form and form.date.data else None) or \
        (report.date if report is not None else local_today())
    form.serves.choices = [("", "–")] + choices(employee_id, day)
    if len(links) == 1:
        link = next(iter(links.values()))
        form.serves.label.text = str(link.label)
        form.serves.description = str(link.description or "")
    if request.method == "GET" and report is not None:
        form.serves.data = next((f"{name}:{current}" for name, link in links.items()
                                 if (current := link.current(report.id)) is not None), "")


def check(form, report) -> None:
    """The pick must be one the author may make for the report's date."""
    if "serves" not in form or not form.serves.data:
        return
    if form.serves.data not in dict(choices(report.employee_id or current_employee_id(),
                                             report.date)):
        raise ValidationError(_("Choose what the report serves from the list (e.g. an RHK of "
                                "your approved SKP for the report's year)."))


def save(form, report) -> bool:
    """Hand the pick to its module (and unlink the others); True when something was saved."""
    if "serves" not in form:
        return False
    chosen_name, _sep, chosen_id = (form.serves.data or "").partition(":")
    for name, link in _links().items():
        link.save(report, int(chosen_id) if name == chosen_name and chosen_id else None)
    return True


def served(report) -> list[str]:
    """Labels of what the report serves, for its page."""
    labels = dict(choices(report.employee_id, report.date))
    return [labels.get(f"{name}:{current}", f"#{current}") for name, link in _links().items()
            if (current := link.current(report.id)) is not None]
