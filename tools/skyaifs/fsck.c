/*
 * fsck.skyaifs — check a SKYAIFS image: every block's checksum (both copies
 * of metadata), every structural invariant, the space map against the
 * references found (lib/skyaifs/check.h). Each problem is one line on
 * stdout. --repair mends what can be mended safely: damaged metadata
 * copies from their twins, counts, leaked inodes; never an image another
 * program (a FUSE mount) holds open.
 * Exit status, as e2fsck: 0 clean, 1 damage found and all repaired,
 * 4 damage left, 8 could not check, 16 usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skyaifs/check.h"
#include "skyaifs/image.h"

static const char usage[] =
	"usage: fsck.skyaifs IMAGE [--repair] [--key-file FILE] [-q]\n"
	"  Check every checksum and invariant of a SKYAIFS image and report each problem.\n"
	"  --repair    rewrite damaged metadata copies from intact ones, correct counts\n"
	"              and the space map (refused while the image is mounted)\n"
	"  --key-file  passphrase or key material of an encrypted volume\n"
	"  -q          print only problems\n"
	"Exit status: 0 clean, 1 damage found and repaired, 4 damage left, 8 could not\n"
	"check (unreadable, not SKYAIFS, wrong key, in use), 16 usage error.\n";

static void print_problem(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
}

int main(int argc, char **argv)
{
	const char *image = NULL, *key_file = NULL;
	bool repair = false, quiet = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--repair") == 0) {
			repair = true;
		} else if (strcmp(argv[i], "-q") == 0) {
			quiet = true;
		} else if (strcmp(argv[i], "--key-file") == 0 && i + 1 < argc) {
			key_file = argv[++i];
		} else if (argv[i][0] == '-' || image) {
			fprintf(stderr, "fsck.skyaifs: unexpected '%s'\n%s", argv[i], usage);
			return 16;
		} else {
			image = argv[i];
		}
	}
	if (!image) {
		fputs(usage, stderr);
		return 16;
	}
	const char *why;
	size_t key_len = 0;
	uint8_t *key = NULL;
	if (key_file && !(key = image_read_key(key_file, &key_len, &why))) {
		fprintf(stderr, "fsck.skyaifs: cannot read key file '%s': %s\n", key_file, why);
		return 8;
	}
	struct image img;
	if (image_open(&img, image, repair, 0, &why) != 0) {
		fprintf(stderr, "fsck.skyaifs: %s: %s%s\n", image, why,
			repair ? "; refusing to repair" : "");
		free(key);
		return 8;
	}
	struct skyaifs *fs;
	int err = skyaifs_mount(&fs, &img.dev, &image_env, key, key_len,
				repair ? 0 : SKYAIFS_MOUNT_RDONLY);
	free(key);
	if (err) {
		fprintf(stderr, "fsck.skyaifs: %s: cannot mount: %s\n", image,
			skyaifs_strerror(err));
		image_close(&img);
		return err == SKYAIFS_EUCLEAN || err == SKYAIFS_EIO ? 4 : 8;
	}
	struct skyaifs_check_report r = { .problem = print_problem };
	err = skyaifs_check(fs, repair, &r);
	int unmount_err = skyaifs_unmount(fs);
	image_close(&img);
	if (err && err != SKYAIFS_EUCLEAN) {
		fprintf(stderr, "fsck.skyaifs: %s: check stopped: %s\n", image,
			skyaifs_strerror(err));
		return 8;
	}
	if (unmount_err && repair) {
		fprintf(stderr, "fsck.skyaifs: %s: writing the repairs failed: %s\n", image,
			skyaifs_strerror(unmount_err));
		return 4;
	}
	uint64_t problems = r.bad_copies + r.unrecoverable + r.structure_errors;
	if (!quiet || problems)
		printf("%s: %llu tree nodes, %llu data blocks, %llu space map blocks checked; %llu "
		       "problems, "
		       "%llu repaired\n",
		       image, (unsigned long long)r.nodes, (unsigned long long)r.data_blocks,
		       (unsigned long long)r.space_blocks, (unsigned long long)problems,
		       (unsigned long long)r.repaired);
	if (err == SKYAIFS_EUCLEAN)
		return 4;
	return problems ? 1 : 0;
}
