"""The dashboard and the unit tree in Chromium, at desktop width and on a 360 px phone: the
cards fit, the capaian chart takes HR's band colours, the period selector submits itself, the
counters refresh every minute without a reload, numbers lead to their lists, the unit tree
folds with <details>, and no Content-Security-Policy violation occurs."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.extensions import db
from app.i18n import local_today
from app.org.models import Employee
from app.performance.models import ActivityReport, CapaianBand, Realisation, Target
from tests.fixtures.browser import PHONE, fits, login

pytestmark = pytest.mark.e2e

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def data(live_server):
    app = live_server.app
    with app.app_context():
        if not db.session.query(CapaianBand).count():
            db.session.add_all([CapaianBand(lower_bound=Decimal("91"), label="Sangat Baik",
                                            color="#0b6e4f"),
                                CapaianBand(lower_bound=None, label="Kurang", color="#b3261e")])
            target = db.session.query(Target).filter_by(objective="Izin cepat").one()
            db.session.add(Realisation(target_id=target.id, period_no=1, value=Decimal("6.5")))
            db.session.commit()
    return app


def _add_submitted(app):
    with app.app_context():
        person = db.session.query(Employee).filter_by(name="Pegawai Lain").one()
        db.session.add(ActivityReport(employee=person, date=local_today(), description="Baru",
                                      duration_minutes=15, status="submitted"))
        db.session.commit()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_dashboard_works_at_desktop_and_phone_size(live_server, browser, data, size):
    base = live_server.url
    viewport = PHONE if size == "phone" else {"width": 1280, "height": 900}
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jayapura",
                                  viewport=viewport, is_mobile=size == "phone",
                                  has_touch=size == "phone")
    context.set_default_timeout(90_000)
    context.add_init_script(WATCH)
    page = context.new_page()
    try:
        page.clock.install()
        login(page, base, "hr")
        assert page.locator("#widget-hr").is_visible()
        if size == "phone":
            fits(page)
        # the chart is drawn with the colour of the band its value falls in (107 % -> >= 91)
        page.wait_for_function("window.Chart && Chart.getChart('capaian-chart')")
        colours = page.evaluate(
            "Chart.getChart('capaian-chart').data.datasets[0].backgroundColor")
        assert "#0b6e4f" in colours
        # the counters refresh themselves after a minute
        pending = page.locator('[data-count="hr-pending"]')
        before = int(pending.inner_text().replace(".", ""))
        _add_submitted(live_server.app)
        page.clock.run_for(61_000)
        page.wait_for_function(
            "n => document.querySelector('[data-count=\"hr-pending\"]').textContent == n",
            arg=str(before + 1))
        # the number leads to the list it counts
        with page.expect_navigation():
            pending.click()
        assert page.locator("td.col-date").count() == before + 1
        # the period selector submits itself
        page.goto(f"{base}/admin/")
        with page.expect_navigation():
            page.select_option("#period-select", "year")
        assert "period=year" in page.url
        assert page.locator("#period-select").input_value() == "year"
        # the unit tree folds and unfolds with no script
        page.goto(f"{base}/admin/unit-tree/")
        node = page.locator("details[data-unit]").first
        assert node.get_attribute("open") is not None
        node.locator("summary").first.click()
        assert node.get_attribute("open") is None
        if size == "phone":
            fits(page)
        assert page.evaluate("window.__violations") == []
    finally:
        context.close()
