"""Performance: periods, indicators, performance agreements, realisations, daily activity reports."""
