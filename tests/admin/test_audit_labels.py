"""The audit trail in words (issue 12): entity and field labels and formatted values instead
of table names, keys and codes; the record as stored stays on the event's page."""
from __future__ import annotations

import re

from sqlalchemy import select

from app.audit.labels import changes_rows, describe
from app.audit.models import AuditEvent
from app.extensions import db
from tests.admin.test_audit import events


def _cells(html: str) -> str:
    return " | ".join(re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html, re.S))


def test_a_transition_shows_the_data_and_the_state_labels(app, as_user, world):
    rid = world.reports["draft"]
    as_user("pegawai").post("/admin/activity_report/transition/submit/", {"id": rid})
    [event] = [e for e in events(app, entity="activity_report", entity_id=str(rid))
               if e.action == "transition"]
    hr = as_user("hr")
    listing = hr.get("/admin/audit/").get_data(as_text=True)
    cells = _cells(listing)
    assert "Laporan kegiatan harian" in cells
    assert "Draf → Diajukan" in cells and "Ajukan" in cells
    assert '"draft"' not in listing and ">activity_report<" not in listing
    # The record as stored, one click away: on the event's page.
    page = hr.get(f"/admin/audit/details/?id={event.id}").get_data(as_text=True)
    assert "Draf → Diajukan" in page
    raw = re.search(r"<pre[^>]*><code>(.*?)</code></pre>", page, re.S).group(1)
    assert "&#34;draft&#34;" in raw or '"draft"' in raw


def test_a_change_shows_field_labels_and_readable_values(app, as_user, world):
    hr = as_user("hr")
    response = hr.post("/admin/holiday/new/", data={"date": "28/11/2026", "name": "Hari uji",
                                                    "kind": "cuti_bersama"},
                       token_from="/admin/holiday/new/")
    assert response.status_code == 302
    with app.test_request_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.entity == "holiday")).one()
        rows = dict(changes_rows(event.entity, event.action, event.changes))
        assert describe("holiday").label() == "Hari libur"
    assert rows["Tanggal"] == "28 November 2026"
    assert rows["Jenis"] == "Cuti bersama" and rows["Nama"] == "Hari uji"
    html = hr.get("/admin/audit/").get_data(as_text=True)
    assert "cuti_bersama" not in _cells(html) and "2026-11-28" not in html


def test_tables_without_a_view_and_foreign_keys_read_as_words(app, world):
    """A plugin's table is named through the registry (`Module.audit_labels`); a table edited
    inline takes its labels from that inline form; a foreign key names its record."""
    with app.test_request_context():
        assert describe("appraisal_feedback").label() == "Umpan balik"
        feedback = dict(changes_rows("appraisal_feedback", "create", '{"behaviour": '
                                     '"berorientasi_pelayanan", "rhk_id": 999999}'))
        assert feedback == {"Perilaku": "Berorientasi Pelayanan", "RHK": "#999999"}
        transition = dict(changes_rows("workflow_transition", "create",
                                       '{"allow_self": false, "label": "Ajukan"}'))
        assert describe("workflow_transition").label() == "Perubahan status"
        assert set(transition.values()) == {"Tidak", "Ajukan"}
        assert "allow_self" not in transition
        unit_id = world.units[next(iter(world.units))]
        employee = dict(changes_rows("employee", "create", f'{{"unit_id": {unit_id}}}'))
        [(label, value)] = employee.items()
        assert label == "Unit kerja" and value.endswith(f"(#{unit_id})") and \
            not value.startswith("#")
