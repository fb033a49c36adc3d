"""Small bad plugins: each breaks one isolation or registry rule (tests/core/test_plugin_isolation.py)."""
