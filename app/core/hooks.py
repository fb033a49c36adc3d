"""What a module returns from the hooks of `app.core.registry.Module`.

Each contribution carries a `name`, unique across core and all plugins (a plugin's names start
with its own name, `<plugin>_...`). Workflows use `app.workflow.engine.Binding`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class CustomEntity:
    """Data HR may add custom fields to. The entity's admin view mixes in
    `app.customfields.views.CustomFieldsMixin` and sets `custom_entity = name`."""

    name: str
    label: object  # translated (a lazy string), shown in the custom field form


@dataclass(frozen=True)
class Widget:
    """A card on the back-office home page: `render(user)` returns its HTML (a rendered
    template, `<div class="col-md-6 mb-3">...`) or None when it has nothing for this user."""

    name: str
    render: Callable


@dataclass(frozen=True)
class Task:
    """One line of "My tasks": `count` records of `title` await `action` (in `state`)."""

    key: str            # unique within its source; tests and the page address it by this key
    title: object       # what the records are, e.g. "Daily activity reports"
    action: object      # what to do, e.g. "Verify"
    count: int
    url: str | None = None     # the list of these records
    state: object = ""         # the state they are in, if any


@dataclass(frozen=True)
class InboxSource:
    """What awaits a user: `tasks(user)` returns a list of `Task`s (counted in SQL)."""

    name: str
    tasks: Callable


@dataclass(frozen=True)
class PublicLink:
    """A link on the public home page to a page one of the module's blueprints serves
    without login."""

    name: str
    label: object
    endpoint: str
    description: object = ""


@dataclass(frozen=True)
class ConfigSection:
    """A part of the configuration file, under the key `name`.

    - `export()` returns the rows (JSON-compatible dicts) that describe this configuration;
    - `validate(rows)` gets the list from a file and returns every problem, each message
      naming its row (`app.configio.rows` helps); it must not change anything, and it is
      the same check the section's admin form applies;
    - `apply(rows)` writes valid rows to the session (no commit) and returns how many.

    An import validates every section first and applies none if any problem is found.
    """

    name: str
    label: object
    export: Callable
    validate: Callable
    apply: Callable


@dataclass(frozen=True)
class TransparencySection:
    """A part of the public transparency page (no login) and its open data.

    - `render(unit, year)` returns the section's HTML (a rendered template, tables that work
      without JavaScript) for a work unit (`app.org` WorkUnit, with its sub-units) or, when
      `unit` is None, the whole regency; None when it has nothing to show;
    - `rows(unit, year)` returns the same figures as JSON-compatible dicts for the open-data
      download (CSV and JSON); `schema` documents their columns ({column: description}).

    Both must respect the privacy rule of DOMAIN 6: never a NIP, never the name of a respondent
    or of staff below head of unit, never an aggregate over fewer people than
    `KINERJA_PUBLIC_MIN_GROUP` (default 5).
    """

    name: str
    title: object
    render: Callable
    rows: Callable | None = None
    schema: dict | None = None


@dataclass(frozen=True)
class ReportLink:
    """What a daily activity report serves, offered on the report form by a module (e.g. the
    RHK of the author's approved SKP, by the appraisal plugin). The core shows one optional
    choice per link and validates the pick; the module stores the link in its own table.

    - `choices(employee_id, day)` returns [(id, label)] the author may pick for a report on
      `day` (e.g. the RHK of their SKP approved for that year);
    - `current(report_id)` returns the id linked now, or None;
    - `save(report, chosen)` records the pick (an id from `choices`, or None to unlink) in
      the session; the core commits.
    """

    name: str
    label: object
    choices: Callable
    current: Callable
    save: Callable
    description: object = ""


@dataclass(frozen=True)
class AuditLabels:
    """How the audit trail names a table that no admin view shows or edits inline (tables with
    a view take their labels from it, and these add what the view cannot tell, such as choices
    its form offers through a function): `name` is the table, `label` what its records are,
    `fields` {column: label} and `choices` {column: {code: label}}. Foreign-key columns need
    no label: they read as the entity they point to."""

    name: str
    label: object
    fields: dict = field(default_factory=dict)
    choices: dict = field(default_factory=dict)
