/*
 * Arbitrary-precision integer multiplication on decimal strings ("-?[0-9]+"), for exact math results
 * that outgrow 64-bit integers and JSON numbers. Schoolbook multiplication (Knuth, TAOCP vol. 2,
 * §4.3.1, Algorithm M) in base 10.
 */
#ifndef TASKER_DECIMAL_H
#define TASKER_DECIMAL_H

#include <stdbool.h>

/* True when `text` is an optional '-' followed by one or more ASCII digits. */
bool decimal_is_integer(const char *text);

/* The exact product of two decimal integers as a new malloc'd string without leading zeros
 * ("0" is never negative); NULL when an operand is not a decimal integer or memory runs out. */
char *decimal_multiply(const char *a, const char *b);

#endif
