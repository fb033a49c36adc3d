"""The plugin's own forms (WTForms through `app.core.forms.Form`: CSRF, Indonesian messages).

The evaluation page posts several small forms; each names the evaluation in `id`
(`EvaluationForm`). Fields per indicator, RHK or behaviour are added to a form class built
for the plan at hand (`RealisationForm.build`, `AssessmentForm.build`), keeping the names the
page has always posted (`value-<iki id>`, `rhk-<rhk id>`, `behaviour-<code>`). A field that was
not posted is not "emptied": `sent(field)` tells the two apart.

Validators never format a user's text into a message with `%` (an indicator named "Capaian
(%)" would break WTForms' own `Length` message).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask_wtf.file import FileField
from wtforms import (BooleanField, DateField, HiddenField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Optional, ValidationError

from app.core.forms import Form
from app.i18n import _, _l, local_today
from plugins.appraisal import rules
from plugins.appraisal.behaviours import BEHAVIOURS
from plugins.appraisal.labels import RATING_LABELS
from plugins.appraisal.models import OBJECTION_DECISIONS

MAX_TEXT = 5000
MAX_URL = 500
MAX_NAME = 200


def sent(field) -> bool:
    """Whether the request carried the field at all."""
    return bool(field.raw_data)


def text_of(field) -> str:
    return (field.data or "").strip()


class MaxLength:
    def __init__(self, maximum: int, message: str):
        self.maximum, self.message = maximum, message

    def __call__(self, form, field):
        if len(field.data or "") > self.maximum:
            raise ValidationError(self.message)


class WebAddress:
    """An http(s) address with a host and no spaces (an evidence link), or nothing."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        url = (field.data or "").strip()
        parts = urlsplit(url)
        if url and not (parts.scheme in ("http", "https") and parts.netloc
                        and not any(c.isspace() for c in url)):
            raise ValidationError(self.message)


def rating(form, field):
    if sent(field) and field.data and field.data not in rules.RATINGS:
        raise ValidationError(_("Choose one of the three ratings."))


def not_in_future(form, field):
    if field.data and field.data > local_today():
        raise ValidationError(_("The date cannot be in the future."))


def messages(form) -> list[str]:
    """Every error of the form, once each, in field order."""
    return list(dict.fromkeys(str(e) for field in form for e in field.errors))


class EvaluationForm(Form):
    """A form of the evaluation page: the evaluation it changes, and the version of it the page
    showed (a save from an older page is refused: app.admin.versioning)."""

    id = HiddenField()
    version = HiddenField()


class RealisationForm(EvaluationForm):
    """The employee's realisasi: `value-<id>`, `url-<id>` and `file-<id>` per IKI."""

    @classmethod
    def build(cls, indicators, **kwargs):
        fields = {}
        for iki in indicators:
            too_long = _("%(indicator)s: the text is too long.", indicator=iki.name)
            fields[f"value-{iki.id}"] = TextAreaField(validators=[MaxLength(MAX_TEXT, too_long)])
            fields[f"url-{iki.id}"] = StringField(validators=[
                MaxLength(MAX_URL, too_long),
                WebAddress(_("%(indicator)s: the evidence link must be a web address (http or "
                             "https).", indicator=iki.name))])
            fields[f"file-{iki.id}"] = FileField()
        form = type("RealisationForm", (cls,), fields)(**kwargs)
        form.indicators = indicators
        return form

    def entries(self):
        """The indicators the employee sent, as `realising.Entry`."""
        from plugins.appraisal.services.realising import Entry

        result = []
        for iki in self.indicators:
            value = self[f"value-{iki.id}"]
            if not sent(value):
                continue
            upload = self[f"file-{iki.id}"].data
            result.append(Entry(iki, text_of(value), text_of(self[f"url-{iki.id}"]) or None,
                                upload if upload is not None and upload.filename else None))
        return result


class AssessmentForm(EvaluationForm):
    """The appraiser's ratings and feedback: `rhk-<id>` per RHK, `behaviour-<code>` per
    BerAKHLAK value."""

    hasil_kerja = SelectField(choices=[("", "–"), *RATING_LABELS.items()],
                              validate_choice=False, validators=[rating])
    perilaku = SelectField(choices=[("", "–"), *RATING_LABELS.items()],
                           validate_choice=False, validators=[rating])

    @classmethod
    def build(cls, rhk_ids, **kwargs):
        too_long = _("A feedback text is too long (at most %(count)s characters).",
                     count=MAX_TEXT)
        fields = {f"rhk-{i}": TextAreaField(validators=[MaxLength(MAX_TEXT, too_long)])
                  for i in rhk_ids}
        fields.update({f"behaviour-{code}": TextAreaField(validators=[
            MaxLength(MAX_TEXT, too_long)]) for code in BEHAVIOURS})
        form = type("AssessmentForm", (cls,), fields)(**kwargs)
        form.rhk_ids = rhk_ids
        return form

    def ratings(self) -> dict[str, str | None]:
        return {name: (self[name].data or "").strip() or None
                for name in ("hasil_kerja", "perilaku") if sent(self[name])}

    def texts(self) -> dict[tuple[int | None, str | None], str]:
        targets = [(f"rhk-{i}", (i, None)) for i in self.rhk_ids] + \
            [(f"behaviour-{code}", (None, code)) for code in BEHAVIOURS]
        return {target: text_of(self[name]) for name, target in targets if sent(self[name])}


class LinkForm(EvaluationForm):
    rhk = StringField()
    report = SelectMultipleField(validate_choice=False)


class UnlinkForm(EvaluationForm):
    report = StringField()


class StartForm(Form):
    skp = StringField()
    period = StringField()


class SignatureForm(EvaluationForm):
    """HR records the signature of a signer outside the system."""

    name = StringField(_l("Name"), validators=[DataRequired(), MaxLength(
        MAX_NAME, _l("The name is too long."))])
    position = StringField(_l("Position"), validators=[DataRequired(), MaxLength(
        MAX_NAME, _l("The position is too long."))])
    signed_on = DateField(_l("Signed on"), validators=[DataRequired(), not_in_future])


class DecisionForm(EvaluationForm):
    """The atasan pejabat penilai's decision on an objection (HR records one taken outside
    the system, with the signer's name, position and date)."""

    decision = SelectField(_l("Decision"), choices=list(OBJECTION_DECISIONS.items()))
    hasil_kerja = SelectField(_l("Work results"), choices=[("", "–"), *RATING_LABELS.items()],
                              validate_choice=False, validators=[rating])
    perilaku = SelectField(_l("Work behaviour"), choices=[("", "–"), *RATING_LABELS.items()],
                           validate_choice=False, validators=[rating])
    reasons = TextAreaField(_l("Reasons"), validators=[DataRequired(), MaxLength(
        MAX_TEXT, _l("The reasons are too long."))])
    name = StringField(_l("Name"), validators=[Optional(), MaxLength(
        MAX_NAME, _l("The name is too long."))])
    position = StringField(_l("Position"), validators=[Optional(), MaxLength(
        MAX_NAME, _l("The position is too long."))])
    signed_on = DateField(_l("Signed on"), validators=[Optional(), not_in_future])


class FinishForm(Form):
    """HR confirms finishing a cycle, and that evaluations still awaiting a signature are
    finalised as they stand."""

    confirm = BooleanField(_l("I have read what is still open and finish the cycle."),
                           validators=[DataRequired()])
    finalise_open = BooleanField(_l("Finalise the evaluations awaiting a signature as they "
                                    "stand."))
