-- Schemas are global and content-addressed: the same schema text (after canonicalisation) has one id, whatever
-- subject registers it. The fingerprint's unique index is what keeps two registry instances on one database from
-- handing out two ids for one schema, and the sequence from handing out one id for two schemas.
CREATE SEQUENCE schema_id_seq START WITH 1;

CREATE TABLE schemas (
    id           integer     PRIMARY KEY DEFAULT nextval('schema_id_seq'),
    schema_type  text        NOT NULL CHECK (schema_type IN ('PROTOBUF', 'JSON')),
    fingerprint  text        NOT NULL UNIQUE,      -- sha-256 of type and canonical form
    schema_text  text        NOT NULL,             -- as first registered
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE subject_versions (
    subject      text        NOT NULL,
    version      integer     NOT NULL CHECK (version > 0),
    schema_id    integer     NOT NULL REFERENCES schemas (id),
    deleted      boolean     NOT NULL DEFAULT false,   -- soft delete; permanent delete removes the row
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subject, version)
);
CREATE INDEX subject_versions_by_schema ON subject_versions (schema_id);

-- Compatibility levels: subject '' is the global default.
CREATE TABLE compatibility_config (
    subject        text PRIMARY KEY,
    compatibility  text NOT NULL
);
