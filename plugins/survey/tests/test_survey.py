"""The public form and its abuse limits, the unit's review, the results of a period (NRR,
IKM, mutu, sample, weakest unsur, previous period, profile) and who sees what in the back
office."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db, limiter
from app.i18n import local_today
from plugins.survey.models import COUNTED, PENDING, SurveyPeriod, SurveyResponse
from plugins.survey.results import results
from plugins.survey.tests.helpers import add_responses, form_data, make_period, token_of


def _count(app, status=None):
    with app.app_context():
        stmt = select(func.count()).select_from(SurveyResponse)
        if status:
            stmt = stmt.where(SurveyResponse.status == status)
        return db.session.scalar(stmt)


def test_a_citizen_answers_and_the_ikm_updates(app, world, client):
    with app.app_context():
        pid = make_period(world.units["dpm"])
    url = f"/survei/{pid}?loket=Loket 1"
    page = client.get(url).get_data(as_text=True)
    assert "Persyaratan" in page and "Sangat sesuai" in page and "Dikelola dengan baik" in page
    assert page.index("1. Persyaratan") < page.index("9. Sarana dan Prasarana")
    response = client.http.post(url, data=form_data(token_of(client.http, url),
                                                     answers=(4, 4, 3, 4, 4, 4, 4, 3, 4)))
    assert response.status_code == 302 and "terima-kasih" in response.location
    with app.app_context():
        row = db.session.scalars(select(SurveyResponse)).one()
        assert row.answers() == [4, 4, 3, 4, 4, 4, 4, 3, 4] and row.counter == "Loket 1"
        assert row.status == COUNTED and row.service == "KTP-el"
        res = results(db.session.get(SurveyPeriod, pid))
        assert res.total.respondents == 1
        assert res.total.ikm == (34 / 9) * 25
        assert res.weakest.number == 3


def test_one_response_per_device_per_day(app, world, client):
    with app.app_context():
        pid = make_period(world.units["dpm"])
    url = f"/survei/{pid}"
    client.http.post(url, data=form_data(token_of(client.http, url)))
    again = client.http.get(url).get_data(as_text=True)
    assert 'id="survey-already"' in again
    client.http.post(url, data=form_data(token_of(client.http, "/survei/")))
    assert _count(app) == 1


def test_honeypot_looks_accepted_and_stores_nothing(app, world, client):
    with app.app_context():
        pid = make_period(world.units["dpm"])
    url = f"/survei/{pid}"
    response = client.http.post(url, data=form_data(token_of(client.http, url),
                                                     website="http://spam.example"))
    assert response.status_code == 302
    assert _count(app) == 0


def test_bad_input_is_refused_in_indonesian_and_changes_nothing(app, world, client):
    with app.app_context():
        pid = make_period(world.units["dpm"])
    url = f"/survei/{pid}"
    token = token_of(client.http, url)
    for bad in [{"u1": "5"}, {"u9": ""}, {"u3": "nan"}, {"sex": "X"}, {"service": "Lain"},
                {"suggestion": "x" * 1001}, {"suggestion": "halo\x00"}]:
        response = client.http.post(url, data=form_data(token, **bad))
        assert response.status_code == 400, bad
        text = response.get_data(as_text=True)
        # (a control character is refused before the view: app/core/inputs.py)
        assert "karakter kendali" in text if "\x00" in bad.get("suggestion", "") \
            else "Beberapa jawaban belum diisi" in text
    huge = client.http.post(url, data=form_data(token, suggestion="x" * 30_000))
    assert huge.status_code == 413
    assert _count(app) == 0


def test_rate_limit_per_source(app, world, client):
    app.config["SURVEY_RATE_LIMIT"] = "3 per hour"
    try:
        with app.app_context():
            pid = make_period(world.units["dpm"])
        url = f"/survei/{pid}"
        token = token_of(client.http, url)
        codes = []
        for _n in range(4):
            client.http.delete_cookie(f"ikm_{pid}")
            codes.append(client.http.post(url, data=form_data(token)).status_code)
        assert codes == [302, 302, 302, 429]
        assert _count(app) == 3
    finally:
        app.config["SURVEY_RATE_LIMIT"] = "20 per hour; 60 per day"
        limiter.reset()


def test_closed_period_takes_no_answers(app, world, client):
    with app.app_context():
        pid = make_period(world.units["dpm"], open=False)
    url = f"/survei/{pid}"
    assert 'id="survey-closed"' in client.get(url).get_data(as_text=True)
    response = client.http.post(url, data=form_data(token_of(client.http, "/survei/")))
    assert response.status_code == 410 and _count(app) == 0


def test_review_before_counting(app, world, client, as_user):
    with app.app_context():
        pid = make_period(world.units["dpm"], review_required=True)
    url = f"/survei/{pid}"
    client.http.post(url, data=form_data(token_of(client.http, url),
                                         suggestion="<script>alert(1)</script> antre lama"))
    assert _count(app, PENDING) == 1
    with app.app_context():
        assert results(db.session.get(SurveyPeriod, pid)).total.respondents == 0
        rid = db.session.scalar(select(SurveyResponse.id))
    atasan = as_user("atasan")
    inbox = atasan.get("/admin/inbox/").get_data(as_text=True)
    assert 'data-task="survey:pending">1<' in inbox
    assert 'data-task="survey:pending"' not in as_user("atasan_lain").get(
        "/admin/inbox/").get_data(as_text=True)
    listing = atasan.get("/admin/survey_response/").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing and "<script>alert(1)" not in listing
    edit = f"/admin/survey_response/edit/?id={rid}"
    response = atasan.post(edit, {"status": COUNTED}, token_from=edit)
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(SurveyResponse, rid)
        assert row.status == COUNTED and row.suggestion_published is False
    # staff of another unit may neither see nor review it
    lain = as_user("atasan_lain")
    assert "antre lama" not in lain.get("/admin/survey_response/").get_data(as_text=True)
    lain.post(edit, {"status": "rejected"}, token_from="/admin/")
    assert _count(app, COUNTED) == 1


def test_results_page_exports_and_report(app, world, as_user):
    with app.app_context():
        old = make_period(world.units["dpm"], title="Semester I", days_back=400)
        add_responses(old, [[2] * 9] * 5)
        pid = make_period(world.units["dpm"], population=100, title="=HYPERLINK(1)")
        add_responses(pid, [[4, 3, 2, 4, 3, 3, 4, 3, 3]] * 60 + [[3] * 9] * 20,
                      sex="L")
        add_responses(pid, [[1] * 9] * 3, status=PENDING)
        res = results(db.session.get(SurveyPeriod, pid))
        assert res.total.respondents == 80 and res.pending == 3
        assert res.minimum == 80 and res.sample_reached
        assert res.total.nrr[0] == (60 * 4 + 20 * 3) / 80
        assert round(res.total.ikm, 4) == round(sum(res.total.nrr) / 9 * 25, 4)
        assert res.total.letter == "B" and res.weakest.number == 3
        assert res.previous_total.ikm == 50 and res.change == res.total.ikm - 50
        assert [(c, f.respondents) for c, _l, f in res.breakdown["sex"]] == [("L", 80)]
    hr = as_user("hr")
    page = hr.get(f"/admin/survey_results/?period={pid}").get_data(as_text=True)
    assert "1/9" in page and 'data-figure="mutu">B' in page and 'data-weakest="1"' in page
    csv = hr.get(f"/admin/survey_results/csv?period={pid}").get_data(as_text=True)
    assert "Waktu Penyelesaian" in csv and "IKM" in csv and "'=HYPERLINK(1)" in csv
    xlsx = hr.get(f"/admin/survey_results/xlsx?period={pid}")
    assert xlsx.data[:2] == b"PK"
    assert "Persyaratan" in hr.get(f"/admin/survey_results/print?period={pid}").get_data(
        as_text=True)
    pdf = hr.get(f"/admin/survey_results/pdf?period={pid}")
    assert pdf.status_code in (200, 302)
    if pdf.status_code == 200:
        assert pdf.data[:4] == b"%PDF"
    # another unit's supervisor does not get this unit's results
    other = as_user("atasan_lain").get(f"/admin/survey_results/csv?period={pid}")
    assert other.status_code == 302


def test_a_unit_opens_its_own_period_only(app, world, as_user):
    atasan = as_user("atasan")
    with app.app_context():
        today = local_today()
    data = {"title": "Semester I", "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=90)).isoformat(), "population": "1500",
            "services": "Izin usaha", "counters": "", "open": "y"}
    url = "/admin/survey_period/new/"
    atasan.post(url, {**data, "unit": str(world.units["bkp"])}, token_from=url)
    atasan.post(url, {**data, "unit": str(world.units["dpm"])}, token_from=url)
    atasan.post(url, {**data, "unit": str(world.units["dpm"]), "population": "0"},
                token_from=url)
    with app.app_context():
        units = db.session.scalars(select(SurveyPeriod.unit_id)).all()
        assert units == [world.units["dpm"]]
    assert as_user("pegawai").get(url).status_code in (302, 403)


def test_qr_codes_and_poster(app, world, client):
    with app.app_context():
        pid = make_period(world.units["dpm"])
    svg = client.get(f"/survei/{pid}/qr.svg?loket=Loket 1")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    png = client.get(f"/survei/{pid}/qr.png")
    assert png.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(f"/survei/{pid}/qr.gif").status_code == 404
    poster = client.get(f"/survei/{pid}/poster?loket=Loket 1").get_data(as_text=True)
    assert "qr.svg?loket=Loket" in poster and "Loket 1" in poster
    assert "/survei/unit/DPMPTSP?loket=Loket+1" in poster   # what the QR code holds
    go = client.get("/survei/unit/DPMPTSP?loket=Loket 1")
    assert go.status_code == 302 and go.location.endswith(f"/survei/{pid}?loket=Loket+1")
    with app.app_context():
        db.session.get(SurveyPeriod, pid).open = False
        db.session.commit()
    assert 'id="survey-closed"' in client.get("/survei/unit/DPMPTSP").get_data(as_text=True)
    assert client.get("/survei/unit/NOPE").status_code == 404
