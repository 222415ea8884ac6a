-- tasker.signal (V11) rejects what would corrupt the set of signals instead of accepting it: the set is one
-- "<channel> <payload>" line per signal, so a channel must be a NOTIFY channel name without spaces (a lower-case
-- SQL identifier, as Tasker's channels are) and a payload must hold no line break. The error names the bad value
-- and rolls back the transaction that asked for it, so nothing is committed whose wake-up could not be sent.
-- Duplicates are now matched as whole lines (V11 matched a substring, so a channel ending in another channel's
-- name could hide that channel's signal).
CREATE OR REPLACE FUNCTION tasker.signal(p_channel text, p_payload text)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    v_signals text := coalesce(current_setting('tasker.signals', true), '');
    v_line text;
BEGIN
    IF p_channel IS NULL OR p_channel !~ '^[a-z_][a-z0-9_]*$' THEN
        RAISE EXCEPTION 'tasker.signal: channel % is not a lower-case identifier', quote_nullable(p_channel)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_payload IS NULL OR position(E'\n' IN p_payload) > 0 THEN
        RAISE EXCEPTION 'tasker.signal: payload % for channel % is NULL or holds a line break',
            quote_nullable(p_payload), p_channel USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_line := p_channel || ' ' || p_payload || E'\n';
    -- a whole line: "xtasker_a p\n" must not hide "tasker_a p\n"
    IF position(E'\n' || v_line IN E'\n' || v_signals) = 0 THEN
        PERFORM set_config('tasker.signals', v_signals || v_line, true);
    END IF;
END;
$fn$;
