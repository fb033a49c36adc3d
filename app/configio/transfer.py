"""Export and import of the low-code configuration as one JSON document.

The document holds one list per configuration section that a module registers
(`Module.config_sections()`: indicators, custom fields, workflows, capaian bands, and what
plugins add). Reading is one function for both doors (the page and `flask config import`);
an import checks every section with the same validator as its admin form and applies
nothing unless the whole file is valid.
"""
from __future__ import annotations

import json

from app.audit.trail import record
from app.core.registry import registry
from app.core.rows import check_list, show
from app.extensions import db
from app.i18n import _

FORMAT = "portal-kinerja-config"
VERSION = 1


class ConfigErrors(ValueError):
    """The file cannot be imported; `errors` lists every problem, each naming its place."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def export_config() -> dict:
    document = {"format": FORMAT, "version": VERSION}
    for name, section in registry().config_sections.items():
        document[name] = section.export()
    return document


def read_document(raw: bytes) -> dict:
    """The JSON document in `raw`, or ConfigErrors saying why it cannot be read."""
    try:
        return json.loads(raw.decode("utf-8-sig"))  # (a BOM, as Windows editors write it)
    except (UnicodeDecodeError, ValueError):
        raise ConfigErrors([_("The file is not valid JSON.")]) from None
    except RecursionError:  # e.g. a list nested 100,000 deep: the parser gives up
        raise ConfigErrors([_("The file is nested too deeply.")]) from None


def validate_config(data) -> list[str]:
    """Every problem in the document, as messages naming where it is; empty when valid."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return [_("This is not a Portal Kinerja configuration file.")]
    if data.get("version") != VERSION:
        return [_("Unsupported configuration version %(version)s.",
                  version=show(data.get("version")))]
    sections = registry().config_sections
    errors = [_("Unknown part %(name)s: no module of this server configures it.",
                name=show(key)) for key in data if key not in sections
              and key not in ("format", "version")]
    for name, section in sections.items():
        if name in data:
            rows = check_list(str(section.label), data[name], errors)
            if isinstance(data[name], list):
                errors += section.validate(rows)
    return errors


def import_config(data) -> dict:
    """Validate, then apply every section in one transaction; {section name: rows}. Raises
    ConfigErrors, changing nothing, if anything is invalid."""
    errors = validate_config(data)
    if errors:
        raise ConfigErrors(errors)
    counts = {name: section.apply(data[name])
              for name, section in registry().config_sections.items() if name in data}
    record("import", "configuration", None, **counts)
    db.session.commit()
    return counts
