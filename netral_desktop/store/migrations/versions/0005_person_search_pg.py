"""The people's search index on PostgreSQL (pg_trgm); nothing on SQLite (FTS5, migration 0002).

Revision ID: 0005
Revises: 0004

What SQLite's FTS5 trigram table does, PostgreSQL does with the pg_trgm extension: a table
``person_search(person_id, name_key, doc)`` holding the same text per person as on SQLite
(name, jabatan, unit, agency name and short name, NIP, NI PPPK: the view
``person_search_doc``), a
GIN ``gin_trgm_ops`` index on ``doc`` that answers ``doc LIKE '%term%'`` (``doc`` and the
term in lower case: a case-insensitive substring, as an FTS5 phrase under the trigram
tokenizer) from the index plus a recheck of each candidate row, and
PL/pgSQL row triggers on ``person`` and ``agency`` that keep it in step, with the same names
as SQLite's. Why a table of its own rather than an expression index or a generated column on
``person``: the text includes the agency's names, which no expression or generated column of
``person`` may read; and a trigger-kept column on ``person`` would make renaming an agency
rewrite whole person rows (with every index of ``person``), where here it rewrites only the
narrow search rows. The table also mirrors SQLite's, so ``netral check`` and ``netral roster
reindex`` work alike (store/search.py). It keeps the person's name key too: the matches of a
search are sorted by name from this table alone, and only the page's people are read from
``person`` (a probe of ``person`` per match cost more than the rest of the search).

A bulk writer sets the transaction-local ``netral.search_deferred`` to 'on' and indexes what
it wrote with one statement (store/search.py ``deferred_index``); the trigger functions do
nothing meanwhile. Unlike disabling the triggers (ALTER TABLE), that takes no lock that
would stop other sessions reading the roster during an import.

The roster's orders compare bytes, as SQLite's BINARY collation does, whatever the
database's own collation (``COLLATE "C"``): so both engines give the same order, and the
B-tree ranges that find a name prefix under 3 characters mean the same. Two indexes serve
those orders (name, then id; and the same within an agency).

pg_trgm ships with PostgreSQL (the contrib package) and is a trusted extension: the owner of
the database may create it without being a superuser.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SEARCH_TRIGGERS = ("person_search_ai", "person_search_au", "person_search_ad", "agency_search_au")

# The text indexed for a person row ``{r}``: migration 0002's, so both engines find the same
# people, in lower case: searched with LIKE, whose recheck of each candidate row costs a
# quarter of ILIKE's (which lowers every row it tests).
DOC = (
    "lower({r}.full_name || ' ' || {r}.jabatan || ' ' || {r}.unit_kerja || ' ' || "
    "coalesce((SELECT a.name || ' ' || a.short_name FROM agency a WHERE a.id = {r}.agency_id), "
    "'') || ' ' || coalesce({r}.nip, '') || ' ' || coalesce({r}.ni_pppk, ''))"
)
DEFERRED = "coalesce(current_setting('netral.search_deferred', true), '') = 'on'"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).first()
    if available is None:
        from netral_desktop.core.errors import StoreError
        from netral_desktop.i18n import _

        raise StoreError(
            _(
                "Server PostgreSQL ini tidak memiliki ekstensi pg_trgm, yang diperlukan untuk "
                "pencarian daftar pegawai. Pasang paket contrib PostgreSQL (misalnya "
                "postgresql-contrib) di server, lalu buka lagi."
            ),
            code="pg_trgm_missing",
        )
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE TABLE person_search (person_id varchar(36) PRIMARY KEY, "
        "name_key varchar(200) NOT NULL, doc text NOT NULL)"
    )
    op.execute("CREATE INDEX ix_person_search_doc ON person_search USING gin (doc gin_trgm_ops)")
    op.execute(
        "CREATE VIEW person_search_doc AS SELECT p.id AS person_id, p.name_key, "
        f"{DOC.format(r='p')} AS doc FROM person p"
    )
    op.execute(
        f"""
        CREATE FUNCTION person_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF {DEFERRED} THEN
                RETURN NULL;
            END IF;
            IF TG_OP <> 'INSERT' THEN
                DELETE FROM person_search WHERE person_id = OLD.id;
            END IF;
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO person_search (person_id, name_key, doc)
                VALUES (NEW.id, NEW.name_key, {DOC.format(r="NEW")})
                ON CONFLICT (person_id)
                DO UPDATE SET name_key = EXCLUDED.name_key, doc = EXCLUDED.doc;
            END IF;
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION agency_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF {DEFERRED} THEN
                RETURN NULL;
            END IF;
            INSERT INTO person_search (person_id, name_key, doc)
            SELECT d.person_id, d.name_key, d.doc FROM person p
            JOIN person_search_doc d ON d.person_id = p.id
            WHERE p.agency_id = NEW.id
            ON CONFLICT (person_id)
            DO UPDATE SET name_key = EXCLUDED.name_key, doc = EXCLUDED.doc;
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER person_search_ai AFTER INSERT ON person "
        "FOR EACH ROW EXECUTE FUNCTION person_search_sync()"
    )
    op.execute(
        "CREATE TRIGGER person_search_au AFTER UPDATE OF full_name, name_key, jabatan, "
        "unit_kerja, agency_id, nip, ni_pppk, id ON person "
        "FOR EACH ROW EXECUTE FUNCTION person_search_sync()"
    )
    op.execute(
        "CREATE TRIGGER person_search_ad AFTER DELETE ON person "
        "FOR EACH ROW EXECUTE FUNCTION person_search_sync()"
    )
    op.execute(
        "CREATE TRIGGER agency_search_au AFTER UPDATE OF name, short_name ON agency "
        "FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name "
        "OR OLD.short_name IS DISTINCT FROM NEW.short_name) "
        "EXECUTE FUNCTION agency_search_sync()"
    )
    op.execute('CREATE INDEX ix_person_name_c ON person (name_key COLLATE "C", id COLLATE "C")')
    op.execute(
        "CREATE INDEX ix_person_agency_name_c ON person "
        '(agency_id, name_key COLLATE "C", id COLLATE "C")'
    )
    # Index whatever people the roster already has.
    op.execute(
        "INSERT INTO person_search (person_id, name_key, doc) "
        "SELECT person_id, name_key, doc FROM person_search_doc"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_person_agency_name_c")
    op.execute("DROP INDEX IF EXISTS ix_person_name_c")
    op.execute("DROP TRIGGER IF EXISTS agency_search_au ON agency")
    for trigger in SEARCH_TRIGGERS[:3]:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON person")
    op.execute("DROP FUNCTION IF EXISTS agency_search_sync()")
    op.execute("DROP FUNCTION IF EXISTS person_search_sync()")
    op.execute("DROP VIEW IF EXISTS person_search_doc")
    op.execute("DROP TABLE IF EXISTS person_search")
