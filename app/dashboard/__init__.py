"""The role-aware home page of the back office: each widget decides whether it applies."""
