"""Core module: workflow definitions, the inbox and the `workflows seed` command."""
import click
from flask.cli import with_appcontext

from app.core.registry import Module


@click.group("workflows")
def workflows_cli():
    """Workflow tools."""


@workflows_cli.command("seed")
@with_appcontext
def seed_command():
    """Create the default workflow definitions of core and enabled plugins that are missing."""
    from app.workflow.engine import seed_defaults

    click.echo(f"{seed_defaults()} workflow definition(s) created.")


class WorkflowModule(Module):
    name = "workflow"

    def admin_views(self):
        from app.workflow.admin import InboxPage, WorkflowDefinitionView

        return [InboxPage(), WorkflowDefinitionView()]

    def cli(self):
        return [workflows_cli]

    def dashboard_widgets(self):
        from app.workflow.admin import inbox_widget

        return [inbox_widget]


module = WorkflowModule()
