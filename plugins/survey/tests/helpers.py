"""Shared steps of the survey tests: a period for a unit and counted responses."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import insert

from app.extensions import db
from app.i18n import local_today
from plugins.survey.models import COUNTED, SurveyPeriod, SurveyResponse

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def make_period(unit_id, title="Semester II", population=1000, days_back=30, **kw):
    today = local_today()
    period = SurveyPeriod(unit_id=unit_id, title=title, starts_on=today - timedelta(days_back),
                          ends_on=today + timedelta(days=30), population=population,
                          services=kw.pop("services", "KTP-el\nAkta kelahiran"),
                          counters=kw.pop("counters", "Loket 1"), **kw)
    db.session.add(period)
    db.session.commit()
    return period.id


def add_responses(period_id, answers_list, status=COUNTED, **profile):
    rows = [{"period_id": period_id, "status": status,
             **{f"u{n}": a for n, a in enumerate(answers, 1)},
             "age_band": profile.get("age_band", "26-35"), "sex": profile.get("sex", "P"),
             "education": profile.get("education", "sma"),
             "occupation": profile.get("occupation", "self"),
             "suggestion": profile.get("suggestion"), "suggestion_published": False}
            for answers in answers_list]
    db.session.execute(insert(SurveyResponse), rows)
    db.session.commit()


def form_data(token, answers=(3,) * 9, **extra):
    data = {"csrf_token": token, "age_band": "26-35", "sex": "L", "education": "s1",
            "occupation": "private", "service": "KTP-el", "suggestion": "",
            **{f"u{n}": str(a) for n, a in enumerate(answers, 1)}}
    data.update(extra)
    return data


def token_of(client, url):
    page = client.get(url)
    match = TOKEN.search(page.get_data(as_text=True))
    assert match, page.get_data(as_text=True)[:500]
    return match.group(1)
