-- edgeobs ingest, plain PostgreSQL dialect: a BRIN index on the raw points' time. Points are appended in about time
-- order, so a few block ranges hold a minute of the whole fleet; the rollup job reads a closed minute of many
-- devices through it, in heap order, instead of one (series_id, ts) index descent per series (ADR 0074). It costs
-- the writers next to nothing: new block ranges stay unsummarised until autosummarize summarises them.
CREATE INDEX metric_points_ts_brin ON metric_points USING brin (ts) WITH (pages_per_range = 32, autosummarize = on);
