"""Search: the query language, BM25 ranking, near-duplicate collapsing, snippets and facets.

>>> from akhbar.search import parse_query, QueryError
>>> parse_query("لاوروف").clauses[0].alternatives[0].terms
('لاوروف',)
"""

from akhbar.search.engine import Archive, SearchConfig, needles, open_archive
from akhbar.search.query import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    Clause,
    Query,
    QueryError,
    TextItem,
    parse_query,
)
from akhbar.search.results import FacetCount, Facets, Fragment, Hit, SearchResult, Snippet
from akhbar.search.snippets import SnippetConfig, make_snippet

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "Archive",
    "Clause",
    "FacetCount",
    "Facets",
    "Fragment",
    "Hit",
    "Query",
    "QueryError",
    "SearchConfig",
    "SearchResult",
    "Snippet",
    "SnippetConfig",
    "TextItem",
    "make_snippet",
    "needles",
    "open_archive",
    "parse_query",
]
