-- The hot path's statements run with cached generic plans.
--
-- PL/pgSQL caches a plan per statement, but under the default plan_cache_mode (auto) a statement with parameters
-- is planned again for each execution (a "custom plan") for its first five runs and then for as long as the
-- planner estimates the generic plan as costlier than the custom ones. That estimate moves with the statistics
-- autovacuum's ANALYZE refreshes during a run, so whether the ~40 statements a workflow step runs were planned once
-- or on every execution changed from run to run. The benchmark showed it: with plan_cache_mode = force_generic_plan
-- PostgreSQL used 5.0 CPU-ms per step against 8.1-8.2 without (same code, same machine, fsync on; 367 steps/s
-- against 205-206; perf showed copyObject, expression walkers and the parser among the top symbols without it).
-- The plans they would get are already fixed: V6 and V8 make every lookup an index probe whatever the statistics.
--
-- A function's SET clause applies to everything it runs, nested functions included, so setting it on the entry
-- points covers the whole hot path: claim (claim_steps), record (record_step_results), result processing
-- (process_step_results) and task advancement called from Java (advance_task, which keeps V7's planner settings:
-- ALTER FUNCTION ... SET adds to them). A later CREATE OR REPLACE of one of these functions drops its settings:
-- StepwiseWorkflowTest.theHotPathEntryPointsRunWithGenericPlans fails when that happens.
ALTER FUNCTION tasker.claim_steps(text, integer, integer) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION tasker.record_step_results(jsonb) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION tasker.process_step_results(integer, integer) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION tasker.advance_task(uuid) SET plan_cache_mode = force_generic_plan;
