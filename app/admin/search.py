"""List search: every term of a search must match one of the view's search fields, through a
trigram index where the column has one (app.core.fulltext), with LIKE wildcards taken literally."""
from __future__ import annotations

from sqlalchemy import String, Unicode, cast, or_

from app.core import fulltext
from app.extensions import db

SEARCH_MAX = 500  # characters of a search or a filter value


def like_pattern(term: str) -> str:
    """`%term%` for `ilike(..., escape="\\")`, the LIKE wildcards in `term` taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column, term: str, pattern: str):
    """`column` contains `term`, case-insensitively: through a trigram index where the column has
    one (app.core.fulltext), else ILIKE. Text columns are not cast, so that PostgreSQL's pg_trgm
    index on the bare column serves the ILIKE."""
    indexed = fulltext.match(db.session, column, term)
    if indexed is not None:
        return indexed
    if not isinstance(column.type, String):
        column = cast(column, Unicode)
    return column.ilike(pattern, escape="\\")


class SearchMixin:
    """A ModelView's search, term by term."""

    def _apply_search(self, query, count_query, joins, count_joins, search):
        for term in search.split():
            pattern = like_pattern(term)
            clauses, count_clauses = [], []
            for field, path in self._search_fields:
                query, joins, alias = self._apply_path_joins(query, joins, path, inner_join=False)
                column = field if alias is None else getattr(alias, field.key)
                clauses.append(contains(column, term, pattern))
                if count_query is not None:
                    count_query, count_joins, count_alias = self._apply_path_joins(
                        count_query, count_joins, path, inner_join=False)
                    column = field if count_alias is None else getattr(count_alias, field.key)
                    count_clauses.append(contains(column, term, pattern))
            query = query.filter(or_(*clauses))
            if count_query is not None:
                count_query = count_query.filter(or_(*count_clauses))
        return query, count_query, joins, count_joins
