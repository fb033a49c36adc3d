"""Test plugins with a table outside their prefix."""
