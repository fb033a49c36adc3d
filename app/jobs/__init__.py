"""Background jobs: large exports, notification e-mails (retried with back-off), the audit
checkpoint, clean-up of old results, and what plugins schedule.

Huey carries the work (`queue.py`: a SQLite file beside the app by default, Redis when
`JOBS_URL` names one); the `job` table (`models.py`) is what people see: who asked, the state,
the progress, the error and the result file. `flask jobs worker` runs the consumer.
"""
