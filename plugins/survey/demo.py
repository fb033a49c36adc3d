"""Demo data, made once by `flask demo`: two survey periods for DPMPTSP and for Disdukcapil
with invented responses whose mutu differ (DPMPTSP C then B, Disdukcapil B then A), the waiting
time (unsur 3) the weakest, a few suggestions (some reviewed and published), and a counter per
unit for the QR posters. The latest period is open, so the form can be filled."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import insert, select

from app.extensions import db
from app.i18n import local_today
from app.org.models import WorkUnit
from plugins.survey.choices import AGE_BANDS, EDUCATION, OCCUPATIONS
from plugins.survey.models import COUNTED, SurveyPeriod, SurveyResponse

# unit code -> (population, services, counters, [(per-unsur mean answers) per period])
UNITS = {
    "DPMPTSP": (4200, ["Izin usaha (OSS)", "Persetujuan bangunan gedung", "Izin praktik"],
                ["Loket 1", "Loket 2"],
                [(2.9, 2.8, 2.4, 3.1, 2.9, 2.9, 3.0, 2.7, 2.8),
                 (3.3, 3.2, 2.8, 3.5, 3.2, 3.3, 3.4, 3.0, 3.1)]),
    "DISDUKCAPIL": (12500, ["KTP-el", "Kartu keluarga", "Akta kelahiran", "Akta kematian"],
                    ["Loket KTP-el", "Loket Akta"],
                    [(3.3, 3.2, 2.9, 3.8, 3.2, 3.1, 3.3, 3.0, 3.0),
                     (3.7, 3.6, 3.3, 3.9, 3.6, 3.6, 3.7, 3.5, 3.5)]),
}
RESPONSES = (120, 380)  # per period: the first below the Krejcie-Morgan minimum, the second above
SUGGESTIONS = ["Antrean pagi terlalu panjang, mohon tambah petugas.",
               "Ruang tunggu perlu kipas angin.", "Pelayanan sudah cepat, terima kasih.",
               "Mohon informasi persyaratan dipasang di papan pengumuman.",
               "Petugas ramah dan membantu."]


def _semesters(today: date) -> list[tuple[str, date, date]]:
    y = today.year
    first = (f"Semester I {y}", date(y, 1, 1), date(y, 6, 30))
    second = (f"Semester II {y}", date(y, 7, 1), date(y, 12, 31))
    if today.month >= 7:
        return [first, second]
    return [(f"Semester II {y - 1}", date(y - 1, 7, 1), date(y - 1, 12, 31)), first]


def _answer(rng: random.Random, mean: float) -> int:
    return min(4, max(1, round(rng.gauss(mean, 0.55))))


def load() -> None:
    if db.session.scalar(select(SurveyPeriod.id).limit(1)) is not None:
        return
    rng = random.Random(15)
    today = local_today()
    for code, (population, services, counters, means) in UNITS.items():
        unit = db.session.scalar(select(WorkUnit).where(WorkUnit.code == code))
        if unit is None:
            continue
        for (title, start, end), unsur_means, count in zip(_semesters(today), means, RESPONSES):
            period = SurveyPeriod(unit=unit, title=title, starts_on=start, ends_on=end,
                                  population=population, services="\n".join(services),
                                  counters="\n".join(counters), review_required=False,
                                  open=end >= today)
            db.session.add(period)
            db.session.flush()
            last = min(end, today)
            rows = []
            for n in range(count):
                day = start + timedelta(days=rng.randrange((last - start).days + 1))
                at = datetime.combine(day, time(1 + rng.randrange(6)), tzinfo=timezone.utc)
                suggestion = SUGGESTIONS[n % len(SUGGESTIONS)] if n % 9 == 0 else None
                rows.append({
                    "period_id": period.id, "submitted_at": at, "status": COUNTED,
                    **{f"u{i}": _answer(rng, m) for i, m in enumerate(unsur_means, 1)},
                    "age_band": rng.choice(list(AGE_BANDS)), "sex": rng.choice("LP"),
                    "education": rng.choice(list(EDUCATION)),
                    "occupation": rng.choice(list(OCCUPATIONS)),
                    "service": rng.choice(services), "counter": rng.choice(counters),
                    "suggestion": suggestion,
                    "suggestion_published": bool(suggestion) and n % 2 == 0})
            db.session.execute(insert(SurveyResponse), rows)
    db.session.commit()
