"""Demo data for Manokwari (`flask demo`) and bulk benchmark data (`flask bench-data`)."""
