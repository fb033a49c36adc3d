"""The Content-Security-Policy: scripts only from this origin or carrying the request's nonce.

No `'unsafe-inline'` for scripts (issue 8): should a typed text ever slip through unescaped,
an injected `<script>` or `onerror=` handler does not run. Inline handlers Flask-Admin's
templates carried are replaced by data attributes (app/static/js/admin_csp.js); the few inline
scripts left carry `nonce="{{ csp_nonce() }}"` (Flask-Admin's own through
`Admin(csp_nonce_generator=...)`).
"""
from __future__ import annotations

import secrets

from flask import g


def csp_nonce() -> str:
    """This request's nonce (made on first use)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def policy() -> str:
    return ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            f"script-src 'self' 'nonce-{csp_nonce()}'; object-src 'none'; base-uri 'self'; "
            "frame-ancestors 'none'; form-action 'self'")
