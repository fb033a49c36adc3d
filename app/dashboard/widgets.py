"""The dashboard's cards per role (HR, supervisor, head of unit, employee) and the period
selector. Each card is a `Card`: its template, what the template shows, and `counts`, the
numbers the page refreshes every minute from `/admin/dashboard/counters` (app.dashboard.views).
Every number links to the list it counts, filtered the same way (`app.admin.links.list_url`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, request

from app.admin.links import list_url
from app.core.registry import registry
from app.core.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.dashboard import periods, queries
from app.i18n import fmt_number, local_today
from app.org.tree import unit_tree
from app.performance.workflow import DRAFT, RETURNED, SUBMITTED, VERIFIED

REPORTS = "activity_report"
ROW = "__row__"   # the placeholder of a row's own value in a link (see _links)


@dataclass
class Card:
    template: str
    context: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)   # {data-count key: number}

    def render(self) -> str:
        return render_template(self.template, counts=self.counts, n=_formatter(), **self.context)


def _formatter():
    """`fmt_number`, remembered per value for one card (a 200-person table repeats a few small
    numbers a thousand times; Babel takes half a millisecond each)."""
    seen: dict = {}

    def n(value):
        if value not in seen:
            seen[value] = fmt_number(value)
        return seen[value]
    return n


def _links(endpoint: str, **filters):
    """`list_url` with a hole for one value per row: `_links(..., employee=ROW)(7)`. Built once
    per column, not once per row and column (a thousand links on a large team's card)."""
    url = list_url(endpoint, **filters)
    return lambda value: url.replace(ROW, str(value))


def _period():
    return periods.selected(request.args.get("period"))


def _capaian_rows(year: int, unit_ids=None) -> list[dict]:
    return [{"unit_id": unit_id, "name": name, "value": value,
             "colour": queries.band_colour(value),
             "url": list_url("agreement", year=year, name__equal=name)}
            for unit_id, name, value in queries.capaian_per_unit(year, unit_ids)]


def hr_card(user) -> Card | None:
    if not user.has_role(HR_ADMIN, AUDITOR):
        return None
    period, _offered = _period()
    today = local_today()
    between = periods.between(period)
    counts = {f"hr-{k}": v for k, v in queries.hr_counts(today).items()}
    links = {"hr-employees": list_url("employee", active=1),
             "hr-units": list_url("work_unit", active=1),
             "hr-submitted_today": list_url(REPORTS, date=today.isoformat(),
                                            status__notequal=DRAFT),
             "hr-pending": list_url(REPORTS, status=SUBMITTED)}
    units = queries.per_unit(period.first, period.last)
    per_state = {state: _links(REPORTS, unit=ROW, status=state, date__between=between)
                 for state in queries.PERIOD_STATES}
    for unit in units:
        unit["links"] = {state: link(unit["id"]) for state, link in per_state.items()}
    return Card("dashboard/hr.html", {"links": links, "units": units, "period": period,
                                      "states": queries.PERIOD_STATES,
                                      "capaian": _capaian_rows(period.last.year)}, counts)


def supervisor_card(user) -> Card | None:
    if not user.has_role(SUPERVISOR) or user.employee_id is None:
        return None
    period, _offered = _period()
    today = local_today()
    between = periods.between(period)
    staff = queries.staff(user.employee_id, period.first, period.last, today)
    columns = {"all": _links(REPORTS, employee=ROW),
               "pending": _links(REPORTS, employee=ROW, status=SUBMITTED),
               "today": _links(REPORTS, employee=ROW, date=today.isoformat(),
                               status__notequal=DRAFT),
               **{state: _links(REPORTS, employee=ROW, status=state, date__between=between)
                  for state in queries.PERIOD_STATES}}
    for person in staff:
        person["links"] = {key: link(person["id"]) for key, link in columns.items()}
    counts = {"staff-pending": sum(p["pending"] for p in staff),
              "staff-not-reported": sum(1 for p in staff if not p["today"])}
    return Card("dashboard/supervisor.html", {
        "staff": staff, "period": period, "states": queries.PERIOD_STATES,
        "pending_url": list_url(REPORTS, status=SUBMITTED, staff_of=user.employee_id)}, counts)


def head_card(user) -> Card | None:
    """A head of unit sees the whole tree below the units they head."""
    if not user.has_role(SUPERVISOR, HR_ADMIN) or user.employee_id is None:
        return None
    period, _offered = _period()
    today = local_today()
    between = periods.between(period)
    found = queries.unit_tree_figures(user.employee_id, period.first, period.last, today)
    if not found:
        return None
    by_id = {u.id: u for u in found}
    pairs = [(u.id, u.parent_id) for u in found]
    rows, seen = [], set()
    for root in (u.id for u in found if u.parent_id not in by_id):
        depth = {root: 0}
        for unit_id in unit_tree(root, pairs):
            if unit_id in seen:
                continue
            seen.add(unit_id)
            unit = by_id[unit_id]
            depth.setdefault(unit_id, depth.get(unit.parent_id, 0) + 1)
            rows.append({"id": unit_id, "name": unit.name, "depth": depth[unit_id],
                         "staff": unit.staff, "not_reported": unit.staff - int(unit.reported),
                         "pending": int(unit.pending), "verified": int(unit.verified)})
    ids = [r["id"] for r in rows]
    capaian = {c["unit_id"]: c for c in _capaian_rows(period.last.year, ids)}
    columns = [(column, column.values(ids))
               for column in registry().dashboard_unit_columns.values()]
    per_unit = {
        "staff": _links("employee", unit_id=ROW, active=1),
        "not_reported": _links("employee", unit_id=ROW, active=1,
                               not_reported_on=today.isoformat()),
        "pending": _links(REPORTS, unit=ROW, status=SUBMITTED),
        "verified": _links(REPORTS, unit=ROW, status=VERIFIED, date__between=between)}
    for row in rows:
        uid = row["id"]
        row["capaian"] = capaian.get(uid)
        row["extra"] = [values.get(uid) for _column, values in columns]
        row["links"] = {key: link(uid) for key, link in per_unit.items()}
    roots = [r["id"] for r in rows if r["depth"] == 0]
    totals = {key: sum(r[key] for r in rows)
              for key in ("staff", "not_reported", "pending", "verified")}
    # One tree: its totals link to the lists of the whole tree ("unit and below").
    total_links = {
        "staff": list_url("employee", unit_tree=roots[0], active=1),
        "not_reported": list_url("employee", unit_tree=roots[0], active=1,
                                 not_reported_on=today.isoformat()),
        "pending": list_url(REPORTS, unit_tree=roots[0], status=SUBMITTED),
        "verified": list_url(REPORTS, unit_tree=roots[0], status=VERIFIED,
                             date__between=between)} if len(roots) == 1 else None
    return Card("dashboard/head.html", {
        "rows": rows, "period": period, "columns": [c for c, _v in columns],
        "total_links": total_links}, {f"tree-{k}": v for k, v in totals.items()})


def employee_card(user) -> Card | None:
    if not user.has_role(EMPLOYEE, SUPERVISOR) or user.employee_id is None:
        return None
    me = user.employee_id
    monday, days = queries.own_week(me, local_today())
    columns = {"count": _links(REPORTS, employee=me, date=ROW),
               "verified": _links(REPORTS, employee=me, date=ROW, status=VERIFIED),
               "returned": _links(REPORTS, employee=me, date=ROW, status=RETURNED)}
    for day in days:
        day["links"] = {key: link(day["date"].isoformat()) for key, link in columns.items()}
    return Card("dashboard/employee.html", {"monday": monday, "days": days,
                                            "total": sum(d["minutes"] for d in days)},
                {"own-week": sum(d["count"] for d in days)})


CARDS = {"hr": hr_card, "head": head_card, "supervisor": supervisor_card,
         "employee": employee_card}


def period_selector(user) -> str | None:
    """The period form above the cards, for whoever sees one of them."""
    if not any(card_applies(user, name) for name in ("hr", "supervisor")):
        return None
    period, offered = _period()
    return render_template("dashboard/period.html", period=period, offered=offered)


def card_applies(user, name: str) -> bool:
    if name == "hr":
        return user.has_role(HR_ADMIN, AUDITOR)
    return user.has_role(SUPERVISOR) and user.employee_id is not None


def widget(name: str):
    """The `render(user)` of a `hooks.Widget` for the card `name`."""
    def render(user):
        card = CARDS[name](user)
        return card.render() if card else None
    return render


def all_counts(user) -> dict:
    """Every refreshable number of the user's cards: {data-count key: number}."""
    result = {}
    for build in CARDS.values():
        card = build(user)
        if card:
            result.update(card.counts)
    return result
