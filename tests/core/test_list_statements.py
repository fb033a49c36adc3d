"""List pages run a fixed number of SQL statements (issue 16): at most two besides the two
that load the user, at page size 20, at page size 100 and on a far page, for HR and for a
supervisor. Custom fields, workflow definitions, holidays and the unit tree are read once per
process (app.core.configcache) and re-read when the configuration version changes."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.core import configcache
from app.customfields.models import CustomField, CustomValue
from app.customfields.views import fields_for
from app.extensions import db
from app.org.models import Employee, WorkUnit
from app.performance.models import ActivityReport
from tests.fixtures.statements import LIST_STATEMENTS, USER_STATEMENTS, list_page
from tests.fixtures.world import employee

PAGES = ["", "?page_size=100", "?page=2"]   # (page 3 of 20: beyond 45 rows' second page)
LISTS = ["/admin/activity_report/", "/admin/employee/", "/admin/audit/"]


@pytest.fixture
def many(app, world):
    """45 more employees under `atasan`, two reports each, and a custom field shown in the
    report list with a value on every report (so its values are read too)."""
    with app.app_context():
        unit = db.session.get(WorkUnit, world.units["dpm"])
        boss = db.session.get(Employee, world.people["atasan"])
        field = CustomField(entity="activity_report", code="lokasi", label="Lokasi",
                            field_type="text", show_in_list=True)
        db.session.add(field)
        for n in range(45):
            person = employee(f"Pegawai Banyak {n}", unit, boss)
            for day in range(2):
                report = ActivityReport(employee=person, date=date.today() - timedelta(days=day),
                                        description=f"Kegiatan {n}-{day}", duration_minutes=30,
                                        status="submitted")
                db.session.add(report)
                db.session.flush()
                db.session.add(CustomValue(field_id=field.id, record_id=report.id,
                                           value_text="Manokwari"))
        db.session.commit()
    return world


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("query", PAGES)
def test_hr_lists_run_at_most_two_statements(app, many, as_user, url, query):
    rows, seen = list_page(app, as_user("hr"), url + query)
    assert len(seen) - USER_STATEMENTS <= LIST_STATEMENTS, seen
    if query == "?page_size=100" and url != "/admin/audit/":
        assert rows > 20   # a page of more than 20 rows: no statement per row


@pytest.mark.parametrize("url", LISTS[:2])
@pytest.mark.parametrize("query", PAGES + ["?flt1_0=submitted"])
def test_supervisor_lists_run_at_most_two_statements(app, many, as_user, url, query):
    rows, seen = list_page(app, as_user("atasan"), url + query)
    assert len(seen) - USER_STATEMENTS <= LIST_STATEMENTS, seen
    if query == "?page_size=100":
        assert rows > 20


def test_custom_field_values_show_in_the_list(app, many, as_user):
    body = as_user("hr").get("/admin/activity_report/").get_data(as_text=True)
    assert "Lokasi" in body and "Manokwari" in body


def test_a_change_of_configuration_shows_on_the_next_page(app, many, as_user):
    hr = as_user("hr")
    hr.get("/admin/activity_report/")          # cached in the process
    with app.app_context():
        before = configcache.current()
        field = db.session.scalar(select(CustomField).where(CustomField.code == "lokasi"))
        field.label = "Tempat kegiatan"
        db.session.commit()                   # another "worker" changes it
        assert configcache.current() != before
    body = hr.get("/admin/activity_report/").get_data(as_text=True)
    assert "Tempat kegiatan" in body and ">Lokasi<" not in body


def test_a_rolled_back_change_never_reaches_the_cache(app, many, ctx):
    fields = [f.label for f in fields_for("activity_report")]
    field = db.session.scalar(select(CustomField).where(CustomField.code == "lokasi"))
    field.label = "Dibatalkan"
    db.session.flush()                        # the version changes in this transaction ...
    db.session.rollback()                     # ... and is undone
    assert [f.label for f in fields_for("activity_report")] == fields
    field = db.session.scalar(select(CustomField).where(CustomField.code == "lokasi"))
    field.label = "Lokasi baru"
    db.session.commit()   # a later change gets a new token, never the rolled-back one
    assert [f.label for f in fields_for("activity_report")] == ["Lokasi baru"]


def test_snapshots_are_read_only(app, many, ctx):
    with pytest.raises(AttributeError):
        fields_for("activity_report")[0].label = "x"
