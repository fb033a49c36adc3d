"""`make run` (`flask dev`): the banner names the address and the accounts; the request log
keeps pages and failures and leaves out the static files behind every page."""
import logging

from app.demo.devserver import StaticRequestFilter, banner


def _record(line: str) -> logging.LogRecord:
    # As werkzeug logs a request: a format string and its arguments.
    return logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "%s - - [%s] %s",
                             ("127.0.0.1", "01/Dec/2026 10:00:00", line), None)


def test_the_request_log_leaves_out_static_files():
    keep = StaticRequestFilter().filter
    assert keep(_record('"GET /admin/activity_report/ HTTP/1.1" 200 -'))
    assert keep(_record('"POST /login HTTP/1.1" 302 -'))
    assert not keep(_record('"GET /static/css/kinerja.css HTTP/1.1" 200 -'))
    assert not keep(_record('"GET /admin/static/vendor/jquery.min.js?v=3.5.1 HTTP/1.1" 304 -'))
    assert not keep(_record('"GET /favicon.ico HTTP/1.1" 200 -'))
    # A missing or failing file is worth a line.
    assert keep(_record('"GET /static/css/missing.css HTTP/1.1" 404 -'))


def test_the_banner_names_the_address_and_the_accounts(app, world):
    with app.app_context():
        text = banner("http://127.0.0.1:5000")
    assert text.splitlines()[0] == "Portal Kinerja ASN: http://127.0.0.1:5000"
    assert "password kinerja-demo" in text
    lines = {line.split()[0]: line for line in text.splitlines()[3:]}
    assert "hr_admin" in lines["hr"] and "supervisor" in lines["atasan"]
    assert "auditor" in lines["auditor"]
