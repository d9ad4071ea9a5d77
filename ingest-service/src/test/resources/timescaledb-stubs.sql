-- Stand-ins for the TimescaleDB functions the timescaledb dialect calls, with TimescaleDB 2.x's parameter names,
-- so that its migration and policies can run on plain PostgreSQL (TimescaleSqlTest). They do nothing but
-- check their arguments; time_bucket and last compute what TimescaleDB computes for these uses.
CREATE FUNCTION create_hypertable(relation regclass, time_column_name name, chunk_time_interval interval)
    RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM pg_attribute WHERE attrelid = relation AND attname = time_column_name;
    IF NOT FOUND THEN RAISE EXCEPTION 'no column % in %', time_column_name, relation; END IF;
END $$;
CREATE FUNCTION add_retention_policy(relation regclass, drop_after interval) RETURNS integer
    LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION remove_retention_policy(relation regclass, if_exists boolean) RETURNS void
    LANGUAGE sql AS $$ SELECT $$;
CREATE FUNCTION add_compression_policy(hypertable regclass, compress_after interval) RETURNS integer
    LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION remove_compression_policy(hypertable regclass, if_exists boolean) RETURNS boolean
    LANGUAGE sql AS $$ SELECT true $$;
CREATE FUNCTION add_continuous_aggregate_policy(continuous_aggregate regclass, start_offset interval,
    end_offset interval, schedule_interval interval) RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION remove_continuous_aggregate_policy(continuous_aggregate regclass, if_exists boolean) RETURNS void
    LANGUAGE sql AS $$ SELECT $$;
-- time_bucket's default origin for sub-day buckets aligns with PostgreSQL's epoch like this origin does.
CREATE FUNCTION time_bucket(bucket_width interval, ts timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE AS $$ SELECT date_bin(bucket_width, ts, timestamptz '2000-01-03 00:00:00+00') $$;
CREATE FUNCTION last_step(state float8[], value float8, t timestamptz) RETURNS float8[]
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN state IS NULL OR extract(epoch FROM t) >= state[2] THEN ARRAY[value, extract(epoch FROM t)::float8]
                ELSE state END $$;
CREATE FUNCTION last_final(state float8[]) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT state[1] $$;
CREATE AGGREGATE last(float8, timestamptz) (SFUNC = last_step, STYPE = float8[], FINALFUNC = last_final);
