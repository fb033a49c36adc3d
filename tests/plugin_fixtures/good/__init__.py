"""Test plugins."""
