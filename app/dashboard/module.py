"""Core module: the dashboard cards for HR, heads of unit, supervisors and employees, read from
the report summary tables it keeps (`flask summaries rebuild|check`)."""
import sys

import click
from flask.cli import with_appcontext

from app.core.hooks import Widget
from app.core.registry import Module
from app.dashboard import models  # noqa: F401  (the summary tables)
from app.dashboard import summaries


@click.group("summaries")
def summaries_cli():
    """The dashboard's summary tables."""


@summaries_cli.command("rebuild")
@with_appcontext
def rebuild_command():
    """Recompute the summary tables from the activity reports."""
    from app.extensions import db

    employee_groups, unit_groups = summaries.rebuild()
    db.session.commit()
    click.echo(f"{employee_groups} employee-day and {unit_groups} unit-day groups rebuilt.")


@summaries_cli.command("check")
@with_appcontext
def check_command():
    """Compare the summary tables with the reports; exits 1 and lists each difference."""
    problems = summaries.differences()
    for message in problems[:50]:
        click.echo(f"- {message}", err=True)
    if problems:
        click.echo(f"{len(problems)} difference(s): run `flask summaries rebuild`.", err=True)
        sys.exit(1)
    click.echo("The summary tables agree with the reports.")


class DashboardModule(Module):
    name = "dashboard"

    def init_app(self, app):
        from app.core.signals import workflow_transitioned

        # A module-level receiver: connecting it again for another app keeps one connection.
        workflow_transitioned.connect(summaries.on_transition, weak=False)

    def blueprints(self):
        from app.dashboard.views import bp

        return [bp]

    def cli(self):
        return [summaries_cli]

    def dashboard_widgets(self):
        from app.dashboard.widgets import period_selector, widget

        return [Widget("period", period_selector), Widget("hr", widget("hr")),
                Widget("head", widget("head")), Widget("supervisor", widget("supervisor")),
                Widget("employee", widget("employee"))]


module = DashboardModule()
