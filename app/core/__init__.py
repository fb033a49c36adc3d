"""Core infrastructure: the module protocol, shared model mixins and choices."""
