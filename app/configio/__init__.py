"""Configuration as data: indicators, custom fields, workflows and capaian bands move between
servers as one JSON file. Import validates everything first and changes nothing if any part is
invalid."""
