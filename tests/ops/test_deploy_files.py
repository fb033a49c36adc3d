"""The files shipped in deploy/ agree with the code: the example environment names exactly the
documented settings with their real defaults, the systemd units run commands the CLI has (with
options it accepts), nginx's body limit is the app's upload limit and it serves every static
folder the app has from a path that exists, and nginx and gunicorn agree on address and
timeouts."""
from __future__ import annotations

import importlib
import re
import runpy
import shlex
from pathlib import Path

import click
import pytest

import config
from app.core.plugins import enabled_names
from app.core.settings import PREFIX, _parse

pytestmark = pytest.mark.no_db
ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
INSTALLED = "/opt/kinerja/"  # where the units and nginx expect the checkout
README = ROOT / "README.md"
# Variables of the example that are not settings of the app.
NOT_SETTINGS = {"GUNICORN_CMD_ARGS"}
# Settings and commands that the background-jobs work of issue 16 adds on its own branch
# (`flask jobs worker`, KINERJA_JOBS_URL): accepted while absent, checked once they exist.
PENDING_SETTINGS = {"KINERJA_JOBS_URL"}
PENDING_COMMANDS = {("jobs", "worker")}
LINE = re.compile(r"^(#?)([A-Z][A-Z0-9_]*)=(.*)$")


def example() -> dict[str, tuple[bool, str]]:
    """{variable: (commented, value)} of deploy/kinerja.env.example, quotes removed as systemd
    and sh remove them."""
    found = {}
    for line in (DEPLOY / "kinerja.env.example").read_text(encoding="utf-8").splitlines():
        match = LINE.match(line)
        if match:
            commented, name, value = match.groups()
            found[name] = (bool(commented), shlex.split(value)[0] if value else "")
    return found


def setting_key(app, variable: str) -> str | None:
    """The config key a variable sets, or None when it sets none."""
    if variable in config.ENVIRONMENT_ALIASES:
        return config.ENVIRONMENT_ALIASES[variable]
    if variable.startswith(PREFIX) and variable not in config.ENVIRONMENT_SWITCHES:
        key = variable[len(PREFIX):]
        plugin_keys = {f"{p.name.upper()}_{k.upper()}"
                       for p in app.extensions["kinerja_plugins"]["enabled"]
                       for k in p.default_settings}
        if hasattr(config.Config, key) or key in plugin_keys or key in app.config:
            return key
    return None


def documented_variables() -> set[str]:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("## Configuration"):text.index("Settings of the libraries")]
    first_cells = [row.split("|")[1] for row in table.splitlines() if row.startswith("| `")]
    # The variable names, not the config keys in parentheses after them.
    return {name for cell in first_cells
            for name in re.findall(r"`([A-Z0-9_]+)`", cell.split("(")[0])}


def test_example_environment_names_only_real_settings(app):
    unknown = [v for v in example() if v not in NOT_SETTINGS | config.ENVIRONMENT_SWITCHES
               and setting_key(app, v) is None
               and not (v in PENDING_SETTINGS and v[len(PREFIX):] not in app.config)]
    assert not unknown, f"not settings of the app: {unknown}"


def test_example_environment_lists_every_documented_setting():
    missing = sorted(documented_variables() - set(example()))
    assert not missing, f"README settings missing from deploy/kinerja.env.example: {missing}"


def test_example_defaults_are_the_production_defaults(app):
    production = config.ProductionConfig
    for variable, (commented, value) in example().items():
        key = setting_key(app, variable)
        if not commented or key is None or getattr(production, key, None) is None:
            continue
        default = getattr(production, key)
        parsed = _parse(value) if variable.startswith(PREFIX) else value
        if key == "PLUGINS":
            parsed = enabled_names(parsed)
        if key == "MAIL_PORT":
            parsed = int(parsed)
        assert parsed == (sorted(default) if isinstance(default, set) and
                          isinstance(parsed, list) else default) or (
            isinstance(default, set) and set(parsed) == default), (variable, parsed, default)


def test_example_secrets_are_placeholders_the_app_refuses():
    values = {k: v for k, (commented, v) in example().items() if not commented}
    assert values["KINERJA_CONFIG"] == "production"
    for variable in ("SECRET_KEY", "KINERJA_AUDIT_KEY"):
        assert values[variable] == "CHANGE-ME"
    assert "CHANGE-ME" in values["DATABASE_URL"]
    assert values["KINERJA_PROXY_FIX"] == "1"  # nginx in front (ProxyFix, one hop)


def unit(name: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in (DEPLOY / "systemd" / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def resolve(app, args: list[str]):
    """The click command `flask --app wsgi ARGS` runs, checked by parsing ARGS with it."""
    command, ctx = app.cli, click.Context(app.cli, info_name="flask")
    path = []
    while isinstance(command, click.Group) and args and not args[0].startswith("-"):
        path.append(args[0])
        sub = command.get_command(ctx, args[0])
        if sub is None:
            words = [a for a in args[1:] if not a.startswith("-")]
            return tuple(path + words[:1]), None
        command, args = sub, args[1:]
        ctx = click.Context(command, info_name=path[-1], parent=ctx)
    command.make_context(path[-1], list(args), parent=ctx)  # raises on a bad option
    return tuple(path), command


@pytest.mark.parametrize("name", ["kinerja-web.service", "kinerja-worker.service",
                                  "kinerja-backup.service"])
def test_systemd_units_run_what_exists(app, name):
    values = unit(name)
    assert values["EnvironmentFile"] == ["/etc/kinerja/kinerja.env"]
    assert values["WorkingDirectory"] == [INSTALLED.rstrip("/")]
    (exec_start,) = values["ExecStart"]
    argv = shlex.split(exec_start)
    assert argv[0].startswith(INSTALLED + ".venv/bin/")
    if argv[0].endswith("/gunicorn"):
        config_file = argv[argv.index("--config") + 1]
        assert (ROOT / config_file.removeprefix(INSTALLED)).is_file()
        assert argv[-1] == "wsgi:app" and "app = create_app()" in (ROOT / "wsgi.py").read_text()
        return
    assert argv[0].endswith("/flask") and argv[1:3] == ["--app", "wsgi"]
    path, command = resolve(app, argv[3:])
    if command is None and path in PENDING_COMMANDS:
        pytest.skip(f"`flask {' '.join(path)}` comes with the background-jobs branch")
    assert command is not None, f"{name} runs `flask {' '.join(path)}`, which does not exist"


def test_backup_timer_starts_the_backup_service():
    values = unit("kinerja-backup.timer")
    assert values["Unit"] == ["kinerja-backup.service"]
    assert (DEPLOY / "systemd" / "kinerja-backup.service").is_file()
    assert values["Persistent"] == ["true"]


def nginx() -> str:
    return (DEPLOY / "nginx" / "kinerja.conf").read_text(encoding="utf-8")


def test_nginx_body_limit_is_the_upload_limit():
    (limit,) = re.findall(r"client_max_body_size\s+(\d+)([kmg]?);", nginx())
    size = int(limit[0]) * {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}[limit[1]]
    assert size == config.Config.MAX_CONTENT_LENGTH


def test_nginx_serves_every_static_folder_from_a_path_that_exists(app):
    aliases = dict(re.findall(r"location\s+(/\S*)\s*\{\s*alias\s+(\S+);", nginx()))
    prefixes = {rule.rule.split("<")[0] for rule in app.url_map.iter_rules()
                if rule.endpoint == "static" or rule.endpoint.endswith(".static")}
    assert prefixes and all(p in aliases for p in prefixes), (prefixes, aliases)
    for alias in aliases.values():
        package = re.search(r"/site-packages/(\w+)/static/$", alias)
        if package:  # a library's assets, in the virtualenv
            module = importlib.import_module(package.group(1))
            assert (Path(module.__file__).parent / "static").is_dir(), alias
            continue
        assert alias.startswith(INSTALLED), alias
        assert (ROOT / alias.removeprefix(INSTALLED)).is_dir(), alias


def test_nginx_and_gunicorn_agree():
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    upstream = re.search(r"upstream kinerja_app \{\s*server (\S+?)[\s;]", nginx()).group(1)
    assert upstream == settings["bind"]
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", nginx()).group(1))
    assert settings["timeout"] < read_timeout  # gunicorn ends a slow request, and logs it
    assert settings["forwarded_allow_ips"] == upstream.split(":")[0]
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx()
