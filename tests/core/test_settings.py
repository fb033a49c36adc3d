"""Settings: read from the environment by create_app (not at import), typos warned about, and
every setting an operator may change documented in the README's one table."""
import re
from pathlib import Path

import pytest

import config
from app import create_app
from app.core.settings import apply_environment, unknown_variables

README = Path(__file__).resolve().parents[2] / "README.md"
# Settings of the libraries, commented in config.py and not meant to be changed (README says so).
LIBRARY_PREFIXES = ("SQLALCHEMY_ENGINE", "SQLALCHEMY_TRACK", "SECURITY_", "BABEL_", "WTF_",
                    "RATELIMIT_HEADERS", "SESSION_COOKIE_", "REMEMBER_COOKIE_", "FLASK_ADMIN_")
DOCUMENTED_LIBRARY_KEYS = {"SECURITY_TOTP_SECRETS"}
CHOSEN_BY_KINERJA_CONFIG = {"DEBUG", "TESTING"}


def _settings_table() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("## Configuration"):]


def _our_keys():
    keys = {key for cls in config.CONFIGS.values() for key in dir(cls) if key.isupper()}
    return sorted(k for k in keys - CHOSEN_BY_KINERJA_CONFIG
                  if not k.startswith(LIBRARY_PREFIXES) or k in DOCUMENTED_LIBRARY_KEYS)


def test_config_module_reads_no_environment():
    # Read at import, a variable set after `import config` (tests, a WSGI server's hooks)
    # was ignored; create_app is the one reader.
    source = Path(config.__file__).read_text(encoding="utf-8")
    assert "os.environ" not in source and "getenv" not in source


def test_every_setting_is_documented_in_one_table(app):
    table = _settings_table()
    plugin_keys = [f"{p.name.upper()}_{k.upper()}"
                   for p in app.extensions["kinerja_plugins"]["enabled"]
                   for k in p.default_settings]
    aliases = {key: variable for variable, key in config.ENVIRONMENT_ALIASES.items()}
    missing = [key for key in _our_keys() + plugin_keys
               if f"`{aliases.get(key, 'KINERJA_' + key)}`" not in table]
    assert not missing, f"settings missing from README *Configuration*: {missing}"
    for variable in config.ENVIRONMENT_ALIASES:
        assert f"`{variable}`" in table


def test_environment_read_when_the_app_is_created(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'other.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MAIL_PORT", "2525")
    monkeypatch.setenv("KINERJA_EXPORT_MAX_ROWS", "1234")
    monkeypatch.setenv("KINERJA_LOGIN_TRUSTED_DEVICE_DAYS", "7")
    app = create_app("testing")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == url
    assert app.config["MAIL_PORT"] == 2525
    assert app.config["EXPORT_MAX_ROWS"] == 1234
    assert app.config["LOGIN_TRUSTED_DEVICE_DAYS"] == 7


def test_prefixed_variable_wins_over_alias_and_nested_keys():
    settings = {"SECRET_KEY": "a", "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True}}
    apply_environment(settings, {"SECRET_KEY": "from-alias", "KINERJA_SECRET_KEY": "prefixed",
                                 "KINERJA_SQLALCHEMY_ENGINE_OPTIONS__pool_size": "5"})
    assert settings["SECRET_KEY"] == "prefixed"
    assert settings["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True, "pool_size": 5}


@pytest.mark.parametrize("variable, unknown", [
    ("KINERJA_EXPORT_MAX_ROW", True),          # a typo
    ("KINERJA_EXPORT_MAX_ROWS", False),
    ("KINERJA_APPRAISAL_REGIONAL_HEAD", False),  # a plugin's setting
    ("KINERJA_CONFIG", False),                 # chooses the defaults, not a setting
])
def test_unknown_variables(app, variable, unknown):
    known = set(app.config)  # the test app's environment set none of these
    assert (variable in unknown_variables(known, {variable: "1"})) is unknown


def test_unknown_variable_is_warned_at_start_up(monkeypatch, capsys):
    # The `app` loggers write to stderr themselves (app._configure_logging).
    monkeypatch.setenv("KINERJA_SESION_IDLE_TIMEOUT", "60")
    create_app("testing")
    assert re.search(r"WARNING \[app.settings\] KINERJA_SESION_IDLE_TIMEOUT is not a setting",
                     capsys.readouterr().err)
