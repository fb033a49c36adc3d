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
from app.i18n import local_today
from app.org.tree import unit_tree
from app.performance.workflow import DRAFT, RETURNED, SUBMITTED, VERIFIED

REPORTS = "activity_report"


@dataclass
class Card:
    template: str
    context: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)   # {data-count key: number}

    def render(self) -> str:
        return render_template(self.template, counts=self.counts, **self.context)


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
    for unit in units:
        unit["links"] = {state: list_url(REPORTS, unit=unit["id"], status=state,
                                         date__between=between)
                         for state in queries.PERIOD_STATES}
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
    for person in staff:
        pid = person["id"]
        person["links"] = {
            "all": list_url(REPORTS, employee=pid),
            "pending": list_url(REPORTS, employee=pid, status=SUBMITTED),
            "today": list_url(REPORTS, employee=pid, date=today.isoformat(),
                              status__notequal=DRAFT),
            **{state: list_url(REPORTS, employee=pid, status=state, date__between=between)
               for state in queries.PERIOD_STATES}}
    counts = {"staff-pending": sum(p["pending"] for p in staff),
              "staff-not-reported": sum(1 for p in staff if not p["today"])}
    return Card("dashboard/supervisor.html", {
        "staff": staff, "period": period, "states": queries.PERIOD_STATES,
        "pending_url": list_url(REPORTS, status=SUBMITTED, staff_of=user.employee_id)}, counts)


def head_card(user) -> Card | None:
    """A head of unit sees the whole tree below the units they head."""
    if not user.has_role(SUPERVISOR, HR_ADMIN) or user.employee_id is None:
        return None
    units = queries.units()
    headed = [u.id for u in units if u.head_id == user.employee_id]
    if not headed:
        return None
    period, _offered = _period()
    today = local_today()
    between = periods.between(period)
    pairs = [(u.id, u.parent_id) for u in units]
    by_id = {u.id: u for u in units}
    rows, seen = [], set()
    for root in headed:
        if root in seen:
            continue   # (a unit below another unit this person heads)
        tree = unit_tree(root, pairs)
        seen.update(tree)
        depth = {root: 0}
        for unit_id in tree:
            parent = by_id[unit_id].parent_id
            depth.setdefault(unit_id, depth.get(parent, 0) + 1)
            rows.append({"id": unit_id, "name": by_id[unit_id].name, "depth": depth[unit_id],
                         "root": root})
    ids = [r["id"] for r in rows]
    figures = queries.unit_figures(ids, period.first, period.last, today)
    capaian = {c["unit_id"]: c for c in _capaian_rows(period.last.year, ids)}
    columns = [(column, column.values(ids))
               for column in registry().dashboard_unit_columns.values()]
    for row in rows:
        uid = row["id"]
        row.update(figures.get(uid, {}))
        row["capaian"] = capaian.get(uid)
        row["extra"] = [values.get(uid) for _column, values in columns]
        row["links"] = {
            "staff": list_url("employee", unit_id=uid, active=1),
            "not_reported": list_url("employee", unit_id=uid, active=1,
                                     not_reported_on=today.isoformat()),
            "pending": list_url(REPORTS, unit=uid, status=SUBMITTED),
            "verified": list_url(REPORTS, unit=uid, status=VERIFIED, date__between=between)}
    totals = {key: sum(r.get(key, 0) for r in rows)
              for key in ("staff", "not_reported", "pending", "verified")}
    roots = [r["id"] for r in rows if r["depth"] == 0]
    total_links = {
        "staff": [list_url("employee", unit_tree=r, active=1) for r in roots],
        "not_reported": [list_url("employee", unit_tree=r, active=1,
                                  not_reported_on=today.isoformat()) for r in roots],
        "pending": [list_url(REPORTS, unit_tree=r, status=SUBMITTED) for r in roots],
        "verified": [list_url(REPORTS, unit_tree=r, status=VERIFIED, date__between=between)
                     for r in roots]}
    counts = {f"tree-{k}": v for k, v in totals.items()}
    return Card("dashboard/head.html", {
        "rows": rows, "period": period, "columns": [c for c, _v in columns],
        "total_links": {k: v[0] for k, v in total_links.items()} if len(roots) == 1 else None},
        counts)


def employee_card(user) -> Card | None:
    if not user.has_role(EMPLOYEE, SUPERVISOR) or user.employee_id is None:
        return None
    me = user.employee_id
    monday, days = queries.own_week(me, local_today())
    for day in days:
        iso = day["date"].isoformat()
        day["links"] = {"count": list_url(REPORTS, employee=me, date=iso),
                        "verified": list_url(REPORTS, employee=me, date=iso, status=VERIFIED),
                        "returned": list_url(REPORTS, employee=me, date=iso, status=RETURNED)}
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
