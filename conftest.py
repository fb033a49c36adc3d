"""Root pytest configuration: the shared fixtures serve core tests and every plugin's tests."""
pytest_plugins = ["tests.fixtures.core", "tests.fixtures.browser"]
