-- Several processes storing the first records of a month at once: the second to take the lock may
-- not yet see the partition the first made (its catalogue snapshot predates the first's commit), and
-- its CREATE then fails with "already exists". That answer is success here.
CREATE OR REPLACE FUNCTION ensure_breach_partition(day timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  first_day date := date_trunc('month', day AT TIME ZONE 'UTC')::date;
  partition_name text := format('breaches_%s', to_char(first_day, 'YYYY_MM'));
BEGIN
  IF to_regclass(partition_name) IS NOT NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('safescreen-breach-partitions'));
  BEGIN
    EXECUTE format('CREATE TABLE %I PARTITION OF breaches FOR VALUES FROM (%L) TO (%L)', partition_name,
      first_day::text || ' 00:00:00+00', (first_day + interval '1 month')::date::text || ' 00:00:00+00');
  EXCEPTION WHEN duplicate_table THEN
    NULL;
  END;
END
$$;
