"""NIP (Nomor Induk Pegawai) validation: 18 digits = birth date, TMT CPNS, sex, serial."""
from dataclasses import dataclass
from datetime import date

from app.i18n import _


@dataclass(frozen=True)
class NipParts:
    birth_date: date
    tmt_year: int
    tmt_month: int
    sex: str  # "1" male, "2" female
    serial: str


def parse_nip(value: str) -> NipParts:
    """Split and validate a NIP; raises ValueError with an Indonesian message naming the bad part."""
    nip = (value or "").replace(" ", "")
    if len(nip) != 18 or not nip.isdigit():
        raise ValueError(_("NIP must be exactly 18 digits."))
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValueError(_("The first 8 digits of the NIP must be a valid birth date (YYYYMMDD).")) from None
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        raise ValueError(_("Digits 13-14 of the NIP must be a valid TMT CPNS month (01-12)."))
    if tmt_year < birth.year + 15 or tmt_year > date.today().year + 1:
        raise ValueError(_("Digits 9-12 of the NIP must be a plausible TMT CPNS year."))
    if nip[14] not in "12":
        raise ValueError(_("Digit 15 of the NIP must be 1 (male) or 2 (female)."))
    if nip[15:] == "000":
        raise ValueError(_("The last 3 digits of the NIP (serial number) cannot be 000."))
    return NipParts(birth, tmt_year, tmt_month, nip[14], nip[15:])


def is_valid_nip(value: str) -> bool:
    try:
        parse_nip(value)
    except ValueError:
        return False
    return True
