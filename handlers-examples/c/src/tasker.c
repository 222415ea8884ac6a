/* Tasker handler contract runner for C (see tasker.h). */
#include "tasker.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EXACT_INTEGER 9007199254740992.0 /* 2^53: larger doubles are not exact integers */

static char *read_stdin(size_t *length) {
    size_t capacity = 64 * 1024, used = 0;
    char *buffer = malloc(capacity);
    while (buffer != NULL) {
        size_t n = fread(buffer + used, 1, capacity - used - 1, stdin);
        used += n;
        if (n == 0) {
            if (ferror(stdin)) {
                break;
            }
            buffer[used] = '\0';
            *length = used;
            return buffer;
        }
        if (used + 1 == capacity) {
            char *grown = realloc(buffer, capacity * 2);
            if (grown == NULL) {
                break;
            }
            buffer = grown;
            capacity *= 2;
        }
    }
    free(buffer);
    return NULL;
}

bool tasker_fail(tasker_output *out, const char *error_type, bool retryable, const char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(out->error.message, sizeof out->error.message, format, args);
    va_end(args);
    out->error.error_type = error_type;
    out->error.retryable = retryable;
    return false;
}

const cJSON *tasker_path(const cJSON *root, const char *dotted_path) {
    char key[128];
    const char *part = dotted_path;
    const cJSON *node = root;
    while (node != NULL && *part != '\0') {
        const char *dot = strchr(part, '.');
        size_t length = dot != NULL ? (size_t)(dot - part) : strlen(part);
        if (length >= sizeof key) {
            return NULL;
        }
        memcpy(key, part, length);
        key[length] = '\0';
        node = cJSON_GetObjectItemCaseSensitive(node, key);
        part += length + (dot != NULL ? 1 : 0);
    }
    return node;
}

const char *tasker_string(const cJSON *root, const char *dotted_path) {
    const char *value = cJSON_GetStringValue(tasker_path(root, dotted_path));
    return value != NULL && value[0] != '\0' ? value : NULL;
}

bool tasker_integer(const cJSON *root, const char *dotted_path, long long min, long long max,
                    long long *value) {
    const cJSON *node = tasker_path(root, dotted_path);
    if (!cJSON_IsNumber(node)) {
        return false;
    }
    double number = node->valuedouble;
    if (number != floor(number) || fabs(number) > MAX_EXACT_INTEGER || number < (double)min ||
        number > (double)max) {
        return false;
    }
    *value = (long long)number;
    return true;
}

static bool parse_invocation(cJSON *root, tasker_invocation *inv, tasker_output *out) {
    long long contract_version = 0, attempt = 0, max_attempts = 0;
    if (!cJSON_IsObject(root)) {
        return tasker_fail(out, "invalid_invocation", false, "step invocation is not a JSON object");
    }
    if (!tasker_integer(root, "contract_version", 1, 1, &contract_version)) {
        return tasker_fail(out, "invalid_invocation", false, "contract_version must be 1");
    }
    inv->task = cJSON_GetObjectItemCaseSensitive(root, "task");
    inv->step = cJSON_GetObjectItemCaseSensitive(root, "step");
    inv->config = cJSON_GetObjectItemCaseSensitive(root, "config");
    inv->dependency_results = cJSON_GetObjectItemCaseSensitive(root, "dependency_results");
    if (!cJSON_IsObject(inv->task) || !cJSON_IsObject(inv->step)) {
        return tasker_fail(out, "invalid_invocation", false, "step invocation needs 'task' and 'step' objects");
    }
    inv->context = cJSON_GetObjectItemCaseSensitive(inv->task, "context");
    inv->inputs = cJSON_GetObjectItemCaseSensitive(inv->step, "inputs");
    inv->task_uuid = tasker_string(inv->task, "uuid");
    inv->step_name = tasker_string(inv->step, "name");
    if (inv->task_uuid == NULL || inv->step_name == NULL ||
        !tasker_integer(inv->step, "attempt", 1, 1000000, &attempt) ||
        !tasker_integer(inv->step, "max_attempts", 1, 1000000, &max_attempts)) {
        return tasker_fail(out, "invalid_invocation", false,
                           "step invocation needs task.uuid, step.name, step.attempt and step.max_attempts");
    }
    inv->attempt = (int)attempt;
    inv->max_attempts = (int)max_attempts;
    return true;
}

static cJSON *result_document(tasker_output *out, bool success) {
    cJSON *document = cJSON_CreateObject();
    cJSON_AddBoolToObject(document, "success", success);
    if (success) {
        cJSON_AddItemToObject(document, "result", out->result != NULL ? out->result : cJSON_CreateNull());
        if (out->batch_processing_outcome != NULL) {
            cJSON_AddItemToObject(document, "batch_processing_outcome", out->batch_processing_outcome);
        }
    } else {
        cJSON *error = cJSON_AddObjectToObject(document, "error");
        cJSON_AddStringToObject(error, "message", out->error.message);
        cJSON_AddStringToObject(error, "error_type", out->error.error_type);
        cJSON_AddBoolToObject(error, "retryable", out->error.retryable);
        if (out->error.error_code != NULL) {
            cJSON_AddStringToObject(error, "error_code", out->error.error_code);
        }
        if (out->error.retry_after_ms >= 0) {
            cJSON_AddNumberToObject(error, "retry_after_ms", (double)out->error.retry_after_ms);
        }
        cJSON_Delete(out->result);
        cJSON_Delete(out->batch_processing_outcome);
        fprintf(stderr, "step failed: %s: %s\n", out->error.error_type, out->error.message);
    }
    cJSON_AddObjectToObject(document, "metadata");
    return document;
}

int tasker_run(tasker_handler handler) {
    tasker_output out = {.error = {.retry_after_ms = -1}};
    tasker_invocation inv = {0};
    size_t length = 0;
    char *input = read_stdin(&length);
    cJSON *root = input != NULL ? cJSON_ParseWithLength(input, length) : NULL;
    bool success;
    if (input == NULL) {
        success = tasker_fail(&out, "invalid_invocation", false, "could not read the step invocation from stdin");
    } else if (root == NULL) {
        success = tasker_fail(&out, "invalid_invocation", false, "step invocation is not valid JSON (near byte %ld)",
                              (long)(cJSON_GetErrorPtr() - input));
    } else {
        success = parse_invocation(root, &inv, &out) && handler(&inv, &out);
    }
    cJSON *document = result_document(&out, success);
    char *text = cJSON_PrintUnformatted(document);
    int status = text != NULL && fputs(text, stdout) >= 0 && fflush(stdout) == 0 ? 0 : 1;
    free(text);
    cJSON_Delete(document);
    cJSON_Delete(root);
    free(input);
    return status;
}
