-- Per-handler resource limits, set at deploy time (POST /v1/handlers/{name}/versions?memory_mb=&timeout_ms=) and
-- stored with the handler version they were uploaded with. A version is immutable, limits included: tasks pin
-- (name, digest), so the limits a step runs under never change after its task was created.
--   max_memory_pages  cap on the handler's linear memory in 64 KiB WebAssembly pages (memory_mb * 16 on the wire);
--                     NULL = the orchestrator's tasker.runtime.max-memory-pages
--   timeout_ms        wall-clock limit of one attempt in milliseconds; NULL = tasker.runtime.default-timeout.
--                     A step's timeout_seconds in the task template takes precedence over it.
ALTER TABLE tasker.handler_versions
    ADD COLUMN max_memory_pages integer CHECK (max_memory_pages > 0 AND max_memory_pages <= 65536),
    ADD COLUMN timeout_ms       bigint  CHECK (timeout_ms > 0);
