"""The secure base views of the back office and `build_admin`; imports no feature module."""
