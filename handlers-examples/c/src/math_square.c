/*
 * math_square: squares one integer exactly (arbitrary precision).
 *
 * Input: the `value` of the dependency result of the step named by config.input_step
 * ({"value": "<decimal integer>"}); without config.input_step, the task context's even_number (a JSON
 * integer up to 2^53, or a decimal string of any length; it must be even). dependency_results holds
 * every completed ancestor, so the step to read is named rather than guessed.
 * Result: {"value": "<square as a decimal string>"}.
 * Failures (not retryable): validation_error for a missing, odd or non-integer input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "tasker.h"

/* Copies the integer in `node` (JSON integer <= 2^53 or decimal string) into `buffer`. */
static bool integer_text(const cJSON *node, char *buffer, size_t size, const char **text) {
    long long exact = 0;
    if (cJSON_IsString(node)) {
        *text = node->valuestring;
        return decimal_is_integer(*text);
    }
    if (!tasker_integer(node, "", -9007199254740992LL, 9007199254740992LL, &exact)) {
        return false;
    }
    snprintf(buffer, size, "%lld", exact);
    *text = buffer;
    return true;
}

static bool square(const tasker_invocation *inv, tasker_output *out) {
    char buffer[32];
    const char *operand = NULL;
    const char *input_step = tasker_string(inv->config, "input_step");
    if (input_step == NULL) {
        const cJSON *number = tasker_path(inv->context, "even_number");
        if (!integer_text(number, buffer, sizeof buffer, &operand)) {
            return tasker_fail(out, "validation_error", false,
                               "context.even_number must be an integer (a decimal string above 2^53)");
        }
        char last = operand[strlen(operand) - 1];
        if ((last - '0') % 2 != 0) {
            return tasker_fail(out, "validation_error", false, "context.even_number %s is odd", operand);
        }
    } else {
        const cJSON *dependency = cJSON_GetObjectItemCaseSensitive(inv->dependency_results, input_step);
        if (dependency == NULL) {
            return tasker_fail(out, "missing_dependency", false, "dependency_results has no result for step '%s'",
                               input_step);
        }
        if (!integer_text(cJSON_GetObjectItemCaseSensitive(dependency, "value"), buffer, sizeof buffer, &operand)) {
            return tasker_fail(out, "validation_error", false,
                               "dependency_results.%s.value must be a decimal integer string", input_step);
        }
    }
    char *squared = decimal_multiply(operand, operand);
    if (squared == NULL) {
        return tasker_fail(out, "resource_exhausted", false, "out of memory squaring a %zu-digit number",
                           strlen(operand));
    }
    out->result = cJSON_CreateObject();
    cJSON_AddStringToObject(out->result, "value", squared);
    free(squared);
    return true;
}

int main(void) {
    return tasker_run(square);
}
