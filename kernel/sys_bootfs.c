/*
 * sys_bootfs.c — reading the boot files (bootfs.c) through a
 * SKY_OBJ_BOOTFS capability with READ: the root task has it and passes it
 * on, so a module manager can verify and unpack modules itself.
 */
#include "bootfs.h"
#include "cap.h"
#include "sky/bundle.h"
#include "sky/error.h"
#include "sky/syscall.h"
#include "syscall.h"
#include "usercopy.h"

/* Decode (bootfs, name, name_len) into the file it names. */
static int lookup(uint64_t slot, uint64_t name, uint64_t name_len, struct bundle_file *f)
{
	struct cap *c;
	char buf[SKY_BUNDLE_NAME_SIZE];
	int err = cap_lookup(my_cspace(), slot, SKY_OBJ_BOOTFS, SKY_RIGHT_READ, &c);
	if (err)
		return err;
	if (name_len == 0 || name_len >= sizeof buf) /* no boot file has such a name */
		return -SKY_E_NOENT;
	err = copy_from_user(buf, name, name_len);
	return err ? err : bootfs_find(buf, name_len, f);
}

/* size(bootfs, name, name_len) */
int64_t sys_bootfs_size(SYSCALL_ARGS)
{
	struct bundle_file f;
	int err = lookup(a0, a1, a2, &f);
	return err ? err : (int64_t)f.size;
}

/* read(bootfs, name, name_len, offset, buf, len): copies min(len, READ_MAX, size - offset). */
int64_t sys_bootfs_read(SYSCALL_ARGS)
{
	struct bundle_file f;
	int err = lookup(a0, a1, a2, &f);
	if (err)
		return err;
	if (a3 > f.size)
		return -SKY_E_RANGE;
	uint64_t n = f.size - a3;
	n = n < a5 ? n : a5;
	n = n < SKY_BOOTFS_READ_MAX ? n : SKY_BOOTFS_READ_MAX;
	err = copy_to_user(a4, f.data + a3, n);
	return err ? err : (int64_t)n;
}
