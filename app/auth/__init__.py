"""Users, roles, login and the permission helpers every view uses."""
