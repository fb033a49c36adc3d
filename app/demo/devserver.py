"""`flask dev`: the development server `make run` starts. It says where the portal is and
which demo accounts to log in with, and keeps the request log to pages: the dozens of
stylesheet, script and icon requests behind every page are left out of it."""
from __future__ import annotations

import logging
import re

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

# Requests for files, not pages: Flask's and Flask-Admin's static folders, plugins' static
# folders (/<plugin>/static/...) and the site icon.
STATIC_MARKERS = ("/static/", "/favicon.ico")
STATUS = re.compile(r'" (\d{3}) ')   # werkzeug: ... "GET /path HTTP/1.1" 200 -


class StaticRequestFilter(logging.Filter):
    """Drops werkzeug's access-log lines of static files (errors on them stay)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not any(marker in message for marker in STATIC_MARKERS):
            return True
        # A static file that failed (404, 500) is worth a line.
        status = STATUS.search(message)
        return bool(status and status.group(1)[0] in "45")


def banner(url: str) -> str:
    """The lines printed on start: the address, then the accounts with their roles."""
    from sqlalchemy import select

    from app.auth.models import User
    from app.demo.data import DEMO_PASSWORD
    from app.extensions import db

    lines = [f"Portal Kinerja ASN: {url}", ""]
    users = db.session.scalars(select(User).order_by(User.id).limit(20)).all()
    if users:
        lines.append(f"Demo accounts (password {DEMO_PASSWORD}):")
        width = max(len(u.username) for u in users)
        lines += [f"  {u.username.ljust(width)}  {', '.join(sorted(r.name for r in u.roles))}"
                  for u in users]
    else:
        lines.append("No accounts yet: run `flask demo` to load the demo accounts.")
    db.session.remove()   # (the server's requests open their own sessions)
    return "\n".join(lines)


@click.command("dev")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def dev_command(host, port):
    """Serve the portal for development: prints the address and the demo accounts, and logs
    page requests only."""
    logging.getLogger("werkzeug").addFilter(StaticRequestFilter())
    click.echo(banner(f"http://{host}:{port}"))
    # (werkzeug's server itself: Flask ignores app.run() inside a `flask` command)
    run_simple(host, port, current_app._get_current_object(), threaded=True)
