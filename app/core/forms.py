"""The base form for our own (non-admin) forms, and the date fields every form uses: dates are
typed the Indonesian way (dd/mm/yyyy) and ISO dates (what a script or an old bookmark sends)
are still taken."""
from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeField
from wtforms.widgets import TextInput

from app.i18n import _, wtforms_translations

# As Indonesians type a date first, then the ISO form.
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")
DATETIME_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H.%M", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y %H:%M",
                    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return wtforms_translations


def _parse(text: str, formats) -> datetime | None:
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


class LocalDateField(DateField):
    """A date typed as dd/mm/yyyy (or sent as yyyy-mm-dd); a refusal says the format. A text
    box, not the browser's date picker, so that it reads and takes the Indonesian form."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", list(DATE_FORMATS))
        kwargs.setdefault("render_kw", {"placeholder": "dd/mm/yyyy", "inputmode": "numeric",
                                        "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d/%m/%Y") if self.data else ""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        parsed = _parse(valuelist[0].strip(), DATE_FORMATS)
        self.data = parsed.date() if parsed else None
        if parsed is None:
            raise ValueError(_("Not a valid date: write it as dd/mm/yyyy, e.g. 01/12/2026."))


class LocalDateTimeField(DateTimeField):
    """A date and time typed as `dd/mm/yyyy hh:mm` (or ISO); shown the same way."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", list(DATETIME_FORMATS))
        kwargs.setdefault("render_kw", {"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d/%m/%Y %H:%M") if self.data else ""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = _parse(valuelist[0].strip(), DATETIME_FORMATS)
        if self.data is None:
            raise ValueError(_("Not a valid date and time: write it as dd/mm/yyyy hh:mm, e.g. "
                               "01/12/2026 08:30."))
