"""Public pages that need no login: the home page and the health check."""
