/* Decimal-string integer multiplication (see decimal.h). */
#include "decimal.h"

#include <stdlib.h>
#include <string.h>

bool decimal_is_integer(const char *text) {
    if (text == NULL) {
        return false;
    }
    if (*text == '-') {
        text++;
    }
    if (*text == '\0') {
        return false;
    }
    for (; *text != '\0'; text++) {
        if (*text < '0' || *text > '9') {
            return false;
        }
    }
    return true;
}

char *decimal_multiply(const char *a, const char *b) {
    if (!decimal_is_integer(a) || !decimal_is_integer(b)) {
        return NULL;
    }
    bool negative = (*a == '-') != (*b == '-');
    a += *a == '-';
    b += *b == '-';
    size_t la = strlen(a), lb = strlen(b), lr = la + lb;
    /* digits[k] holds the coefficient of 10^k. */
    unsigned *digits = calloc(lr, sizeof *digits);
    char *text = malloc(lr + 2);
    if (digits == NULL || text == NULL) {
        free(digits);
        free(text);
        return NULL;
    }
    for (size_t i = 0; i < la; i++) {
        unsigned carry = 0, da = (unsigned)(a[la - 1 - i] - '0');
        size_t j = 0;
        for (; j < lb; j++) {
            unsigned t = digits[i + j] + da * (unsigned)(b[lb - 1 - j] - '0') + carry;
            digits[i + j] = t % 10;
            carry = t / 10;
        }
        for (size_t k = i + j; carry != 0; k++) {
            unsigned t = digits[k] + carry;
            digits[k] = t % 10;
            carry = t / 10;
        }
    }
    size_t top = lr - 1;
    while (top > 0 && digits[top] == 0) {
        top--;
    }
    size_t out = 0;
    if (negative && (top > 0 || digits[0] != 0)) {
        text[out++] = '-';
    }
    for (size_t k = top + 1; k-- > 0;) {
        text[out++] = (char)('0' + digits[k]);
    }
    text[out] = '\0';
    free(digits);
    return text;
}
