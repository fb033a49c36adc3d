"""The back office's frame on every page: the document's language, the site icon served by
the portal, the regency's name from its setting, breadcrumbs down to the record, and
confirmation questions that say what will change."""
import html
import re

import pytest


def test_the_site_icon_is_served_locally(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"   # an ICO file
    for name in ("favicon.svg", "favicon-32.png", "apple-touch-icon.png"):
        assert client.get(f"/static/img/{name}").status_code == 200
    assert 'rel="icon" href="/static/img/favicon.svg"' in client.get("/login").get_data(
        as_text=True)


def test_the_header_names_the_regency_from_its_setting(app, as_user):
    hr = as_user("hr")
    page = hr.get("/admin/").get_data(as_text=True)
    assert re.search(r'<html lang="id">', page)
    assert 'data-org-name>Pemerintah Kabupaten Manokwari<' in page
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
    app.config["ORG_NAME"] = "Pemerintah Kabupaten Manokwari Selatan"
    try:
        page = hr.get("/admin/").get_data(as_text=True)
    finally:
        app.config["ORG_NAME"] = "Pemerintah Kabupaten Manokwari"
    assert "data-org-name>Pemerintah Kabupaten Manokwari Selatan<" in page


def _crumbs(page: str) -> list[str]:
    trail = re.search(r'<ol class="breadcrumb" id="breadcrumb">(.*?)</ol>', page, re.S).group(1)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip()
            for item in re.findall(r"<li[^>]*>(.*?)</li>", trail, re.S)]


@pytest.mark.parametrize("path, last", [
    ("/admin/activity_report/", "Laporan kegiatan harian"),
    ("/admin/activity_report/new/", "Data baru"),
])
def test_breadcrumbs_lead_back_up(as_user, path, last):
    page = as_user("pegawai").get(path).get_data(as_text=True)
    crumbs = _crumbs(page)
    assert crumbs[0] == "Beranda" and crumbs[-1] == last
    assert 'aria-current="page"' in page


def test_breadcrumbs_end_with_the_record(as_user, world):
    report_id = world.reports["submitted"]
    page = as_user("pegawai").get(f"/admin/activity_report/details/?id={report_id}") \
        .get_data(as_text=True)
    crumbs = _crumbs(page)
    assert crumbs[:3] == ["Beranda", "Kinerja", "Laporan kegiatan harian"]
    assert crumbs[3].endswith("Kegiatan submitted")
    assert '<a href="/admin/activity_report/">Laporan kegiatan harian</a>' in page
    assert not _crumbs_on_home(as_user)


def _crumbs_on_home(as_user):
    return 'id="breadcrumb"' in as_user("pegawai").get("/admin/").get_data(as_text=True)


def test_deleting_asks_by_the_records_name(as_user, world):
    page = as_user("hr").get("/admin/activity_report/").get_data(as_text=True)
    questions = [html.unescape(q) for q in re.findall(r'data-confirm="([^"]*)"', page)]
    assert any(q.startswith("Hapus “") and "Kegiatan draft" in q
               and "dari Laporan kegiatan harian?" in q and "tidak dapat dikembalikan" in q
               for q in questions), questions


def test_bulk_actions_say_how_many_and_where_records_go(as_user, world):
    page = as_user("atasan").get("/admin/activity_report/").get_data(as_text=True)
    count = re.search(r'id="actions-count-data" class="d-none">(.*?)</div>', page).group(1)
    assert html.unescape(count) == '"{count} data dipilih."'
    questions = html.unescape(re.search(r'id="actions-confirmation-data" class="d-none">(.*?)'
                                        r'</div>', page).group(1))
    assert 'berpindah ke \\"Diverifikasi\\"' in questions
