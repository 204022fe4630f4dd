/*
 * bootfs.h — the files the system booted with: the entries of every valid
 * boot bundle, plus each boot module that is not a bundle under its own
 * name. Read-only, verified once at boot.
 */
#ifndef KERNEL_BOOTFS_H
#define KERNEL_BOOTFS_H

#include <stddef.h>

#include "bundle/bundle.h"

struct boot_info;

/* Verify and index the boot modules; corrupt ones are refused with a log line. */
void bootfs_init(const struct boot_info *bi);
/* Look a file up by name; 0 or -SKY_E_NOENT. */
int bootfs_find(const char *name, size_t name_len, struct bundle_file *out);
/* The object a SKY_OBJ_BOOTFS capability names (one, never freed); the root task gets it. */
struct object *bootfs_object(void);

#endif
