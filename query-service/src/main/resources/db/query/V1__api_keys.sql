-- edgeobs query service: API keys. A key is shown once when it is made; only its SHA-256 is stored.
-- Keys are 32 random bytes, so a fast hash is enough: there is nothing to guess (ADR 0060).
CREATE TABLE query.api_keys (
    id          text        PRIMARY KEY,
    tenant      text        NOT NULL,
    name        text        NOT NULL,
    -- viewer, operator, admin
    role        text        NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    key_hash    bytea       NOT NULL UNIQUE,
    -- the first characters of the key, so an operator can tell keys apart in a list
    prefix      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text        NOT NULL,
    revoked_at  timestamptz,
    last_used_at timestamptz
);
CREATE INDEX api_keys_tenant ON query.api_keys (tenant);
