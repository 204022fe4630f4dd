/*
 * hex.h — hex strings for the host tools: decoding checks every digit and
 * the length; encoding is uppercase, the form ACVP files use.
 */
#ifndef TOOLS_COMMON_HEX_H
#define TOOLS_COMMON_HEX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Decode `len` hex digits (either case) into out (cap bytes). Returns the byte count, or -1. */
long hex_decode(const char *s, size_t len, uint8_t *out, size_t cap);

/* Write n bytes as uppercase hex. */
void hex_write(FILE *f, const uint8_t *p, size_t n);

#endif
