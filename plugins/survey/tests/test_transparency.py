"""The survey's section of the transparency page: the unit's IKM and mutu beside its PK
capaian, periods under PUBLIC_MIN_GROUP respondents left out, the dataset; and the privacy
crawl over every public page and dataset of the demo."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select

from app.extensions import db
from app.org.models import Employee
from app.performance.models import Realisation
from plugins.survey.tests.helpers import add_responses, form_data, make_period, token_of


def test_unit_page_shows_ikm_and_capaian(app, world, client):
    with app.app_context():
        pid = make_period(world.units["dpm"], days_back=5)
        add_responses(pid, [[4] * 9] * 3 + [[3] * 9] * 2)   # IKM (3*4+2*3)/5*25 = 90 -> A
        db.session.add(Realisation(target_id=world.targets["ikm"], period_no=1,
                                   value=Decimal("78")))
        db.session.commit()
    text = client.get("/transparansi/unit/DPMPTSP").get_data(as_text=True)
    assert text.index('data-section="performance"') < text.index('data-section="survey"')
    assert 'data-ikm="DPMPTSP">90' in text and "<td>A</td>" in text
    assert 'data-capaian="IKU-01">95,1%' in text
    regency = client.get("/transparansi").get_data(as_text=True)
    assert "Dinas Penanaman Modal dan PTSP" in regency and 'data-ikm="DPMPTSP">90' in regency
    rows = client.get(f"/transparansi/data/survey/{date.today().year}/DPMPTSP.json"
                      ).get_json()["rows"]
    assert rows[0]["ikm"] == 90.0 and rows[0]["mutu"] == "A" and rows[0]["respondents"] == 5
    assert rows[0]["minimum_sample"] == 278 and rows[0]["sample_reached"] is False


def test_a_citizens_answer_reaches_the_page(app, world, client):
    with app.app_context():
        pid = make_period(world.units["dpm"], days_back=5)
        add_responses(pid, [[3] * 9] * 4)
    assert 'data-section="survey"' not in client.get("/transparansi/unit/DPMPTSP").get_data(
        as_text=True)   # four respondents: below the publication minimum
    url = f"/survei/{pid}"
    client.http.post(url, data=form_data(token_of(client.http, url), answers=(4,) * 9))
    text = client.get("/transparansi/unit/DPMPTSP").get_data(as_text=True)
    assert 'data-ikm="DPMPTSP">80' in text   # (4*3 + 4) / 5 * 25


def test_small_groups_and_suggestions_never_leave(app, world, client):
    app.config["PUBLIC_MIN_GROUP"] = 10
    try:
        with app.app_context():
            pid = make_period(world.units["dpm"], days_back=5)
            add_responses(pid, [[2] * 9] * 9, suggestion="Petugas Budi lambat sekali")
        year = date.today().year
        assert 'data-section="survey"' not in client.get("/transparansi/unit/DPMPTSP") \
            .get_data(as_text=True)
        assert client.get(f"/transparansi/data/survey/{year}.json").get_json()["rows"] == []
        for url in ["/transparansi", "/transparansi/unit/DPMPTSP", "/survei/",
                    f"/transparansi/data/survey/{year}.csv"]:
            assert "Budi" not in client.get(url).get_data(as_text=True)
    finally:
        app.config["PUBLIC_MIN_GROUP"] = 5


PUBLIC_SKIP = ("/admin", "/login", "/logout", "/static", "/change", "/tf-", "/mf-", "/us-",
               "/verify", "/account")


def _crawl(client, start: list[str]) -> dict[str, str]:
    seen: dict[str, str] = {}
    todo = list(start)
    while todo and len(seen) < 600:
        url = todo.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code in (200, 302, 404), (url, response.status_code)
        body = response.get_data(as_text=True) if response.mimetype.startswith(
            ("text/", "application/json", "image/svg")) else ""
        seen[url] = body
        for href in re.findall(r'(?:href|src)="([^"#]+)"', body):
            href = href.replace("&amp;", "&")
            parts = urlsplit(urljoin(url, href))
            if parts.netloc and parts.netloc != "localhost":
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not path.startswith(PUBLIC_SKIP) and path not in seen:
                todo.append(path)
    return seen


def test_privacy_crawl_of_the_demo(app, client):
    from app.demo.module import demo_command

    result = app.test_cli_runner().invoke(demo_command)
    assert result.exit_code == 0, result.output
    with app.app_context():
        people = db.session.execute(select(Employee.nip, Employee.name)).all()
    year = date.today().year
    start = ["/", "/survei/", "/transparansi/data"] + [
        f"/transparansi?tahun={y}" for y in (year, year - 1)]
    pages = _crawl(client, start)
    assert any("/transparansi/unit/DPMPTSP" in u for u in pages)
    assert any(u.startswith("/transparansi/data/survey/") for u in pages)
    assert any(u.startswith("/survei/") and u.endswith("/poster") is False for u in pages)
    assert len(pages) > 30
    for url, body in pages.items():
        for nip, name in people:
            assert nip not in body, f"NIP {nip} on {url}"
            assert name not in body, f"{name} on {url}"
    # The demo's two units have different mutu, and each improved
    rows = client.get(f"/transparansi/data/survey/{year}.json").get_json()["rows"]
    by_unit = {}
    for row in rows:
        by_unit.setdefault(row["unit_code"], []).append(row["mutu"])
    if len(by_unit.get("DPMPTSP", [])) == 2:
        assert by_unit["DPMPTSP"] == ["C", "B"] and by_unit["DISDUKCAPIL"] == ["B", "A"]


def test_only_reviewed_suggestions_are_published(app, world, client, as_user):
    with app.app_context():
        pid = make_period(world.units["dpm"], days_back=5)
        add_responses(pid, [[3] * 9] * 5, suggestion="<b>Loket</b> kurang <script>x</script>")
        from plugins.survey.models import SurveyResponse
        rid = db.session.scalar(select(SurveyResponse.id).limit(1))
    text = client.get("/transparansi/unit/DPMPTSP").get_data(as_text=True)
    assert "Loket" not in text and 'id="survey-suggestions"' not in text
    atasan = as_user("atasan")
    edit = f"/admin/survey_response/edit/?id={rid}"
    atasan.post(edit, {"status": "counted", "suggestion_published": "y"}, token_from=edit)
    text = client.get("/transparansi/unit/DPMPTSP").get_data(as_text=True)
    assert "&lt;b&gt;Loket&lt;/b&gt; kurang &lt;script&gt;" in text
    assert text.count("Loket&lt;/b&gt;") == 1


def test_out_of_range_ids_are_not_found(client):
    for url in ["/survei/99999999999", "/survei/99999999999/qr.svg",
                "/survei/99999999999/poster", "/survei/99999999999/terima-kasih"]:
        assert client.get(url).status_code == 404
