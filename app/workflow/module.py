"""Core module: workflow definitions, the inbox and the `workflows seed` command."""
import sys

import click
from flask.cli import with_appcontext

from app.core.registry import Module


@click.group("workflows")
def workflows_cli():
    """Workflow tools."""


@workflows_cli.command("seed")
@with_appcontext
def seed_command():
    """Create the default workflow definitions of core and enabled plugins that are missing
    (and the roles modules declare)."""
    from app.workflow.engine import seed_defaults

    click.echo(f"{seed_defaults()} workflow definition(s) created.")


@workflows_cli.command("check")
@with_appcontext
def check_command():
    """Check the stored definitions against the validator and the contracts of the code (run
    it after an upgrade); exits 1 and lists every problem."""
    from app.workflow.definition import check_stored

    problems = check_stored()
    for message in problems:
        click.echo(f"- {message}", err=True)
    if problems:
        sys.exit(1)
    click.echo("All workflow definitions fit the code.")


class WorkflowModule(Module):
    name = "workflow"

    def init_app(self, app):
        from app.workflow.badges import state_badge

        # Templates show a state as `state_badge(entity, code)`, like the list columns do.
        app.jinja_env.globals["state_badge"] = state_badge

    def admin_views(self):
        from app.workflow.admin import InboxPage, WorkflowDefinitionView

        return [InboxPage(), WorkflowDefinitionView()]

    def cli(self):
        return [workflows_cli]

    def dashboard_widgets(self):
        from app.core.hooks import Widget
        from app.workflow.admin import inbox_widget

        return [Widget("inbox", inbox_widget)]

    def inbox_sources(self):
        from app.core.hooks import InboxSource
        from app.workflow.engine import inbox

        return [InboxSource("workflow", inbox)]

    def config_sections(self):
        from app.workflow.config import section

        return [section()]


module = WorkflowModule()
