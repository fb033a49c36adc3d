"""Core module: the `demo`, `bench-data` and `dev` commands."""
import click
from flask import current_app
from flask.cli import with_appcontext

from app.core.registry import Module


@click.command("demo")
@with_appcontext
def demo_command():
    """Load the Manokwari demo data and the demo accounts (idempotent)."""
    from app.demo.data import load_demo
    from app.workflow.engine import seed_defaults

    seed_defaults()
    created = load_demo()
    for module in current_app.extensions["kinerja_modules"]:
        module.demo_data()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing changed.")


@click.command("bench-data")
@click.option("--employees", default=10_000, show_default=True)
@click.option("--reports", default=1_000_000, show_default=True)
@click.option("--seed", default=7, show_default=True)
@with_appcontext
def bench_data_command(employees, reports, seed):
    """Generate bulk data for benchmarks (units, employees, activity reports)."""
    from app.demo.bulk import generate

    stats = generate(employees=employees, reports=reports, seed=seed)
    click.echo(f"Generated {stats['employees']} employees and {stats['reports']} reports "
               f"in {stats['seconds']:.1f} s.")


class DemoModule(Module):
    name = "demo"

    def cli(self):
        from app.demo.devserver import dev_command

        return [demo_command, bench_data_command, dev_command]


module = DemoModule()
