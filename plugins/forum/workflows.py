"""The forum's and the follow-up's workflows on the core engine: the codes the plugin's code
relies on (compare with these constants, never with literals), the default definitions (seed
data HR may relabel and extend) and the bindings with their contracts."""
from app.core.roles import FORUM_COORDINATOR
from app.i18n import _, _l, utcnow
from app.workflow.engine import Binding

FORUM = "forum_forum"
PROPOSED, SCHEDULED, HELD, PUBLISHED, CANCELLED = (
    "proposed", "scheduled", "held", "published", "cancelled")
SCHEDULE, HOLD, PUBLISH, WITHDRAW, CANCEL = (
    "schedule", "hold", "publish_minutes", "withdraw_minutes", "cancel")
ACTIVE = (PROPOSED, SCHEDULED, HELD, PUBLISHED)   # states that book their venue

FOLLOW_UP = "forum_follow_up"
OPEN, IN_PROGRESS, DONE, DROPPED = "open", "in_progress", "done", "dropped"
START, COMPLETE, DROP, REOPEN = "start", "complete", "drop", "reopen"
UNFINISHED = (OPEN, IN_PROGRESS)


def _by_coordinator(code, label, src, dst, **more):
    return {"code": code, "label": label, "from_state": src, "to_state": dst,
            "approver": "role", "role": FORUM_COORDINATOR, "allow_self": True, **more}


FORUM_DEFINITION = {
    "entity": FORUM,
    "name": "Forum publik",
    "initial_state": PROPOSED,
    "states": [
        {"code": PROPOSED, "label": "Usulan", "color": "secondary"},
        {"code": SCHEDULED, "label": "Dijadwalkan", "color": "info"},
        {"code": HELD, "label": "Terlaksana", "color": "primary"},
        {"code": PUBLISHED, "label": "Notulen Dipublikasikan", "is_final": True,
         "color": "success"},
        {"code": CANCELLED, "label": "Dibatalkan", "is_final": True, "color": "dark"},
    ],
    "transitions": [
        _by_coordinator(SCHEDULE, "Jadwalkan", PROPOSED, SCHEDULED),
        _by_coordinator(HOLD, "Tandai terlaksana", SCHEDULED, HELD),
        _by_coordinator(PUBLISH, "Publikasikan notulen", HELD, PUBLISHED),
        _by_coordinator(WITHDRAW, "Tarik notulen", PUBLISHED, HELD, comment_required=True),
        _by_coordinator(CANCEL, "Batalkan", PROPOSED, CANCELLED, comment_required=True),
        _by_coordinator(CANCEL, "Batalkan", SCHEDULED, CANCELLED, comment_required=True),
    ],
}

FOLLOW_UP_DEFINITION = {
    "entity": FOLLOW_UP,
    "name": "Tindak lanjut forum",
    "initial_state": OPEN,
    "states": [
        {"code": OPEN, "label": "Belum dikerjakan", "color": "secondary"},
        {"code": IN_PROGRESS, "label": "Sedang dikerjakan", "color": "info"},
        {"code": DONE, "label": "Selesai", "is_final": True, "color": "success"},
        {"code": DROPPED, "label": "Tidak dilanjutkan", "is_final": True, "color": "dark"},
    ],
    "transitions": [
        # The responsible official of the owner unit works it off; the coordinator keeps the
        # right to close one that will not be done, with the reason.
        {"code": START, "label": "Mulai kerjakan", "from_state": OPEN,
         "to_state": IN_PROGRESS, "approver": "owner"},
        {"code": COMPLETE, "label": "Selesai", "from_state": IN_PROGRESS, "to_state": DONE,
         "approver": "owner"},
        _by_coordinator(REOPEN, "Buka kembali", DONE, IN_PROGRESS, comment_required=True),
        _by_coordinator(DROP, "Tidak dilanjutkan", OPEN, DROPPED, comment_required=True),
        _by_coordinator(DROP, "Tidak dilanjutkan", IN_PROGRESS, DROPPED,
                        comment_required=True),
    ],
}


def forum_check(forum, transition):
    """Why the forum cannot take `transition` yet, or None."""
    from plugins.forum import scheduling

    if transition.to_state == SCHEDULED:
        return scheduling.conflict_message(forum)
    if transition.to_state == HELD:
        if forum.recurrence != "none":
            return _("A recurring forum is held meeting by meeting: open the meeting from the "
                     "calendar or the series' page.")
        if forum.start_at and scheduling.aware(forum.start_at) > utcnow():
            return _("The forum has not started yet.")
    if transition.to_state == PUBLISHED and not forum.minutes:
        return _("Write the minutes first.")
    return None


def forum_pending(transition):
    """The inbox counts what `forum_check` would let through: meetings that have started (not
    whole series) to mark held, held ones with minutes to publish."""
    from sqlalchemy import exists, select

    from plugins.forum.models import Forum, ForumMinutes

    if transition.to_state == HELD:
        return (Forum.recurrence == "none") & (Forum.start_at <= utcnow())
    if transition.to_state == PUBLISHED:
        return exists(select(ForumMinutes.id).where(ForumMinutes.forum_id == Forum.id))
    return None


def _forum_values(transition, user, comment):
    return {"cancel_reason": comment or ""} if transition.to_state == CANCELLED else {}


def follow_up_check(follow_up, transition):
    if transition.to_state == DONE and not (follow_up.evidence or "").strip() \
            and not (follow_up.evidence_url or "").strip():
        return _("Describe or link the evidence of what was done first.")
    return None


def forum_binding() -> Binding:
    from plugins.forum.models import Forum

    return Binding(
        entity=FORUM, model=Forum, endpoint="forum_forum", owner_attr="contact_id",
        title=_l("Public forums"), describe=str, default=FORUM_DEFINITION,
        initial_state=PROPOSED,
        required_states=(PROPOSED, SCHEDULED, HELD, PUBLISHED, CANCELLED),
        required_transitions=((SCHEDULE, PROPOSED, SCHEDULED), (HOLD, SCHEDULED, HELD),
                              (PUBLISH, HELD, PUBLISHED), (CANCEL, SCHEDULED, CANCELLED)),
        check=forum_check, pending=forum_pending, extra_values=_forum_values)


def follow_up_binding() -> Binding:
    from plugins.forum.models import ForumFollowUp

    return Binding(
        entity=FOLLOW_UP, model=ForumFollowUp, endpoint="forum_follow_up",
        owner_attr="responsible_id", title=_l("Forum follow-ups"), describe=str,
        default=FOLLOW_UP_DEFINITION, initial_state=OPEN,
        required_states=(OPEN, IN_PROGRESS, DONE, DROPPED),
        required_transitions=((COMPLETE, IN_PROGRESS, DONE),),
        check=follow_up_check)
