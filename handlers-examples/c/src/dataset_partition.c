/*
 * dataset_partition: the batchable step of the batch example. Splits a dataset of total_items items
 * into contiguous cursor ranges, one batch_worker step per range (DESIGN §4).
 *
 * Context: {dataset, total_items} with 0 <= total_items <= 1,000,000.
 * Config: batch_size (items per batch, default 100), max_workers (default 16: when more batches would
 * be needed, the batch size grows to ceil(total_items / max_workers)), worker_template_name (the
 * batch_worker step of the template, default "process_batch").
 * Result: {dataset, total_items, batch_size, worker_count, worker_template_name}.
 * batch_processing_outcome: {"type":"create_batches", worker_template_name, worker_count,
 * cursor_configs: [{batch_id "001".., start_cursor (inclusive), end_cursor (exclusive), batch_size}],
 * total_items}, or {"type":"no_batches"} for an empty dataset.
 * Failures (not retryable): validation_error for a bad total_items; configuration_error for bad config.
 */
#include <stdio.h>

#include "tasker.h"

#define MAX_ITEMS 1000000LL
#define MAX_WORKERS 999LL /* batch ids have three digits */

static bool config_integer(const tasker_invocation *inv, const char *key, long long fallback, long long *value) {
    if (cJSON_GetObjectItemCaseSensitive(inv->config, key) == NULL) {
        *value = fallback;
        return true;
    }
    return tasker_integer(inv->config, key, 1, MAX_ITEMS, value);
}

static bool partition(const tasker_invocation *inv, tasker_output *out) {
    long long total = 0, batch_size = 0, max_workers = 0;
    const char *dataset = tasker_string(inv->context, "dataset");
    const char *worker = tasker_string(inv->config, "worker_template_name");
    if (!tasker_integer(inv->context, "total_items", 0, MAX_ITEMS, &total)) {
        return tasker_fail(out, "validation_error", false, "context.total_items must be an integer from 0 to %lld",
                           MAX_ITEMS);
    }
    if (!config_integer(inv, "batch_size", 100, &batch_size) ||
        !config_integer(inv, "max_workers", 16, &max_workers) || max_workers > MAX_WORKERS) {
        return tasker_fail(out, "configuration_error", false,
                           "config.batch_size must be 1..%lld and config.max_workers 1..%lld", MAX_ITEMS, MAX_WORKERS);
    }
    if (worker == NULL) {
        worker = "process_batch";
    }
    if ((total + batch_size - 1) / batch_size > max_workers) {
        batch_size = (total + max_workers - 1) / max_workers;
    }
    long long workers = (total + batch_size - 1) / batch_size;

    out->result = cJSON_CreateObject();
    cJSON_AddStringToObject(out->result, "dataset", dataset != NULL ? dataset : "unnamed");
    cJSON_AddNumberToObject(out->result, "total_items", (double)total);
    cJSON_AddNumberToObject(out->result, "batch_size", (double)batch_size);
    cJSON_AddNumberToObject(out->result, "worker_count", (double)workers);
    cJSON_AddStringToObject(out->result, "worker_template_name", worker);

    cJSON *outcome = cJSON_CreateObject();
    out->batch_processing_outcome = outcome;
    if (total == 0) {
        cJSON_AddStringToObject(outcome, "type", "no_batches");
        return true;
    }
    cJSON_AddStringToObject(outcome, "type", "create_batches");
    cJSON_AddStringToObject(outcome, "worker_template_name", worker);
    cJSON_AddNumberToObject(outcome, "worker_count", (double)workers);
    cJSON *cursors = cJSON_AddArrayToObject(outcome, "cursor_configs");
    for (long long i = 0; i < workers; i++) {
        char batch_id[8];
        long long start = i * batch_size, end = start + batch_size < total ? start + batch_size : total;
        snprintf(batch_id, sizeof batch_id, "%03lld", i + 1);
        cJSON *cursor = cJSON_CreateObject();
        cJSON_AddStringToObject(cursor, "batch_id", batch_id);
        cJSON_AddNumberToObject(cursor, "start_cursor", (double)start);
        cJSON_AddNumberToObject(cursor, "end_cursor", (double)end);
        cJSON_AddNumberToObject(cursor, "batch_size", (double)(end - start));
        cJSON_AddItemToArray(cursors, cursor);
    }
    cJSON_AddNumberToObject(outcome, "total_items", (double)total);
    return true;
}

int main(void) {
    return tasker_run(partition);
}
