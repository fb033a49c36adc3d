"""A package without a `plugin` object."""
