-- An id is stored once per school, whatever else a body says. A unique key on the partitioned
-- breaches table must contain occurred_at, so `(id, occurred_at)` let a replay with another time in
-- again. The key lives in this unpartitioned table instead; the ingest statement writes a breach
-- only for an id it has just added here (storage/breaches.ts). Per school, so one school's ids can
-- neither block nor reveal another's. Retention and erasure delete the ids of the breaches they
-- delete, by this key, so no second index slows ingest.
CREATE TABLE breach_ids (
  school_id text NOT NULL,
  id uuid NOT NULL,
  PRIMARY KEY (school_id, id)
);

-- Copies the old key let in (the same id with another time, in a later batch or the same one): the
-- first received stays, in one batch the earliest. The old key made (id, occurred_at) unique, so no tie.
DELETE FROM breaches b USING breaches keep
WHERE b.school_id = keep.school_id AND b.id = keep.id
  AND (keep.received_at, keep.occurred_at) < (b.received_at, b.occurred_at);

INSERT INTO breach_ids (school_id, id) SELECT school_id, id FROM breaches;

-- breach_ids is the key now; the old one would only cost an index write per ingested row.
ALTER TABLE breaches DROP CONSTRAINT breaches_pkey;

-- One pupil's records in the export's order, so each keyset page is an index range scan.
DROP INDEX breaches_by_pupil;
CREATE INDEX breaches_by_pupil ON breaches (school_id, user_email, occurred_at, id) WHERE user_email IS NOT NULL;
