"""The roster aggregate's queries: people and agencies, on SQLite or PostgreSQL.

- ``records``: one person or agency by id or key, uniqueness checks, a person's history;
- ``listing``: the roster page (search, filters, orders, keyset paging, counts), the agency
  list with head counts, an agency's employees for the printed list;
- ``bulk``: many people or agencies written at once (the demo, the import) through the
  synced-row primitive, with the search index following in one statement.

The search index itself (FTS5 trigram or pg_trgm) is store/search.py's.
"""
