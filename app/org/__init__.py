"""Organisation: work units (a tree), positions and employees (ASN)."""
