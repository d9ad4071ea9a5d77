-- edgeobs ingest, plain PostgreSQL dialect: native range partitions by time. The partitions themselves are
-- created ahead and dropped on expiry by the ingest service's maintenance job (PartitionMaintenance), named
-- <table>_pYYYYMMDD (daily) or <table>_pYYYYMM (monthly, metrics_1h).
-- The column names and types are the same as in the TimescaleDB dialect, so readers never care which runs.

CREATE TABLE metric_points (
    series_id         bigint           NOT NULL,
    ts                timestamptz      NOT NULL,
    value             double precision NOT NULL,
    exemplar_trace_id bytea
) PARTITION BY RANGE (ts);
CREATE INDEX metric_points_series_ts ON metric_points (series_id, ts);

-- Rollups, maintained incrementally by the rollup job from rollup_queue. bucket is the start of the interval.
CREATE TABLE metrics_1m (
    series_id bigint           NOT NULL,
    bucket    timestamptz      NOT NULL,
    min       double precision NOT NULL,
    max       double precision NOT NULL,
    avg       double precision NOT NULL,
    sum       double precision NOT NULL,
    count     bigint           NOT NULL,
    last      double precision NOT NULL,
    PRIMARY KEY (series_id, bucket)
) PARTITION BY RANGE (bucket);

CREATE TABLE metrics_1h (
    series_id bigint           NOT NULL,
    bucket    timestamptz      NOT NULL,
    min       double precision NOT NULL,
    max       double precision NOT NULL,
    avg       double precision NOT NULL,
    sum       double precision NOT NULL,
    count     bigint           NOT NULL,
    last      double precision NOT NULL,
    PRIMARY KEY (series_id, bucket)
) PARTITION BY RANGE (bucket);

-- Which devices got points for which time range since the rollup job last ran; written in the same
-- transaction as the points, taken (deleted) by the job in the transaction that updates the rollups.
CREATE TABLE rollup_queue (
    tenant    text        NOT NULL,
    device_id text        NOT NULL,
    ts_min    timestamptz NOT NULL,
    ts_max    timestamptz NOT NULL
);

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
) PARTITION BY RANGE (start_time);
CREATE INDEX spans_trace_id ON spans (trace_id);
CREATE INDEX spans_service_operation_time ON spans (tenant, service, operation, start_time);
CREATE INDEX spans_tags ON spans USING gin (tags jsonb_path_ops);

CREATE TABLE logs (
    tenant    text        NOT NULL,
    device_id text        NOT NULL,
    ts        timestamptz NOT NULL,
    -- 0 unspecified, 1 trace, 2 debug, 3 info, 4 warn, 5 error, 6 fatal
    level     smallint    NOT NULL,
    message   text        NOT NULL,
    fields    jsonb       NOT NULL,
    trace_id  bytea,
    span_id   bytea,
    search    tsvector GENERATED ALWAYS AS (to_tsvector('simple', message)) STORED
) PARTITION BY RANGE (ts);
CREATE INDEX logs_tenant_time ON logs (tenant, ts);
CREATE INDEX logs_device_time ON logs (tenant, device_id, ts);
CREATE INDEX logs_level_time ON logs (tenant, level, ts);
CREATE INDEX logs_search ON logs USING gin (search);
CREATE INDEX logs_fields ON logs USING gin (fields jsonb_path_ops);
CREATE INDEX logs_trace_id ON logs (trace_id) WHERE trace_id IS NOT NULL;
