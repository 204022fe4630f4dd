/*
 * skybundle — build or inspect a Skyscope boot bundle (include/sky/bundle.h).
 *
 *   skybundle -o OUT FILE[=NAME]...   pack files; NAME defaults to the file's
 *                                     base name without a ".elf" suffix
 *   skybundle -l BUNDLE               verify and list
 *
 * Listing uses the same lib/bundle checks the kernel applies at boot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/bundle.h"
#include "common/file.h"
#include "sky/bundle.h"

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "skybundle: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(1);
}

static unsigned char *read_file(const char *path, size_t *size)
{
	const char *why;
	unsigned char *data = file_read(path, size, SIZE_MAX / 2, &why);
	if (!data) {
		fprintf(stderr, "skybundle: cannot read '%s': %s\n", path, why);
		exit(1);
	}
	return data;
}

static void default_name(const char *path, char *name)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".elf") == 0)
		n -= 4;
	if (n == 0 || n >= SKY_BUNDLE_NAME_SIZE)
		die("no usable name for '%s' (use FILE=NAME)", path);
	memcpy(name, base, n);
	name[n] = '\0';
}

static uint64_t align_up(uint64_t v)
{
	return (v + SKY_BUNDLE_ALIGN - 1) & ~(uint64_t)(SKY_BUNDLE_ALIGN - 1);
}

static int pack(const char *out, int nfiles, char **specs)
{
	if (nfiles <= 0 || (unsigned)nfiles > SKY_BUNDLE_MAX_ENTRIES)
		die("need 1..256 files, got %s", nfiles <= 0 ? "none" : "too many");
	struct sky_bundle_entry *entries = calloc((size_t)nfiles, sizeof *entries);
	unsigned char **data = calloc((size_t)nfiles, sizeof *data);
	if (!entries || !data)
		die("%s", "out of memory");
	uint64_t offset =
		align_up(SKY_BUNDLE_HEADER_SIZE + (uint64_t)nfiles * SKY_BUNDLE_ENTRY_SIZE);
	for (int i = 0; i < nfiles; i++) {
		char *eq = strchr(specs[i], '=');
		if (eq) {
			*eq = '\0';
			if (strlen(eq + 1) == 0 || strlen(eq + 1) >= SKY_BUNDLE_NAME_SIZE)
				die("bad name in '%s'", specs[i]);
			strcpy(entries[i].name, eq + 1);
		} else {
			default_name(specs[i], entries[i].name);
		}
		size_t size;
		data[i] = read_file(specs[i], &size);
		entries[i].offset = offset;
		entries[i].size = size;
		offset = align_up(offset + size);
	}
	struct sky_bundle_header h = { .version = SKY_BUNDLE_VERSION,
				       .count = (uint32_t)nfiles,
				       .total_size = offset };
	memcpy(h.magic, SKY_BUNDLE_MAGIC, sizeof h.magic);

	unsigned char *image = calloc(1, offset);
	if (!image)
		die("%s", "out of memory");
	memcpy(image, &h, sizeof h);
	memcpy(image + sizeof h, entries, (size_t)nfiles * sizeof *entries);
	for (int i = 0; i < nfiles; i++)
		memcpy(image + entries[i].offset, data[i], entries[i].size);

	/* Refuse to write what the kernel would refuse to read (names, duplicates). */
	struct bundle b;
	const char *why;
	int where;
	if (bundle_open(&b, image, offset, &why, &where) != 0) {
		fprintf(stderr, "skybundle: result would be invalid: %s (entry %d)\n", why, where);
		return 1;
	}
	if (file_write(out, image, offset, 0644) != 0)
		die("cannot write '%s'", out);
	return 0;
}

static int list(const char *path)
{
	size_t size;
	unsigned char *image = read_file(path, &size);
	struct bundle b;
	const char *why;
	int where;
	if (bundle_open(&b, image, size, &why, &where) != 0) {
		fprintf(stderr, "skybundle: %s: corrupt: %s (%s %d)\n", path, why,
			where < 0 ? "header" : "entry", where);
		return 1;
	}
	for (uint32_t i = 0; i < b.count; i++) {
		struct bundle_file f = bundle_get(&b, i);
		printf("%10llu  %s\n", (unsigned long long)f.size, f.name);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "-l") == 0 && argc == 3)
		return list(argv[2]);
	if (argc >= 4 && strcmp(argv[1], "-o") == 0)
		return pack(argv[2], argc - 3, argv + 3);
	fprintf(stderr, "usage: skybundle -o OUT FILE[=NAME]...\n       skybundle -l BUNDLE\n");
	return 2;
}
