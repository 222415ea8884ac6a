-- No planner statistics for JSON documents: ANALYZE skips the jsonb columns.
--
-- ANALYZE samples up to 30,000 rows of a table and, for each column, sorts the sampled values to build its
-- histogram and most-common-values list. For a jsonb column the sort compares whole documents (jsonb_cmp walks both
-- containers), and the result is stored in pg_statistic. No query of Tasker filters, joins or sorts on the content
-- of these columns (they are payloads: task contexts, step configuration, inputs, results and errors, transition
-- metadata, outbox payloads, template definitions), so those statistics are never read.
--
-- They are not free: a fresh database grows its tables fast, autovacuum analyzes each one every few seconds while
-- it does (autovacuum_naptime = 5s on the embedded server), and in the orchestrator benchmark (fsync on, 2,000
-- linear-4 tasks in flight, PostgreSQL 17, 2 cores) autovacuum's ANALYZE took 9 % of PostgreSQL's CPU (perf, 6 s
-- of the throughput run), 45 % of that comparing jsonb documents. A statistics target of 0 makes ANALYZE skip a
-- column entirely (PostgreSQL documentation, ALTER TABLE ... SET STATISTICS); the planner falls back to its
-- default estimates for a condition on it.
--
-- StatisticsTargetTest fails when a jsonb column is added to a tasker table without being listed here (or in a later
-- migration).
ALTER TABLE tasker.task_templates ALTER COLUMN definition SET STATISTICS 0;
ALTER TABLE tasker.tasks ALTER COLUMN context SET STATISTICS 0,
                         ALTER COLUMN handler_pins SET STATISTICS 0;
ALTER TABLE tasker.workflow_steps ALTER COLUMN config SET STATISTICS 0,
                                  ALTER COLUMN inputs SET STATISTICS 0,
                                  ALTER COLUMN checkpoint SET STATISTICS 0,
                                  ALTER COLUMN results SET STATISTICS 0,
                                  ALTER COLUMN error SET STATISTICS 0,
                                  ALTER COLUMN result_metadata SET STATISTICS 0;
ALTER TABLE tasker.task_transitions ALTER COLUMN metadata SET STATISTICS 0;
ALTER TABLE tasker.workflow_step_transitions ALTER COLUMN metadata SET STATISTICS 0;
ALTER TABLE tasker.outbox ALTER COLUMN payload SET STATISTICS 0;
