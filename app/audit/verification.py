"""One verification run, shared by `flask audit verify` and the back office's button: walk the
chain, log the outcome, and sign a checkpoint of the head when it is intact."""
from __future__ import annotations

import logging

from app.audit.checkpoint import Verdict, lock_chain, write_checkpoint
from app.audit.trail import verify
from app.extensions import db

log = logging.getLogger("app.audit")


def run_verification() -> Verdict:
    session = db.session
    lock_chain(session)  # no event slips in between the walk and the checkpoint
    verdict = verify(session)
    if verdict.ok:
        write_checkpoint(session, "verify", verdict.checked, verdict.head_id, verdict.head_hash)
        session.commit()
        log.info("audit verify OK: %s events", verdict.checked)
    else:
        session.rollback()
        log.error("audit verify FAILED: reason=%s event=%s checkpoint=%s after %s intact events",
                  verdict.reason, getattr(verdict.broken, "id", None),
                  getattr(verdict.checkpoint, "id", None), verdict.checked)
    return verdict
