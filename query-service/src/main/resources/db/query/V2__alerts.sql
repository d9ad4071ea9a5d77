-- edgeobs query service: alert rules, their state per subject, and the webhook outbox (ADR 0064).

-- Rules of a tenant, from the API (source 'api') or from the rules file (source 'file', id derived from tenant
-- and name, changed only through the file). spec is the validated rule as JSON (the API's rule body).
CREATE TABLE query.alert_rules (
    id                text        PRIMARY KEY,
    tenant            text        NOT NULL,
    name              text        NOT NULL,
    source            text        NOT NULL CHECK (source IN ('api', 'file')),
    spec              jsonb       NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    last_evaluated_at timestamptz,
    -- why the last evaluation failed; NULL after one that worked
    last_error        text,
    UNIQUE (tenant, name)
);

-- One row per (rule, subject) that ever left 'inactive'; subject is a device id, or a device id and a series'
-- tags. transitions counts the notified transitions (firing, resolved): the outbox key of the next one.
CREATE TABLE query.alert_state (
    rule_id        text             NOT NULL REFERENCES query.alert_rules (id) ON DELETE CASCADE,
    subject        text             NOT NULL,
    tenant         text             NOT NULL,
    state          text             NOT NULL CHECK (state IN ('inactive', 'pending', 'firing', 'resolved')),
    since          timestamptz      NOT NULL,
    value          double precision,
    last_evaluated timestamptz      NOT NULL,
    transitions    bigint           NOT NULL DEFAULT 0,
    PRIMARY KEY (rule_id, subject)
);
CREATE INDEX alert_state_tenant_state ON query.alert_state (tenant, state);

-- Transitions to notify, written in the transaction that changes the state; delivered by webhook with retries.
-- id is stable per (rule, subject, transition) and sent as Idempotency-Key. No foreign key: a notification
-- outlives its rule.
CREATE TABLE query.alert_notifications (
    id              text             PRIMARY KEY,
    tenant          text             NOT NULL,
    rule_id         text             NOT NULL,
    subject         text             NOT NULL,
    transition      bigint           NOT NULL,
    state           text             NOT NULL CHECK (state IN ('firing', 'resolved')),
    url             text             NOT NULL,
    payload         jsonb            NOT NULL,
    status          text             NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer          NOT NULL DEFAULT 0,
    created_at      timestamptz      NOT NULL,
    next_attempt_at timestamptz      NOT NULL,
    delivered_at    timestamptz,
    last_error      text,
    UNIQUE (rule_id, subject, transition)
);
CREATE INDEX alert_notifications_due ON query.alert_notifications (next_attempt_at) WHERE status = 'pending';
CREATE INDEX alert_notifications_done ON query.alert_notifications (created_at) WHERE status <> 'pending';
