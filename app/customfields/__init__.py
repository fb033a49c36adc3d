"""Custom fields: typed fields an HR admin adds to an entity without code. Values live in a
value table (one row per field and record), so lists can filter on them in SQL."""
