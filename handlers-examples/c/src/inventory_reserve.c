/*
 * inventory_reserve: reserves stock for every line of a validated order.
 *
 * Reads dependency_results.validate_order.items [{sku, quantity}].
 * Config (handler.initialization): warehouse (string), stock (object sku -> units available),
 * default_stock (units for SKUs not listed; default 0).
 * Result: {reservation_id, warehouse, lines: [{sku, quantity, remaining}], total_units}; the
 * reservation id derives from the task uuid, so a retried attempt reserves under the same id.
 * Failures (not retryable): insufficient_inventory naming the SKU; invalid_dependency_result when the
 * validate_order result has no items.
 */
#include <stdio.h>

#include "tasker.h"

#define MAX_UNITS 1000000000LL

static bool reserve(const tasker_invocation *inv, tasker_output *out) {
    const cJSON *items = tasker_path(inv->dependency_results, "validate_order.items");
    const char *warehouse = tasker_string(inv->config, "warehouse");
    const cJSON *stock = tasker_path(inv->config, "stock");
    long long default_stock = 0, total_units = 0;
    char reservation_id[32];
    if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) == 0) {
        return tasker_fail(out, "invalid_dependency_result", false,
                           "dependency_results.validate_order.items must be a non-empty array");
    }
    if (cJSON_GetObjectItemCaseSensitive(inv->config, "default_stock") != NULL &&
        !tasker_integer(inv->config, "default_stock", 0, MAX_UNITS, &default_stock)) {
        return tasker_fail(out, "configuration_error", false, "config.default_stock must be an integer >= 0");
    }

    cJSON *lines = cJSON_CreateArray();
    const cJSON *item;
    int index = 0;
    cJSON_ArrayForEach(item, items) {
        const char *sku = tasker_string(item, "sku");
        long long quantity = 0, available = default_stock;
        if (sku == NULL || !tasker_integer(item, "quantity", 1, MAX_UNITS, &quantity)) {
            cJSON_Delete(lines);
            return tasker_fail(out, "invalid_dependency_result", false,
                               "dependency_results.validate_order.items[%d] needs a sku and a positive quantity", index);
        }
        if (cJSON_GetObjectItemCaseSensitive(stock, sku) != NULL) {
            const cJSON *units = cJSON_GetObjectItemCaseSensitive(stock, sku);
            available = cJSON_IsNumber(units) && units->valuedouble >= 0 ? (long long)units->valuedouble : 0;
        }
        if (quantity > available) {
            cJSON_Delete(lines);
            out->error.error_code = "OUT_OF_STOCK";
            return tasker_fail(out, "insufficient_inventory", false,
                               "sku '%s': %lld units requested, %lld available in warehouse %s", sku, quantity,
                               available, warehouse != NULL ? warehouse : "(default)");
        }
        cJSON *line = cJSON_CreateObject();
        cJSON_AddStringToObject(line, "sku", sku);
        cJSON_AddNumberToObject(line, "quantity", (double)quantity);
        cJSON_AddNumberToObject(line, "remaining", (double)(available - quantity));
        cJSON_AddItemToArray(lines, line);
        total_units += quantity;
        index++;
    }

    /* "res-" + the first 8 characters of the task uuid: stable across attempts of this step. */
    snprintf(reservation_id, sizeof reservation_id, "res-%.8s", inv->task_uuid);
    out->result = cJSON_CreateObject();
    cJSON_AddStringToObject(out->result, "reservation_id", reservation_id);
    cJSON_AddStringToObject(out->result, "warehouse", warehouse != NULL ? warehouse : "default");
    cJSON_AddItemToObject(out->result, "lines", lines);
    cJSON_AddNumberToObject(out->result, "total_units", (double)total_units);
    return true;
}

int main(void) {
    return tasker_run(reserve);
}
