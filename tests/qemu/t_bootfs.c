/*
 * t_bootfs — the boot files through a BOOTFS capability (init passes it in
 * slot 4): sizes, whole and partial reads that match the file, short reads
 * at the end, and every refusal (no such file, wrong capability type,
 * missing right, offsets past the end, bad buffers) with nothing written.
 */
#include "check.h"

#include "base/string.h"

#define FS 4 /* the slot init gives this test */

int main(void)
{
	struct sky_cap_info ci;
	CHECK_EQ(sky_cap_identify(FS, &ci), 0, "the boot-file capability");
	CHECK(ci.type == SKY_OBJ_BOOTFS && ci.rights == SKY_RIGHT_READ, "type BOOTFS, READ only");

	int64_t size = sky_bootfs_size(FS, "hello", 5);
	CHECK(size > 1000 && size < 1 << 20, "hello has a plausible size (%lld)", (long long)size);
	static uint8_t a[1 << 20], b[4096];
	CHECK_EQ(sky_bootfs_read(FS, "hello", 5, 0, a, sizeof a), size,
		 "the whole file in one read");
	CHECK(memcmp(a, "\177ELF", 4) == 0, "it is an ELF file");
	CHECK_EQ(sky_bootfs_read(FS, "hello", 5, 100, b, 50), 50, "50 bytes from offset 100");
	CHECK(memcmp(a + 100, b, 50) == 0, "the same bytes");
	CHECK_EQ(sky_bootfs_read(FS, "hello", 5, (uint64_t)size - 10, b, 4096), 10,
		 "short at the end");
	CHECK_EQ(sky_bootfs_read(FS, "hello", 5, (uint64_t)size, b, 4096), 0, "nothing at the end");

	memset(b, 0x5A, sizeof b);
	CHECK_EQ(sky_bootfs_read(FS, "hello", 5, (uint64_t)size + 1, b, 16), -SKY_E_RANGE,
		 "past the end");
	CHECK_EQ(sky_bootfs_size(FS, "nosuchfile", 10), -SKY_E_NOENT, "no such file");
	CHECK_EQ(sky_bootfs_size(FS, "hello", 0), -SKY_E_NOENT, "an empty name");
	CHECK_EQ(sky_bootfs_size(FS, "hello", 4096), -SKY_E_NOENT, "a name longer than any");
	CHECK_EQ(sky_bootfs_read(FS, "hello", 5, 0, (void *)0xFFFF800000000000ull, 16),
		 -SKY_E_FAULT, "a kernel buffer");
	CHECK_EQ(sky_bootfs_size(FS, (const char *)0xFFFF800000000000ull, 5), -SKY_E_FAULT,
		 "a kernel name");
	CHECK_EQ(sky_bootfs_size(SKY_SLOT_ACCOUNT, "hello", 5), -SKY_E_TYPE,
		 "an account is no BOOTFS");
	CHECK_EQ(sky_bootfs_size(200, "hello", 5), -SKY_E_EMPTY, "an empty slot");
	CHECK(b[0] == 0x5A && b[15] == 0x5A, "refused reads wrote nothing");

	/* Without READ, nothing. */
	CHECK_EQ(sky_cap_derive(FS, 20, 0, 0), 0, "a copy without rights");
	CHECK_EQ(sky_bootfs_size(20, "hello", 5), -SKY_E_RIGHTS, "no READ, no size");
	CHECK_EQ(sky_bootfs_read(20, "hello", 5, 0, b, 16), -SKY_E_RIGHTS, "no READ, no read");
	return check_finish();
}
