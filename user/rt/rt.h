/*
 * rt.h — the Skyscope C runtime for user programs: crt0 calls
 * main(argc, argv) and exits with its result; printf writes to the console;
 * the string functions are lib/base's; the system calls are in syscall.h.
 */
#ifndef RT_RT_H
#define RT_RT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/fmt.h"
#include "base/string.h"
#include "syscall.h"

/* Formatted output to the console; one call's output is written as a unit up to 1 KiB. */
int printf(const char *fmt, ...) FMT_PRINTF(1, 2);
int vprintf(const char *fmt, va_list ap);
#define snprintf  fmt_snprintf
#define vsnprintf fmt_vsnprintf
/* Write s and a newline. */
int puts(const char *s);

__attribute__((noreturn)) void exit(int code);

/* Spawn a boot program by its NUL-terminated name with argv-style NULL-terminated args. */
int64_t spawn(const char *name, const char *const *args, int priority);
/* The same, also passing capabilities (copied into the child's slots 4..). */
int64_t spawn_with_caps(const char *name, const char *const *args, int priority,
			const uint32_t *caps, unsigned ncaps);

/* ---- objects.c: slots, objects, mappings ---- */
#define RT_FIRST_SLOT 32 /* slots below are for well-known and passed capabilities */
/* A free slot of our capability space, or a negative error. */
int64_t slot_alloc(void);
void slot_free(uint32_t slot);
/* Make an object charged to our account; its slot, or a negative error. */
int64_t object_create(uint32_t type, uint64_t arg0, uint64_t arg1);
/* Delete the capability and free the slot. */
void object_delete(uint32_t slot);
/* Address space for `pages` pages of mapping (never reused). */
uint64_t vaddr_reserve(uint64_t pages);
/* Map memory object `mem` whole (pages long) somewhere new; NULL on error. */
void *map_object(uint32_t mem, uint64_t pages, uint32_t rights);
/* A new memory object (flags: SKY_MEM_*) mapped somewhere new; *mem_slot gets its slot. */
void *map_new(uint64_t pages, uint32_t rights, uint32_t flags, int64_t *mem_slot);

/* ---- thread.c ---- */
/* A new thread of this process running fn(arg) on a fresh stack; its thread slot. */
int64_t thread_spawn(void (*fn)(void *), void *arg, uint64_t stack_pages, int priority);

#endif
