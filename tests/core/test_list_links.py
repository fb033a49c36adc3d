"""Links to filtered lists name their filters (`list_url(endpoint, status=...)`): reordering a
view's `column_filters` keeps the inbox, dashboard and cycle-health links working."""
import re

import pytest
from flask_admin.contrib.sqla.filters import FilterEqual

from app.admin.links import filter_positions, list_url


def _view(app, endpoint):
    return app.extensions["kinerja_registry"].admin_views[endpoint]


@pytest.fixture
def reordered(app):
    """The activity report list with its filters in the opposite order (as a later edit of
    `column_filters` might leave them)."""
    view = _view(app, "activity_report")
    cls = type(view)
    original = cls.column_filters
    cls.column_filters = [*reversed(original)]
    view.column_filters = cls.column_filters
    view._refresh_filters_cache()
    yield view
    cls.column_filters = view.column_filters = original
    view._refresh_filters_cache()


def _rows(page: str) -> set:
    return set(re.findall(r"Kegiatan (\w+)", page))


def test_inbox_and_dashboard_links_follow_reordered_filters(app, as_user, world, reordered):
    assert filter_positions(reordered)["status"] != 0     # the status filter moved
    atasan = as_user("atasan")
    inbox = atasan.get("/admin/inbox/").get_data(as_text=True)
    link = re.search(r'data-task="activity_report:verify">\d+</span>.*?<a href="([^"]+)"',
                     inbox, re.S).group(1).replace("&amp;", "&")
    assert f"_{filter_positions(reordered)['status']}=submitted" in link
    submitted = {"submitted", "p2_submitted", "atasan_own"}   # (in the supervisor's scope)
    assert _rows(atasan.get(link).get_data(as_text=True)) == submitted
    home = atasan.get("/admin/").get_data(as_text=True)
    staff_pending = re.search(r'href="(/admin/activity_report/\?[^"]+)" data-count="staff-pending"',
                              home).group(1)
    assert _rows(atasan.get(staff_pending.replace("&amp;", "&")).get_data(as_text=True)) == \
        submitted - {"atasan_own"}        # the staff's reports, not the supervisor's own


def test_names_resolve_per_view_and_unknown_names_fail_loudly(app):
    with app.test_request_context():
        url = list_url("appraisal_skp", status="submitted", unit_id=3, cycle_id=7)
        assert url == "/admin/appraisal_skp/?flt0_0=submitted&flt1_1=3&flt2_2=7"
        assert list_url("activity_report", **{"activity_report.status": "draft"}) == \
            list_url("activity_report", status="draft")
        with pytest.raises(LookupError, match="has no filter on 'colour'"):
            list_url("activity_report", colour="red")


def test_a_name_two_columns_share_must_be_qualified(app):
    from app.org.models import Employee, WorkUnit

    class View:
        _filters = [FilterEqual(Employee.name, "a"), FilterEqual(WorkUnit.name, "b")]

    positions = filter_positions(View)
    assert positions["name"] is None
    assert positions["employee.name"] == 0 and positions["work_unit.name"] == 1
