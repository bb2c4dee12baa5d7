-- What staff do about a breach: acknowledge, note, parents informed, escalate. Append-only: a
-- correction is a new entry, and the breach's state (new, acknowledged, escalated) is read from the
-- entries (src/core/breach-action.ts). The entries go with the breach's id when retention or an
-- erasure deletes it (breach_ids), so no note outlives the breach it is about.
CREATE TABLE breach_actions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  school_id text NOT NULL,
  breach_id uuid NOT NULL,
  actor_staff_id bigint REFERENCES staff_users (id) ON DELETE SET NULL,
  -- The actor's email, copied so the entry still says who after the account is gone.
  actor text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('acknowledge', 'note', 'parents_informed', 'escalate')),
  payload jsonb NOT NULL DEFAULT '{}',
  FOREIGN KEY (school_id, breach_id) REFERENCES breach_ids (school_id, id) ON DELETE CASCADE
);
CREATE INDEX breach_actions_by_breach ON breach_actions (school_id, breach_id, id);

CREATE FUNCTION refuse_breach_action_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'breach actions are append-only: add a correcting entry instead';
END
$$;
CREATE TRIGGER breach_actions_append_only BEFORE UPDATE ON breach_actions
  FOR EACH ROW EXECUTE FUNCTION refuse_breach_action_change();

-- A breach by its id (detail pages) and by a range of ids (block-screen references) within a school.
-- breach_ids holds the key but not the row: without this every detail would read every partition.
CREATE INDEX breaches_by_id ON breaches (school_id, id);
