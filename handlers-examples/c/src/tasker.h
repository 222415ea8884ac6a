/*
 * Tasker handler contract, version 1 (DESIGN §2), for C handlers built with wasi-libc.
 *
 * A handler is a function that reads the parsed step invocation and fills a tasker_output: a result
 * (and optionally a batch_processing_outcome) on success, or a typed error. tasker_run() reads stdin,
 * parses it with cJSON, calls the handler and writes one step result JSON document to stdout:
 *
 *   static bool handle(const tasker_invocation *inv, tasker_output *out) {
 *       out->result = cJSON_CreateObject();
 *       return true;
 *   }
 *   int main(void) { return tasker_run(handle); }
 */
#ifndef TASKER_H
#define TASKER_H

#include <stdbool.h>
#include <stddef.h>

#include "cJSON.h"

/* The step invocation. Pointers borrow from the parsed document; absent blocks are NULL. */
typedef struct {
    const cJSON *task;               /* {uuid, namespace, name, version, context, correlation_id} */
    const cJSON *context;            /* task.context: the task's input JSON */
    const cJSON *step;               /* {uuid, name, attempt, max_attempts, inputs, checkpoint} */
    const cJSON *inputs;             /* step.inputs, e.g. a batch cursor; JSON null when none */
    const cJSON *config;             /* handler.initialization from the template (an object) */
    const cJSON *dependency_results; /* step name -> result of each completed ancestor (an object) */
    const char *task_uuid;
    const char *step_name;
    int attempt;                     /* 1-based */
    int max_attempts;
} tasker_invocation;

/* A typed failure: the "error" block of a failed step result. */
typedef struct {
    char message[1024];
    const char *error_type; /* e.g. "validation_error" */
    bool retryable;
    const char *error_code; /* optional, NULL when absent */
    long retry_after_ms;    /* delay asked before the next attempt; negative when absent */
} tasker_error;

/* What a handler produces. The runner owns and frees the cJSON trees. */
typedef struct {
    cJSON *result;                   /* success: any JSON value */
    cJSON *batch_processing_outcome; /* optional (batchable steps, DESIGN §4) */
    tasker_error error;              /* failure */
} tasker_output;

/* Returns true on success (out->result set) or false on failure (out->error set). */
typedef bool (*tasker_handler)(const tasker_invocation *inv, tasker_output *out);

/* Runs one invocation through `handler`; returns the process exit status (0 whenever a valid step
 * result was written, including failures; 1 only if stdout could not be written). */
int tasker_run(tasker_handler handler);

/* Sets out->error (message formatted like printf, truncated to 1023 bytes) and returns false. */
bool tasker_fail(tasker_output *out, const char *error_type, bool retryable, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

/* Looks up a dotted path such as "payment.token" below `root`; NULL when any part is missing. */
const cJSON *tasker_path(const cJSON *root, const char *dotted_path);

/* The string at `dotted_path`, or NULL when missing, not a string or empty. */
const char *tasker_string(const cJSON *root, const char *dotted_path);

/* The integer at `dotted_path` if it is a JSON number with an exact integer value in
 * [min, max] (|value| <= 2^53); stores it in *value and returns true, else returns false. */
bool tasker_integer(const cJSON *root, const char *dotted_path, long long min, long long max,
                    long long *value);

#endif
