-- Time-ordered keys for transitions (UUID version 7, RFC 9562 section 5.7).
--
-- Every workflow step writes four workflow_step_transitions rows and a task about three task_transitions rows per
-- step result. Their primary keys defaulted to gen_random_uuid() (version 4): each insert landed on a random leaf
-- page of the primary key index, so the pages a run touched grew with the table, and after every checkpoint the
-- first change to each of them logged the whole 8 KiB page to the WAL. A version 7 uuid starts with the Unix time
-- in ms, so new keys land on the index's right-most leaf pages, as tasker-core's uuid_generate_v7() keys do. Task,
-- workflow step and task template uuids are generated the same way by the orchestrator (Uuids.next()).
--
-- Layout (big-endian): bytes 0-5 the Unix time in ms, then the version nibble 0111, then random bits with the
-- variant bits 10 (kept from gen_random_uuid()). Not monotonic within a millisecond: the RFC does not require it,
-- and keys of the same millisecond still share the index's right edge. PostgreSQL 18's uuidv7() is equivalent;
-- this function serves PostgreSQL 15-17 too.
CREATE FUNCTION tasker.uuid_v7() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $fn$
    SELECT encode(
               -- set_bit numbers bits from the least significant bit of byte 0: bits 52 and 53 turn byte 6's
               -- version nibble from 0100 (4) into 0111 (7)
               set_bit(set_bit(
                   overlay(uuid_send(gen_random_uuid())
                           PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint)
                                             FROM 3)
                           FROM 1 FOR 6),
                   52, 1), 53, 1),
               'hex')::uuid;
$fn$;

ALTER TABLE tasker.task_transitions ALTER COLUMN task_transition_uuid SET DEFAULT tasker.uuid_v7();
ALTER TABLE tasker.workflow_step_transitions ALTER COLUMN workflow_step_transition_uuid SET DEFAULT tasker.uuid_v7();
