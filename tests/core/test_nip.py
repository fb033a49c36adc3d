"""NIP validation: 18 digits = birth date, TMT CPNS year and month, sex, serial."""
import pytest

from app.org.nip import is_valid_nip, parse_nip

pytestmark = pytest.mark.no_db


def test_valid_nip_is_split_into_its_parts():
    parts = parse_nip("198504122010031001")
    assert parts.birth_date.isoformat() == "1985-04-12"
    assert (parts.tmt_year, parts.tmt_month, parts.sex, parts.serial) == (2010, 3, "1", "001")


def test_spaces_are_ignored():
    assert is_valid_nip("19850412 201003 1 001")


@pytest.mark.parametrize("nip", [
    "19850412201003100",     # 17 digits
    "1985041220100310011",   # 19 digits
    "19850412201003100A",    # a letter
    "198502302010031001",    # 30 February
    "198513012010031001",    # month 13 in the birth date
    "198504122010131001",    # TMT month 13
    "198504122010001001",    # TMT month 00
    "198504122010033001",    # sex digit 3
    "198504122010030001",    # sex digit 0
    "198504121990031001",    # TMT CPNS at age 4
    "198504122010031000",    # serial 000
])
def test_invalid_nips_are_refused(nip):
    with pytest.raises(ValueError):
        parse_nip(nip)
