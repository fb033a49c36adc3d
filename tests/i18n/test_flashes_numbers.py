"""Flashes say what happened ("1 laporan kegiatan harian kini berstatus "Diajukan"", not "1
data diproses"); whole numbers carry thousands separators."""
from __future__ import annotations

import html as html_lib

from app.admin.values import EXPORT_FORMATTERS, whole_number


def _flashes(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def test_a_transition_flash_names_the_records_and_their_new_state(app, as_user, world):
    rid = world.reports["draft"]
    pegawai = as_user("pegawai")
    response = pegawai.post("/admin/activity_report/transition/submit/", {"id": rid},
                            follow_redirects=True)
    text = _flashes(response)
    assert '1 laporan kegiatan harian kini berstatus "Diajukan".' in text, text[-3000:]
    assert "data diproses" not in text
    again = pegawai.post("/admin/activity_report/transition/submit/", {"id": rid},
                         follow_redirects=True)
    assert "1 laporan kegiatan harian tidak diubah" in _flashes(again)


def test_whole_numbers_carry_thousands_separators_but_years_do_not(app):
    with app.test_request_context():
        assert whole_number(None, 1680, "duration_minutes") == "1.680"
        assert whole_number(None, 4200, "population") == "4.200"
        assert whole_number(None, 2026, "year") == "2026"
        assert whole_number(None, 2026, "cycle.year") == "2026"
        assert whole_number(None, 12345, "employee_id") == "12345"
    assert int not in EXPORT_FORMATTERS   # a spreadsheet gets numbers it can sum
