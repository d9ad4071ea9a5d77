-- edgeobs ingest, plain PostgreSQL dialect: the hourly rollup's own queue. The rollup job folds a minute into
-- metrics_1m once the minute is closed, then queues that device's rolled-up minutes here; it folds an hour into
-- metrics_1h once the hour is closed. So each bucket is computed about once, instead of at every run while it fills
-- (which read the current hour's metrics_1m rows of every series at every run).
CREATE TABLE rollup_queue_1h (
    tenant    text        NOT NULL,
    device_id text        NOT NULL,
    ts_min    timestamptz NOT NULL,
    ts_max    timestamptz NOT NULL
);
