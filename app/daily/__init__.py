"""Catat kegiatan: the employee's daily reports as an installable phone app that works offline
(issue 17). The page, its manifest and service worker, and the JSON endpoints its script talks
to live here; the rules a report must pass are the back office's (app.performance)."""
