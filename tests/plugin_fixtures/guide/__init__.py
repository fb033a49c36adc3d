"""The plugin of the author's guide (docs/plugins.md), loaded and exercised by the suite."""
