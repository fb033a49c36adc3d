"""Lost updates on the evaluation page: two tabs rate one evaluation; the second save, drawn
from the older version, changes nothing and says who changed the evaluation and when. Any part
of a save (ratings, feedback, realisasi) makes a new version; one save alone still works."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from plugins.appraisal import rules
from plugins.appraisal.models import Evaluation, Feedback
from plugins.appraisal.tests.test_evaluation import BASE, _plan, _start
from tests.admin.helpers import snapshot
from tests.admin.lostupd_forms import RELOAD, STALE, read_form, stale_refusal


def _state(app, evaluation_id) -> tuple:
    with app.app_context():
        row = db.session.get(Evaluation, evaluation_id)
        feedback = {(f.rhk_id, f.behaviour): f.text for f in db.session.scalars(
            select(Feedback).where(Feedback.evaluation_id == evaluation_id))}
        return row.hasil_kerja, row.perilaku, row.predikat, row.version, feedback


def _tab(client, evaluation_id, form="assessment-form"):
    return read_form(client.get(f"{BASE}/details/?id={evaluation_id}"), marker=form)


def _fill(form, values: dict) -> None:
    for name, value in values.items():
        form[name] = value     # (MultiDict.update would add a second value)


def _refused(app, client, evaluation_id, url, form) -> tuple:
    before = snapshot(app)
    response = client.http.post(url, data=form)
    assert response.status_code == 302
    assert snapshot(app) == before
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert RELOAD in page and f'details/?id={evaluation_id}" data-reload' in page
    assert stale_refusal(client.get(f"{BASE}/details/?id={evaluation_id}")) is None  # (once)
    return STALE.search(page).groups()


def test_two_tabs_rating_one_evaluation(app, world, as_user):
    plan = _plan(app, world)
    evaluation_id = _start(as_user("pegawai"), plan, 1)
    atasan = as_user("atasan")
    tab1, tab2 = _tab(atasan, evaluation_id), _tab(atasan, evaluation_id)
    assert tab1["version"] == tab2["version"] == str(_state(app, evaluation_id)[3])
    assert {"hasil_kerja", "perilaku", f"rhk-{plan.main}"} <= set(tab1)

    _fill(tab1, {"hasil_kerja": rules.DI_ATAS, "perilaku": rules.SESUAI,
                 f"rhk-{plan.main}": "Verifikasi konsisten."})
    assert atasan.http.post(f"{BASE}/assessment/", data=tab1).status_code == 302
    first = _state(app, evaluation_id)
    assert first[:3] == (rules.DI_ATAS, rules.SESUAI, rules.predikat(rules.DI_ATAS,
                                                                      rules.SESUAI))
    assert first[3] == int(tab1["version"]) + 1

    _fill(tab2, {"hasil_kerja": rules.DI_BAWAH, "perilaku": rules.DI_BAWAH,
                 f"rhk-{plan.main}": "Perlu perbaikan."})
    who, when = _refused(app, atasan, evaluation_id, f"{BASE}/assessment/", tab2)
    assert who == "atasan" and when.endswith("WIT")
    assert _state(app, evaluation_id) == first


def test_a_feedback_only_save_is_a_new_version_too(app, world, as_user):
    plan = _plan(app, world)
    evaluation_id = _start(as_user("pegawai"), plan, 1)
    atasan = as_user("atasan")
    tab1, tab2 = _tab(atasan, evaluation_id), _tab(atasan, evaluation_id)
    tab1["behaviour-kolaboratif"] = "Aktif berbagi data."
    assert atasan.http.post(f"{BASE}/assessment/", data=tab1).status_code == 302
    first = _state(app, evaluation_id)
    assert first[4] == {(None, "kolaboratif"): "Aktif berbagi data."}
    assert first[3] == int(tab1["version"]) + 1

    tab2["behaviour-kolaboratif"] = "Kurang berbagi."
    tab2["hasil_kerja"] = rules.SESUAI
    assert _refused(app, atasan, evaluation_id, f"{BASE}/assessment/", tab2)[0] == "atasan"
    assert _state(app, evaluation_id) == first

    # One save from the current page works.
    tab3 = _tab(atasan, evaluation_id)
    assert tab3["behaviour-kolaboratif"] == "Aktif berbagi data."
    tab3["hasil_kerja"] = rules.SESUAI
    assert atasan.http.post(f"{BASE}/assessment/", data=tab3).status_code == 302
    assert _state(app, evaluation_id)[0] == rules.SESUAI
    assert _state(app, evaluation_id)[3] == first[3] + 1


def test_the_appraiser_rates_a_page_older_than_the_realisasi(app, world, as_user):
    """The employee saved new realisasi after the appraiser opened the page: the appraiser's
    ratings would judge what they have not seen."""
    plan = _plan(app, world)
    pegawai, atasan = as_user("pegawai"), as_user("atasan")
    evaluation_id = _start(pegawai, plan, 1)
    rating = _tab(atasan, evaluation_id)
    realisation = _tab(pegawai, evaluation_id, "realisation-form")
    realisation[f"value-{plan.iki[0]}"] = "160 berkas"
    assert pegawai.http.post(f"{BASE}/realisations/", data=realisation).status_code == 302
    rating["hasil_kerja"] = rules.DI_ATAS
    who, _when = _refused(app, atasan, evaluation_id, f"{BASE}/assessment/", rating)
    assert who == "pegawai"
    assert _state(app, evaluation_id)[0] is None
