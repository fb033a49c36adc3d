"""Backup and restore of the whole installation: the database and the uploaded files, as one
archive (`flask backup`, `flask restore`). See docs/deployment.md for the schedule and the drill."""
