/*
 * mkfs.skyaifs — make a SKYAIFS volume in an image file:
 *   mkfs.skyaifs IMAGE SIZE [--encrypt --key-file F] [--kdf-iterations N]
 * SIZE takes K, M, G and T suffixes (binary). The file is created or
 * resized to SIZE. Exit status: 0 done, 1 failed, 2 usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skyaifs/image.h"

static const char usage[] =
	"usage: mkfs.skyaifs IMAGE SIZE [--encrypt --key-file FILE] [--kdf-iterations N]\n"
	"  Make an empty SKYAIFS volume of SIZE bytes (K, M, G, T suffixes; at least 1M,\n"
	"  at most 28G) in IMAGE, with one subvolume, \"main\".\n"
	"  --encrypt          seal every block with XChaCha20-Poly1305 under keys derived\n"
	"                     from the passphrase or key material in FILE\n"
	"  --kdf-iterations N rounds of the passphrase KDF (default 200000)\n"
	"Exit status: 0 done, 1 failed, 2 usage error.\n";

int main(int argc, char **argv)
{
	const char *image = NULL, *size_text = NULL, *key_file = NULL;
	bool encrypt = false;
	unsigned long iterations = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--encrypt") == 0) {
			encrypt = true;
		} else if (strcmp(argv[i], "--key-file") == 0 && i + 1 < argc) {
			key_file = argv[++i];
		} else if (strcmp(argv[i], "--kdf-iterations") == 0 && i + 1 < argc) {
			char *end;
			errno = 0;
			iterations = strtoul(argv[++i], &end, 10);
			if (errno || *end || iterations == 0 || iterations > (1ul << 26)) {
				fprintf(stderr, "mkfs.skyaifs: bad --kdf-iterations '%s'\n",
					argv[i]);
				return 2;
			}
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "mkfs.skyaifs: unknown option '%s'\n%s", argv[i], usage);
			return 2;
		} else if (!image) {
			image = argv[i];
		} else if (!size_text) {
			size_text = argv[i];
		} else {
			fputs(usage, stderr);
			return 2;
		}
	}
	uint64_t size;
	if (!image || !size_text) {
		fputs(usage, stderr);
		return 2;
	}
	if (image_parse_size(size_text, &size) != 0) {
		fprintf(stderr, "mkfs.skyaifs: bad size '%s' (examples: 256M, 4G)\n", size_text);
		return 2;
	}
	if (encrypt != (key_file != NULL)) {
		fprintf(stderr, "mkfs.skyaifs: --encrypt and --key-file go together\n");
		return 2;
	}
	if (size < (1u << 20)) {
		fprintf(stderr, "mkfs.skyaifs: %s is too small: a volume needs at least 1M\n",
			size_text);
		return 2;
	}
	size_t key_len = 0;
	uint8_t *key = NULL;
	const char *why;
	if (key_file && !(key = image_read_key(key_file, &key_len, &why))) {
		fprintf(stderr, "mkfs.skyaifs: cannot read key file '%s': %s\n", key_file, why);
		return 1;
	}
	struct image img;
	if (image_open(&img, image, true, size - size % SKYAIFS_BLOCK_SIZE, &why) != 0) {
		fprintf(stderr, "mkfs.skyaifs: %s: %s\n", image, why);
		free(key);
		return 1;
	}
	struct skyaifs_format_options opt = { key, key_len, (uint32_t)iterations };
	int err = skyaifs_format(&img.dev, &image_env, &opt);
	image_close(&img);
	free(key);
	if (err) {
		fprintf(stderr, "mkfs.skyaifs: %s: %s\n", image, skyaifs_strerror(err));
		return 1;
	}
	printf("%s: SKYAIFS volume of %llu blocks of 4 KiB%s\n", image,
	       (unsigned long long)(size / SKYAIFS_BLOCK_SIZE), encrypt ? ", encrypted" : "");
	return 0;
}
