"""The public survey form: the nine unsur (answers 1-4), the respondent's profile, the service
used, an optional suggestion and a honeypot field people never see."""
from __future__ import annotations

from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.core.forms import Form
from app.i18n import _, _l
from plugins.survey.choices import AGE_BANDS, EDUCATION, OCCUPATIONS, SEXES
from plugins.survey.ikm import UNSUR

SERVICE_MAX = 200


def _no_control_characters(form, field):
    if field.data and any(ord(c) < 32 and c not in "\r\n\t" for c in field.data):
        raise ValidationError(_("The text contains characters that are not allowed."))


def build(period, suggestion_max: int):
    """A form class for the period (its services, the configured suggestion length)."""

    class SurveyForm(Form):
        age_band = RadioField(_l("Age"), choices=list(AGE_BANDS.items()),
                              validators=[DataRequired(_l("Choose your age."))])
        sex = RadioField(_l("Sex"), choices=[(k, v) for k, v in SEXES.items()],
                         validators=[DataRequired(_l("Choose your sex."))])
        education = SelectField(_l("Education"), choices=[("", "–"), *EDUCATION.items()],
                                validators=[DataRequired(_l("Choose your education."))])
        occupation = SelectField(_l("Occupation"), choices=[("", "–"), *OCCUPATIONS.items()],
                                 validators=[DataRequired(_l("Choose your occupation."))])
        suggestion = TextAreaField(_l("Suggestions for improvement (optional)"), validators=[
            Optional(), Length(max=suggestion_max), _no_control_characters])
        # The honeypot: hidden from people by CSS, filled by bots that fill every field.
        website = StringField("Website", validators=[Optional(), Length(max=200)])

    services = period.service_list
    if services:
        SurveyForm.service = SelectField(
            _l("Service used"), choices=[("", "–"), *((s, s) for s in services)],
            validators=[DataRequired(_l("Choose the service you used."))])
    else:
        SurveyForm.service = StringField(_l("Service used"), validators=[
            Optional(), Length(max=SERVICE_MAX), _no_control_characters])
    for unsur in UNSUR:
        setattr(SurveyForm, unsur.field, RadioField(
            f"{unsur.number}. {unsur.name}",
            choices=[(str(n), text) for n, text in enumerate(unsur.answers, 1)],
            validators=[DataRequired(_l("Choose one answer."))]))
    return SurveyForm
