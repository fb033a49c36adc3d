"""Public forum plugin (DOMAIN 7): Forum Konsultasi Publik, community meetings and hearings.

- `models`: venues, forums and the meetings of recurring ones, agenda, minutes (revisions),
  public registrations, attendance by stakeholder group and sex, follow-ups (tindak lanjut);
- `workflows`: the forum's and the follow-up's workflows on the core engine;
- `scheduling`: the RRULE subset (python-dateutil), venue conflicts, a series' meetings;
- `calendar`: .ics files and feeds (icalendar) and the month page of the back office;
- `admin`: the back-office views (coordinators; owner units for their follow-ups);
- `public`: the pages without login (upcoming forums, registration, minutes, follow-ups);
- `registration`: capacity, waiting list and spam limits; `reminders`: e-mail reminders;
- `dashboard`: overdue follow-ups on the owner unit's home page and in its inbox;
- `transparency`: forums held and follow-ups done per unit; `demo`: a monthly FKP of DPMPTSP.
"""
from app.core.hooks import InboxSource, PublicLink, TransparencySection, Widget
from app.core.plugins import Plugin
from app.i18n import _l


class ForumPlugin(Plugin):
    name = "forum"
    title = _l("Public forums")
    version = "0.1.0"
    # Reminders: registrants `remind_days` before a meeting, follow-up owners when one is due
    # within `follow_up_days` or overdue; public registration: `register_rate` per source.
    default_settings = {"remind_days": 2, "follow_up_days": 7,
                        "register_rate": "5 per hour;20 per day"}

    def admin_views(self):
        from plugins.forum import admin, calendar

        return [*admin.views(), calendar.MonthView()]

    def blueprints(self):
        from plugins.forum.public import bp

        return [bp]

    def cli(self):
        from plugins.forum.reminders import remind_command

        return [remind_command]

    def workflows(self):
        from plugins.forum.workflows import follow_up_binding, forum_binding

        return [forum_binding(), follow_up_binding()]

    def dashboard_widgets(self):
        from plugins.forum.dashboard import widget

        return [Widget("forum", widget)]

    def inbox_sources(self):
        from plugins.forum.dashboard import inbox

        return [InboxSource("forum", inbox)]

    def public_links(self):
        return [PublicLink("forum", _l("Public forums"), "forum.index",
                           _l("Upcoming forums and registration, published minutes and "
                              "follow-ups per unit"))]

    def transparency_sections(self):
        from plugins.forum import transparency

        return [TransparencySection("forum", _l("Public forums and their follow-ups"),
                                    transparency.render, transparency.rows,
                                    transparency.SCHEMA)]

    def audit_labels(self):
        from app.core.hooks import AuditLabels
        from plugins.forum.models import GROUPS

        return [AuditLabels("forum_minutes", _l("Minutes"), {"body": _l("Minutes")}),
                AuditLabels("forum_forum", _l("Forum"), {}, {"stakeholder_groups": GROUPS})]

    def demo_data(self):
        from plugins.forum.demo import load

        load()


plugin = ForumPlugin()
