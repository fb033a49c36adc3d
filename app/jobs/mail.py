"""Notification e-mails as jobs: `send_mail` queues one with the caller's commit, so a workflow
transition never waits on SMTP, and the worker sends it (through SMTP when MAIL_SERVER is set,
otherwise to the log), trying an unreachable server again with a doubling delay
(JOBS_MAIL_RETRIES, JOBS_MAIL_RETRY_DELAY); the job page shows the last error."""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

from app.jobs.queue import submit

log = logging.getLogger(__name__)
SMTP_TIMEOUT = 10  # seconds per attempt; a worker thread waits, never a request


def send_mail(address: str | None, subject: str, body: str) -> None:
    """Queue an e-mail; it leaves when the current transaction commits."""
    if not address:
        return
    submit("mail", title=address, params={"to": address, "subject": subject, "body": body})


def deliver(job) -> None:
    """The mail job: one attempt; an error is raised for the queue to retry."""
    p = job.params
    server = current_app.config.get("MAIL_SERVER")
    if not server:
        log.info("mail to %s: %s\n%s", p["to"], p["subject"], p["body"])
        return
    mail = EmailMessage()
    mail["From"] = current_app.config["MAIL_FROM"]
    mail["To"] = p["to"]
    mail["Subject"] = p["subject"]
    mail.set_content(p["body"])
    with smtplib.SMTP(server, current_app.config.get("MAIL_PORT", 25),
                      timeout=SMTP_TIMEOUT) as smtp:
        smtp.send_message(mail)
