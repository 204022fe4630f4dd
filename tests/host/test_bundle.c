/*
 * test_bundle — lib/bundle's verifier and lookup on bundles built here
 * byte by byte: a good one opens and finds its files; each broken rule is
 * refused with its reason; names with NULs never match.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/bundle.h"
#include "check.h"
#include "sky/error.h"

#define NFILES 3
static unsigned char image[4096 * 4];

static struct sky_bundle_entry *entry(unsigned i)
{
	return (struct sky_bundle_entry *)(image + SKY_BUNDLE_HEADER_SIZE +
					   i * SKY_BUNDLE_ENTRY_SIZE);
}

static struct sky_bundle_header *header(void)
{
	return (struct sky_bundle_header *)image;
}

/* Three files: "init" (100 bytes), "hello" (5 bytes), "empty" (0 bytes). */
static void make_good(void)
{
	memset(image, 0, sizeof image);
	memcpy(header()->magic, SKY_BUNDLE_MAGIC, 8);
	header()->version = SKY_BUNDLE_VERSION;
	header()->count = NFILES;
	header()->total_size = 4096 * 3;
	const char *names[NFILES] = { "init", "hello", "empty" };
	uint64_t sizes[NFILES] = { 100, 5, 0 };
	for (unsigned i = 0; i < NFILES; i++) {
		strcpy(entry(i)->name, names[i]);
		entry(i)->offset = 4096 * (i + 1);
		entry(i)->size = sizes[i];
	}
	memcpy(image + 8192, "hello", 5);
}

static int open_image(size_t size, const char **why)
{
	struct bundle b;
	int where;
	*why = "";
	return bundle_open(&b, image, size, why, &where);
}

static void good_bundle(void)
{
	make_good();
	struct bundle b;
	const char *why;
	int where;
	EXPECT(bundle_open(&b, image, sizeof image, &why, &where) == 0);
	EXPECT(b.count == NFILES);
	struct bundle_file f;
	EXPECT(bundle_find(&b, "hello", 5, &f) == 0 && f.size == 5 &&
	       memcmp(f.data, "hello", 5) == 0);
	EXPECT(bundle_find(&b, "init", 4, &f) == 0 && f.size == 100);
	EXPECT(bundle_find(&b, "empty", 5, &f) == 0 && f.size == 0);
	EXPECT(bundle_find(&b, "hell", 4, &f) == -SKY_E_NOENT);
	EXPECT(bundle_find(&b, "hello!", 6, &f) == -SKY_E_NOENT);
	EXPECT(bundle_find(&b, "hello\0", 6, &f) == -SKY_E_NOENT); /* a NUL in the name */
	EXPECT(bundle_find(&b, "", 0, &f) == -SKY_E_NOENT);
	EXPECT(strcmp(bundle_get(&b, 1).name, "hello") == 0);
}

#define REFUSED(mutation, fragment)                                                                \
	do {                                                                                       \
		make_good();                                                                       \
		mutation;                                                                          \
		const char *why_;                                                                  \
		EXPECT(open_image(sizeof image, &why_) == -SKY_E_CORRUPT);                         \
		EXPECT(strstr(why_, fragment) != NULL);                                            \
	} while (0)

static void broken_rules(void)
{
	REFUSED(image[0] = 'X', "magic");
	REFUSED(header()->version = 2, "version");
	REFUSED(header()->total_size = sizeof image + 1, "total size");
	REFUSED(header()->total_size = 8, "total size");
	REFUSED(header()->reserved = 1, "reserved");
	REFUSED(header()->count = SKY_BUNDLE_MAX_ENTRIES + 1, "too many");
	REFUSED((header()->count = 200, header()->total_size = 4096), "entry table");
	REFUSED(entry(1)->name[0] = '\0', "name");
	REFUSED(memset(entry(1)->name, 'a', SKY_BUNDLE_NAME_SIZE), "name");
	REFUSED(strcpy(entry(1)->name, "a/b"), "name");
	REFUSED(strcpy(entry(1)->name, "tab\there"), "name");
	REFUSED(strcpy(entry(1)->name, "init"), "duplicate");
	REFUSED(entry(1)->offset = 8, "outside");
	REFUSED(entry(1)->offset = 4096 * 3 - 2, "outside");
	REFUSED(entry(1)->size = UINT64_MAX, "outside");
	REFUSED(entry(1)->offset = UINT64_MAX, "outside");
	REFUSED((entry(1)->offset = 4096 + 50), "overlap");
	const char *why;
	make_good();
	EXPECT(open_image(4096 * 3 - 1, &why) == -SKY_E_CORRUPT); /* module shorter than total */
	EXPECT(open_image(10, &why) == -SKY_E_CORRUPT);
	EXPECT(open_image(0, &why) == -SKY_E_CORRUPT);
}

int main(void)
{
	RUN("bundle", good_bundle);
	RUN("bundle", broken_rules);
	return cases_failed != 0;
}
