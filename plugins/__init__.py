"""Plugin packages: each sub-package exposes `plugin = XPlugin()` (see app.core.plugins)."""
