"""Fixed vocabularies of the organisation module, with translated labels."""
from app.i18n import _l

UNIT_KINDS = {
    "pemda": _l("Regional government"),
    "dinas": _l("Dinas"),
    "badan": _l("Badan"),
    "inspektorat": _l("Inspectorate"),
    "sekretariat": _l("Secretariat"),
    "bagian": _l("Bagian"),
    "bidang": _l("Bidang"),
    "seksi": _l("Seksi"),
    "subbagian": _l("Subbagian"),
    "distrik": _l("District (distrik)"),
}

POSITION_KINDS = {
    "jpt": _l("JPT (senior executive)"),
    "administrator": _l("Administrator"),
    "pengawas": _l("Pengawas (supervisor)"),
    "pelaksana": _l("Pelaksana (staff)"),
    "fungsional": _l("Functional"),
}

FUNCTIONAL_LEVELS = {
    "ahli_pertama": _l("Ahli Pertama"),
    "ahli_muda": _l("Ahli Muda"),
    "ahli_madya": _l("Ahli Madya"),
    "ahli_utama": _l("Ahli Utama"),
    "terampil": _l("Terampil"),
    "mahir": _l("Mahir"),
    "penyelia": _l("Penyelia"),
}

EMPLOYMENT_TYPES = {"pns": "PNS", "pppk": "PPPK"}

PNS_GRADES = [f"{g}/{r}" for g in ("I", "II", "III") for r in "abcd"] + [
    f"IV/{r}" for r in "abcde"
]
PPPK_GRADES = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
               "XIII", "XIV", "XV", "XVI", "XVII"]
