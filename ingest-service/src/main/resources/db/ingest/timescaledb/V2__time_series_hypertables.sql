-- edgeobs ingest, TimescaleDB dialect: hypertables with daily chunks, compression segmented by series, and
-- continuous aggregates metrics_1m and metrics_1h (hierarchical). Retention, compression and refresh policies
-- are applied by the service at start (TimescaleDialect), from its configuration.
-- The column names and types are the same as in the plain PostgreSQL dialect, so readers never care which runs.

CREATE EXTENSION IF NOT EXISTS timescaledb;

CREATE TABLE metric_points (
    series_id         bigint           NOT NULL,
    ts                timestamptz      NOT NULL,
    value             double precision NOT NULL,
    exemplar_trace_id bytea
);
SELECT create_hypertable('metric_points', 'ts', chunk_time_interval => INTERVAL '1 day');
CREATE INDEX metric_points_series_ts ON metric_points (series_id, ts);
ALTER TABLE metric_points SET (timescaledb.compress, timescaledb.compress_segmentby = 'series_id',
    timescaledb.compress_orderby = 'ts');

CREATE MATERIALIZED VIEW metrics_1m WITH (timescaledb.continuous) AS
SELECT series_id,
       time_bucket(INTERVAL '1 minute', ts) AS bucket,
       min(value)      AS min,
       max(value)      AS max,
       avg(value)      AS avg,
       sum(value)      AS sum,
       count(*)        AS count,
       last(value, ts) AS last
FROM metric_points
GROUP BY series_id, time_bucket(INTERVAL '1 minute', ts)
WITH NO DATA;

CREATE MATERIALIZED VIEW metrics_1h WITH (timescaledb.continuous) AS
SELECT series_id,
       time_bucket(INTERVAL '1 hour', bucket) AS bucket,
       min(min)                 AS min,
       max(max)                 AS max,
       sum(sum) / sum(count)    AS avg,
       sum(sum)                 AS sum,
       sum(count)::bigint       AS count,
       last(last, bucket)       AS last
FROM metrics_1m
GROUP BY series_id, time_bucket(INTERVAL '1 hour', bucket)
WITH NO DATA;

CREATE TABLE spans (
    tenant         text        NOT NULL,
    device_id      text        NOT NULL,
    trace_id       bytea       NOT NULL,
    span_id        bytea       NOT NULL,
    parent_span_id bytea,
    service        text        NOT NULL,
    operation      text        NOT NULL,
    span_kind      text        NOT NULL,
    start_time     timestamptz NOT NULL,
    duration_ns    bigint      NOT NULL,
    status_code    text        NOT NULL,
    status_message text        NOT NULL,
    tags           jsonb       NOT NULL,
    events         jsonb       NOT NULL,
    links          jsonb       NOT NULL
);
SELECT create_hypertable('spans', 'start_time', chunk_time_interval => INTERVAL '1 day');
CREATE INDEX spans_trace_id ON spans (trace_id);
CREATE INDEX spans_service_operation_time ON spans (tenant, service, operation, start_time);
CREATE INDEX spans_tags ON spans USING gin (tags jsonb_path_ops);

CREATE TABLE logs (
    tenant    text        NOT NULL,
    device_id text        NOT NULL,
    ts        timestamptz NOT NULL,
    level     smallint    NOT NULL,
    message   text        NOT NULL,
    fields    jsonb       NOT NULL,
    trace_id  bytea,
    span_id   bytea,
    search    tsvector GENERATED ALWAYS AS (to_tsvector('simple', message)) STORED
);
SELECT create_hypertable('logs', 'ts', chunk_time_interval => INTERVAL '1 day');
CREATE INDEX logs_tenant_time ON logs (tenant, ts);
CREATE INDEX logs_device_time ON logs (tenant, device_id, ts);
CREATE INDEX logs_level_time ON logs (tenant, level, ts);
CREATE INDEX logs_search ON logs USING gin (search);
CREATE INDEX logs_fields ON logs USING gin (fields jsonb_path_ops);
CREATE INDEX logs_trace_id ON logs (trace_id) WHERE trace_id IS NOT NULL;
