"""Settings from the environment, read once by `create_app` (never at import time).

The config classes in `config.py` hold every default. On top of them, in this order:
the conventional variables of `ENVIRONMENT_ALIASES` (DATABASE_URL, SECRET_KEY, ...), then any
`KINERJA_<NAME>` (values parsed as JSON when they parse, so `KINERJA_PROXY_FIX=1` is the number
1), then the keyword overrides of `create_app`. A `KINERJA_` variable that names no setting is
almost always a typo that silently leaves the default in force, so it is logged as a warning.
"""
from __future__ import annotations

import json
import logging
import os

from config import ENVIRONMENT_ALIASES, ENVIRONMENT_SWITCHES

PREFIX = "KINERJA_"
log = logging.getLogger("app.settings")


def _parse(value: str):
    try:
        return json.loads(value)
    except ValueError:
        return value


def apply_environment(config, environ=None) -> None:
    """Fill `config` (a Flask Config) from the environment: aliases first, then KINERJA_*."""
    environ = os.environ if environ is None else environ
    for variable, key in ENVIRONMENT_ALIASES.items():
        if environ.get(variable):
            value = environ[variable]
            config[key] = _parse(value) if key == "MAIL_PORT" else value
    for variable in sorted(environ):
        if not variable.startswith(PREFIX) or variable in ENVIRONMENT_SWITCHES:
            continue
        key, *path = variable[len(PREFIX):].split("__")
        value = _parse(environ[variable])
        if not path:
            config[key] = value
            continue
        target = config.setdefault(key, {})  # KINERJA_A__B=1 sets config["A"]["B"]
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = value


def unknown_variables(known, environ=None) -> list[str]:
    """The KINERJA_* variables that name none of the `known` settings (the defaults of core
    and of the enabled plugins, before the environment was applied)."""
    environ = os.environ if environ is None else environ
    return sorted(
        variable for variable in environ
        if variable.startswith(PREFIX) and variable not in ENVIRONMENT_SWITCHES
        and variable[len(PREFIX):].split("__")[0] not in known)


def warn_unknown(known, environ=None) -> None:
    for variable in unknown_variables(known, environ):
        log.warning("%s is not a setting of Portal Kinerja ASN and is ignored (README, "
                    "Settings, lists them all).", variable)
