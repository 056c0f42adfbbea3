-- PostgreSQL only (Databases adds classpath:db/postgresql for it): a text index over the words of
-- each transcript entry, its text and its translation, for GET /api/calls?q=. The expression is
-- exactly JdbcCallStore's ENTRY_WORDS, or the index goes unused. 'simple' lowercases without
-- stemming, so it serves every language alike. H2 has no such index; the store refuses q there.
-- Numbered 5.1 so the shared migrations keep their own numbers: the next shared one is V6, and it
-- must sort after this one on PostgreSQL too (6 > 5.1).
CREATE INDEX transcript_entries_words ON transcript_entries
    USING GIN (to_tsvector('simple', coalesce(text, '') || ' ' || coalesce(translation, '')));
