"""The six roles of the portal (DESIGN section 7) and their translated names."""
from app.i18n import _l

HR_ADMIN = "hr_admin"
SUPERVISOR = "supervisor"
EMPLOYEE = "employee"
TRAINER = "trainer"
FORUM_COORDINATOR = "forum_coordinator"
AUDITOR = "auditor"

ROLES = {
    HR_ADMIN: _l("HR administrator (BKPSDM)"),
    SUPERVISOR: _l("Supervisor (atasan)"),
    EMPLOYEE: _l("Employee"),
    TRAINER: _l("Trainer"),
    FORUM_COORDINATOR: _l("Forum coordinator"),
    AUDITOR: _l("Auditor (read-only)"),
}
