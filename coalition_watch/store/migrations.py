"""Versioned schema: forward migrations, each applied once and recorded in ``schema_migrations``.

Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "initial schema", """
CREATE TABLE sources (
    id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL, publisher VARCHAR, date VARCHAR,
    url VARCHAR NOT NULL, note VARCHAR, origin VARCHAR NOT NULL DEFAULT 'kb');
CREATE TABLE actors (
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL,
    ideology VARCHAR[], origin VARCHAR, operates_in VARCHAR[], active_from VARCHAR,
    active_to VARCHAR, external_ids JSON, members VARCHAR[], note VARCHAR, sources VARCHAR[]);
CREATE TABLE aliases (
    actor_id VARCHAR NOT NULL, alias VARCHAR NOT NULL, normalized VARCHAR NOT NULL,
    is_acronym BOOLEAN NOT NULL, PRIMARY KEY (actor_id, alias));
CREATE TABLE lineage (
    from_id VARCHAR NOT NULL, to_id VARCHAR NOT NULL, type VARCHAR NOT NULL, date VARCHAR,
    sources VARCHAR[], note VARCHAR);
CREATE TABLE relations (
    id VARCHAR PRIMARY KEY, source_id VARCHAR NOT NULL, target_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL, sign SMALLINT NOT NULL, directed BOOLEAN NOT NULL,
    valid_from VARCHAR, valid_to VARCHAR, valid_from_date DATE, valid_to_date DATE,
    confidence DOUBLE NOT NULL, status VARCHAR NOT NULL, provenance VARCHAR NOT NULL,
    sources VARCHAR[], evidence VARCHAR, note VARCHAR,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp);
CREATE TABLE cases (
    id VARCHAR PRIMARY KEY, country VARCHAR NOT NULL, capital VARCHAR, date VARCHAR NOT NULL,
    outcome VARCHAR NOT NULL, coalition VARCHAR[], government VARCHAR[],
    outside_support VARCHAR[], note VARCHAR, sources VARCHAR[]);
CREATE TABLE ingests (
    id BIGINT PRIMARY KEY, dataset VARCHAR NOT NULL, version VARCHAR, file VARCHAR,
    file_hash VARCHAR, started_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    rows_read BIGINT, rows_stored BIGINT, rows_quarantined BIGINT, note VARCHAR);
CREATE SEQUENCE ingest_ids START 1;
CREATE TABLE quarantine (
    ingest_id BIGINT NOT NULL, file VARCHAR, line BIGINT, field VARCHAR, reason VARCHAR NOT NULL,
    raw VARCHAR);
CREATE TABLE events (
    id VARCHAR PRIMARY KEY, dataset VARCHAR NOT NULL, version VARCHAR,
    source_row_id VARCHAR NOT NULL, date_start DATE, date_end DATE, date_precision VARCHAR,
    country VARCHAR, admin1 VARCHAR, admin2 VARCHAR, lat DOUBLE, lon DOUBLE,
    geo_precision INTEGER, violence_type VARCHAR, side_a VARCHAR[], side_b VARCHAR[],
    side_a_names VARCHAR[], side_b_names VARCHAR[], unresolved VARCHAR[], associated VARCHAR[],
    deaths_best DOUBLE, deaths_low DOUBLE, deaths_high DOUBLE, deaths_civilians DOUBLE,
    source_text VARCHAR, ingest_id BIGINT);
CREATE TABLE documents (
    id VARCHAR PRIMARY KEY, url VARCHAR, title VARCHAR, date VARCHAR, text VARCHAR NOT NULL,
    added_at TIMESTAMP NOT NULL DEFAULT current_timestamp);
CREATE TABLE claims (
    id VARCHAR PRIMARY KEY, document_id VARCHAR NOT NULL, relation_id VARCHAR,
    source_id VARCHAR NOT NULL, target_id VARCHAR NOT NULL, type VARCHAR NOT NULL,
    polarity VARCHAR NOT NULL, confidence DOUBLE NOT NULL, evidence VARCHAR NOT NULL,
    start_offset INTEGER, end_offset INTEGER, places VARCHAR[], dates VARCHAR[]);
CREATE TABLE unresolved_names (
    name VARCHAR NOT NULL, context VARCHAR NOT NULL, count BIGINT NOT NULL,
    first_seen TIMESTAMP NOT NULL DEFAULT current_timestamp, PRIMARY KEY (name, context));
"""),
    (2, "review audit trail", """
CREATE TABLE review_audit (
    relation_id VARCHAR NOT NULL, action VARCHAR NOT NULL, reviewer VARCHAR NOT NULL,
    reviewed_at TIMESTAMP NOT NULL DEFAULT current_timestamp, old_status VARCHAR, new_status VARCHAR,
    note VARCHAR);
"""),
    (3, "event ingestion: revisions, country-year records, external actors", """
ALTER TABLE events ADD COLUMN side_a_umbrellas VARCHAR[];
ALTER TABLE events ADD COLUMN side_b_umbrellas VARCHAR[];
ALTER TABLE events ADD COLUMN event_type VARCHAR;
ALTER TABLE ingests ADD COLUMN rows_unchanged BIGINT;
ALTER TABLE ingests ADD COLUMN rows_revised BIGINT;
CREATE INDEX ingests_hash ON ingests (dataset, file_hash);
CREATE TABLE event_revisions (
    event_id VARCHAR NOT NULL, ingest_id BIGINT NOT NULL, previous_ingest_id BIGINT,
    previous_version VARCHAR, version VARCHAR, changed VARCHAR[] NOT NULL,
    revised_at TIMESTAMP NOT NULL DEFAULT current_timestamp);
CREATE TABLE conflict_years (
    id VARCHAR PRIMARY KEY, dataset VARCHAR NOT NULL, version VARCHAR, source_row_id VARCHAR NOT NULL,
    conflict_id VARCHAR, dyad_id VARCHAR, year INTEGER, location VARCHAR, countries VARCHAR[],
    side_a VARCHAR[], side_a_names VARCHAR[], side_a_2nd VARCHAR[], side_a_2nd_names VARCHAR[],
    side_b VARCHAR[], side_b_names VARCHAR[], side_b_2nd VARCHAR[], side_b_2nd_names VARCHAR[],
    unresolved VARCHAR[], incompatibility INTEGER, territory VARCHAR, intensity_level INTEGER,
    type_of_conflict INTEGER, start_date DATE, start_date2 DATE, episode_end_date DATE,
    outcome INTEGER, attributes JSON, ingest_id BIGINT);
CREATE TABLE external_actors (
    dataset VARCHAR NOT NULL, external_id VARCHAR NOT NULL, name VARCHAR NOT NULL, version VARCHAR,
    actor_id VARCHAR, method VARCHAR, location VARCHAR, attributes JSON, ingest_id BIGINT,
    PRIMARY KEY (dataset, external_id));
"""),
    (4, "actors imported from external lists next to the curated ones", """
ALTER TABLE actors ADD COLUMN curation VARCHAR DEFAULT 'curated';
"""),
    (5, "accepted claims that are denied or hypothetical go back to review", """
INSERT INTO review_audit (relation_id, action, reviewer, old_status, new_status, note)
SELECT DISTINCT r.id, 'reopen', 'cwatch (migration 5)', 'accepted', 'extracted-pending',
       'the claim is ' || c.polarity || ', not asserted: it cannot be accepted into the network (reject it, or edit its polarity)'
FROM relations r JOIN claims c ON c.relation_id = r.id WHERE r.status = 'accepted' AND c.polarity <> 'asserted';
UPDATE relations SET status = 'extracted-pending'
WHERE status = 'accepted' AND id IN (SELECT relation_id FROM claims WHERE polarity <> 'asserted' AND relation_id IS NOT NULL);
"""),
    (6, "stored texts found by their hash, claims by their pair", """
ALTER TABLE documents ADD COLUMN IF NOT EXISTS text_sha1 VARCHAR;
CREATE INDEX IF NOT EXISTS documents_text_sha1 ON documents (text_sha1);
UPDATE documents SET text_sha1 = sha1(text);
CREATE INDEX IF NOT EXISTS claims_pair ON claims (source_id, target_id, type);
"""),
    (7, "where a stored document comes from: its file, its JSONL line, its publisher", """
ALTER TABLE documents ADD COLUMN IF NOT EXISTS path VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS line INTEGER;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS publisher VARCHAR;
"""),
    # (statements are split at semicolons: the one of the old notes is written \x3B in the patterns)
    (8, "an extracted relation's note keeps its cue, its polarity is the claim's", """
UPDATE relations SET note = regexp_replace(note, '^polarity=[a-z]+\\x3B\\s*', '')
WHERE regexp_matches(note, '^polarity=[a-z]+\\x3B\\s*cue=') AND id IN (SELECT relation_id FROM claims WHERE relation_id IS NOT NULL);
"""),
]
