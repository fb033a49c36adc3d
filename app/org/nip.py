"""NIP (Nomor Induk Pegawai) validation: 18 digits = birth date, TMT CPNS, sex, serial.

A PPPK number has the year of appointment followed by a code where a PNS number has the TMT
month (DOMAIN 1; `21` in the numbers we know, the setting `PPPK_NIP_CODES`): accepted for PPPK
staff only. Digits are ASCII: full-width (１２３) and Arabic-Indic (١٢٣) digits are turned into
ASCII first by `normalise_nip`, so one person cannot be registered twice under look-alike NIPs.
"""
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from flask import current_app, has_app_context

from app.i18n import _

ASCII_18 = re.compile(r"[0-9]{18}")
DEFAULT_PPPK_CODES = ("21",)


@dataclass(frozen=True)
class NipParts:
    birth_date: date
    tmt_year: int
    tmt_month: int  # for a PPPK number: its code (e.g. 21)
    sex: str  # "1" male, "2" female
    serial: str
    pppk: bool = False


def normalise_nip(value) -> str:
    """Spaces dropped and every Unicode decimal digit written as its ASCII digit (what can be
    normalised); anything else is left for `parse_nip` to refuse."""
    if not isinstance(value, str):
        return value
    out = []
    for char in value:
        if char.isspace():
            continue
        out.append(str(unicodedata.decimal(char)) if char.isdecimal() else char)
    return "".join(out)


def pppk_codes() -> tuple[str, ...]:
    """The setting as two-digit strings (a list, or `21,22` / `21` from the environment)."""
    if not has_app_context():
        return DEFAULT_PPPK_CODES
    codes = current_app.config.get("PPPK_NIP_CODES", DEFAULT_PPPK_CODES)
    if isinstance(codes, (str, int)):
        codes = str(codes).split(",")
    return tuple(f"{int(c):02d}" if str(c).strip().isdigit() else str(c).strip()
                 for c in codes)


def parse_nip(value: str, employment_type: str | None = None) -> NipParts:
    """Split and validate a NIP; raises ValueError with an Indonesian message naming the bad
    part. `employment_type` "pns" refuses the PPPK layout; None accepts either layout (the
    model's own check, which does not know the type yet)."""
    nip = normalise_nip(value or "")
    if not ASCII_18.fullmatch(nip):
        raise ValueError(_("NIP must be exactly 18 digits."))
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValueError(_("The first 8 digits of the NIP must be a valid birth date (YYYYMMDD).")) from None
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    pppk = nip[12:14] in pppk_codes()
    if pppk and employment_type == "pns":
        raise ValueError(_("Digits 13-14 of the NIP (%(code)s) are a PPPK code: a PNS number "
                           "has the TMT CPNS month (01-12) there. Check the employment type.",
                           code=nip[12:14]))
    if not pppk and not 1 <= tmt_month <= 12:
        if employment_type == "pppk" or employment_type is None:
            raise ValueError(_("Digits 13-14 of the NIP must be a TMT month (01-12) or a PPPK "
                               "code (%(codes)s).", codes=", ".join(pppk_codes())))
        raise ValueError(_("Digits 13-14 of the NIP must be a valid TMT CPNS month (01-12)."))
    if tmt_year < birth.year + 15 or tmt_year > date.today().year + 1:
        raise ValueError(_("Digits 9-12 of the NIP must be a plausible TMT CPNS year."))
    if nip[14] not in "12":
        raise ValueError(_("Digit 15 of the NIP must be 1 (male) or 2 (female)."))
    if nip[15:] == "000":
        raise ValueError(_("The last 3 digits of the NIP (serial number) cannot be 000."))
    return NipParts(birth, tmt_year, tmt_month, nip[14], nip[15:], pppk)


def is_valid_nip(value: str, employment_type: str | None = None) -> bool:
    try:
        parse_nip(value, employment_type)
    except ValueError:
        return False
    return True


def numeric_nip_hint(raw: str) -> str | None:
    """A hint when a spreadsheet stored the NIP as a number (1.99203152019032e+17, or
    199203152019032000.0): its last digits are lost, so it must be typed again as text."""
    text = (raw or "").strip()
    if re.fullmatch(r"\d+(\.\d+)?[eE][+]?\d+", text) or re.fullmatch(r"\d{15,18}\.0+", text):
        return _("the spreadsheet stored this NIP as a number, which loses its last digits: "
                 "format the NIP column as Text and type the NIPs again (the template does "
                 "this)")
    return None
