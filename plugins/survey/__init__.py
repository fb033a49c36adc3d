"""Citizen satisfaction survey (IKM, PermenPAN-RB 14/2017; DOMAIN 6).

- `ikm`: the nine unsur, NRR, IKM with the exact weight 1/9, mutu A-D, Krejcie-Morgan;
- `models`: periods per service unit and responses; `choices`: the respondent profile;
- `public`: the form citizens fill without login (phone first), QR codes and the poster;
  `abuse`: honeypot, rate limit, size limits, one response per device per day;
- `results`: the figures of a period; `admin`: periods, responses (review), the results page
  with its exports and printable report; `inbox`: responses awaiting review;
  `transparency`: the section of the public transparency page and its open data; `demo`: two
  periods for two units.
"""
from app.core.hooks import InboxSource, PublicLink, TransparencySection
from app.core.plugins import Plugin
from app.i18n import _l


class SurveyPlugin(Plugin):
    name = "survey"
    title = _l("Satisfaction survey (IKM)")
    version = "0.1.0"
    # Responses one source (IP address) may send: generous, a counter's tablet is one source.
    default_settings = {"rate_limit": "20 per hour; 60 per day", "suggestion_max": 1000}

    def admin_views(self):
        from plugins.survey import admin

        return admin.views()

    def blueprints(self):
        from plugins.survey.public import bp

        return [bp]

    def inbox_sources(self):
        from plugins.survey.inbox import pending_reviews

        return [InboxSource("survey", pending_reviews)]

    def public_links(self):
        return [PublicLink("survey", _l("Give your opinion on a public service (IKM survey)"),
                           "survey.choose",
                           _l("Nine short questions, no login, about two minutes."))]

    def transparency_sections(self):
        from plugins.survey.transparency import SCHEMA, render, rows

        return [TransparencySection("survey", _l("Community satisfaction index (IKM)"),
                                    render, rows, SCHEMA)]

    def demo_data(self):
        from plugins.survey.demo import load

        load()


plugin = SurveyPlugin()
