"""The fixed vocabularies of capacity building (DOMAIN 5): routes and kinds of development,
competency areas, funding sources, attendance marks and results."""
from __future__ import annotations

from app.i18n import _l

KLASIKAL, NONKLASIKAL, EDUCATION = "klasikal", "nonklasikal", "pendidikan"
ROUTES = {
    KLASIKAL: _l("Classical (klasikal)"),
    NONKLASIKAL: _l("Non-classical (nonklasikal)"),
    EDUCATION: _l("Education (tugas/izin belajar)"),
}

# kind -> (route, label); the DOMAIN 5 lists.
KINDS = {
    "struktural": (KLASIKAL, _l("Leadership training (struktural kepemimpinan)")),
    "manajerial": (KLASIKAL, _l("Managerial training")),
    "teknis": (KLASIKAL, _l("Technical training")),
    "fungsional": (KLASIKAL, _l("Functional training")),
    "sosial_kultural": (KLASIKAL, _l("Socio-cultural training")),
    "seminar": (KLASIKAL, _l("Seminar or conference")),
    "workshop": (KLASIKAL, _l("Workshop")),
    "kursus": (KLASIKAL, _l("Course (kursus)")),
    "penataran": (KLASIKAL, _l("Upgrading (penataran)")),
    "bimtek": (KLASIKAL, _l("Technical guidance (bimbingan teknis)")),
    "sosialisasi": (KLASIKAL, _l("Socialisation (sosialisasi)")),
    "coaching": (NONKLASIKAL, _l("Coaching")),
    "mentoring": (NONKLASIKAL, _l("Mentoring")),
    "elearning": (NONKLASIKAL, _l("E-learning")),
    "pjj": (NONKLASIKAL, _l("Distance training (pelatihan jarak jauh)")),
    "detasering": (NONKLASIKAL, _l("Secondment (detasering)")),
    "outbound": (NONKLASIKAL, _l("Outbound")),
    "patok_banding": (NONKLASIKAL, _l("Benchmarking (patok banding)")),
    "pertukaran": (NONKLASIKAL, _l("Employee exchange")),
    "belajar_mandiri": (NONKLASIKAL, _l("Self-study (belajar mandiri)")),
    "komunitas_belajar": (NONKLASIKAL, _l("Learning community")),
    "bimbingan_kerja": (NONKLASIKAL, _l("Guidance at the workplace")),
    "magang": (NONKLASIKAL, _l("Internship (magang)")),
    "tugas_belajar": (EDUCATION, _l("Study assignment (tugas belajar), per semester")),
    "izin_belajar": (EDUCATION, _l("Study permit (izin belajar), per semester")),
}
KIND_LABELS = {code: label for code, (_route, label) in KINDS.items()}

COMPETENCIES = {
    "manajerial": _l("Managerial"),
    "sosial_kultural": _l("Socio-cultural"),
    "teknis": _l("Technical"),
}

FUNDING = {
    "apbd": _l("Regional budget (APBD)"),
    "apbn": _l("State budget (APBN)"),
    "mandiri": _l("Self-funded"),
    "lainnya": _l("Other"),
}

PRESENT, ABSENT, EXCUSED = "hadir", "tidak_hadir", "izin"
ATTENDANCE = {PRESENT: _l("Present"), ABSENT: _l("Absent"), EXCUSED: _l("Excused")}

PASSED, FAILED = "lulus", "tidak_lulus"
RESULTS = {PASSED: _l("Passed"), FAILED: _l("Not passed")}

# How a JP rule counts (rules.credit): actual hours (JP = minutes / 45), a number of JP per
# day attended, per session (coaching) or once per activity (detasering, per semester).
HOURS, PER_DAY, PER_SESSION, FIXED = "jam", "per_hari", "per_sesi", "tetap"
BASES = {
    HOURS: _l("Actual hours (1 JP = 45 minutes)"),
    PER_DAY: _l("JP per day attended"),
    PER_SESSION: _l("JP per session"),
    FIXED: _l("JP per activity"),
}

SUGGESTION_STATES = {"open": _l("Open"), "invited": _l("Invited"),
                     "dismissed": _l("Dismissed")}
