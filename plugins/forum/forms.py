"""Form pieces of the forum plugin: times entered in WIT and stored in UTC, the public
registration form, the minutes form."""
from __future__ import annotations

from datetime import datetime, timezone

from wtforms import (DateTimeLocalField, HiddenField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from app.core.forms import Form
from app.i18n import _, _l
from plugins.forum.models import GROUPS, SEXES
from plugins.forum.scheduling import TZ, aware

NAME_MAX, ORGANISATION_MAX, EMAIL_MAX = 120, 150, 200
MINUTES_MAX = 50_000   # characters of one revision of the minutes


class WitDateTimeField(DateTimeLocalField):
    """A date and time typed in WIT; the model gets it in UTC, the form shows it in WIT."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                         **kwargs)

    def process_data(self, value):
        if isinstance(value, datetime):
            value = aware(value).astimezone(TZ).replace(tzinfo=None)
        super().process_data(value)

    def populate_obj(self, obj, name):
        value = self.data
        if isinstance(value, datetime):
            value = value.replace(tzinfo=TZ).astimezone(timezone.utc)
        setattr(obj, name, value)


class GroupsField(SelectMultipleField):
    """Stakeholder groups, stored as comma-separated codes."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=[(k, v) for k, v in GROUPS.items()],
                         **kwargs)

    def process_data(self, value):
        if isinstance(value, str):
            value = [g for g in value.split(",") if g]
        super().process_data(value)

    def populate_obj(self, obj, name):
        setattr(obj, name, ",".join(g for g in GROUPS if g in (self.data or [])))


def no_nul(form, field):
    if "\x00" in (field.data or ""):
        raise ValidationError(_("%(field)s contains a character that is not allowed.",
                                field=field.label.text))


class RegistrationForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=NAME_MAX), no_nul])
    email = StringField(_l("E-mail (for the confirmation and a reminder)"),
                        validators=[Optional(), no_nul, Email(), Length(max=EMAIL_MAX)])
    organisation = StringField(_l("Organisation or community"),
                               validators=[Optional(), Length(max=ORGANISATION_MAX), no_nul])
    stakeholder_group = SelectField(_l("You come as"),
                                    choices=[(k, v) for k, v in GROUPS.items()],
                                    validators=[DataRequired()])
    sex = SelectField(_l("Sex"), choices=[("", "–"), *SEXES.items()],
                      validators=[Optional()])
    # The honeypot: hidden from people by CSS, filled in by bots.
    website = StringField(_l("Leave this field empty"))
    meeting = HiddenField()


class MinutesForm(Form):
    body = TextAreaField(_l("Minutes"), validators=[DataRequired(), Length(max=MINUTES_MAX),
                                                    no_nul])
