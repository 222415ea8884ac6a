-- Room on each page for the updates every workflow step makes to its task's and its own row.
--
-- A workflow step's row is updated about three times (the claim counts the attempt, the result is stored, the step
-- completes) and its task's row once per advance (updated_at, completed_at). None of those columns is indexed, so
-- PostgreSQL can write each new row version on the same page without touching any index (a HOT update), but only
-- if the page has free space. At the default fillfactor (100) rows are inserted until a page is full, so the first
-- update of a fresh row usually moved it to another page and inserted a new entry into every index of the table:
-- 3 for workflow_steps, 5 for tasks. Leaving 20 % of each page free keeps those updates HOT. It applies to pages
-- filled from now on; existing pages keep their layout until rewritten.
ALTER TABLE tasker.workflow_steps SET (fillfactor = 80);
ALTER TABLE tasker.tasks SET (fillfactor = 80);
