/*
 * pkg.c — what verifying a module package costs on the host: the whole of
 * pkg_verify_package (structure, signature, snapshot, highest seen,
 * decompression, SHA3-512) on a package with a 1 MiB module, and its
 * parts — the signature (hashing the signed region and one ML-DSA-87
 * verification), the zstd decompression and the SHA3-512 of the module.
 * Best of RUNS, wall clock, in microseconds.
 *
 *   bench/pkg REPO_DIR PACKAGE.skm
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/file.h"
#include "crypto/sha3.h"
#include "pkg/pkg.h"

#define RUNS 21

static struct pkg_repo repo;
static struct pkg_verified verified;
static uint8_t work[256 << 10];

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static uint8_t *load(const char *dir, const char *name, size_t *len)
{
	char path[4096];
	const char *why;
	snprintf(path, sizeof path, "%s%s%s", dir, name ? "/" : "", name ? name : "");
	uint8_t *p = file_read(path, len, 256u << 20, &why);
	if (!p) {
		fprintf(stderr, "bench/pkg: %s: %s\n", path, why);
		exit(1);
	}
	return p;
}

static void report(const char *metric, double best)
{
	printf("bench %s %.0f us\n", metric, best);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bench/pkg REPO_DIR PACKAGE.skm\n");
		return 2;
	}
	struct pkg_repo_files f;
	memset(&f, 0, sizeof f);
	f.roots = load(argv[1], "root.skr", &f.roots_len);
	f.trust = load(argv[1], "trust.skt", &f.trust_len);
	f.snapshot = load(argv[1], "snapshot.sks", &f.snapshot_len);
	f.state = load(argv[1], "state.sks", &f.state_len);
	size_t len;
	uint8_t *in = load(argv[2], NULL, &len);
	uint64_t t = (uint64_t)time(NULL);
	struct pkg_err e;
	if (pkg_repo_load(&repo, &f, t, 0, &e)) {
		fprintf(stderr, "bench/pkg: %s\n", e.why);
		return 1;
	}
	struct pkg_skm p;
	if (pkg_skm_open(&p, in, len, &e))
		return 1;
	size_t n = p.cmh.decompressed_size;
	uint8_t *elf = malloc(n), digest[64];
	double best[4] = { 1e18, 1e18, 1e18, 1e18 };
	for (int r = 0; r < RUNS; r++) {
		double t0 = now_us();
		int err = pkg_verify_package(&repo, in, len, t, PKG_V_SNAPSHOT | PKG_V_CONTENT, elf,
					     n, work, sizeof work, NULL, &verified, &e);
		double t1 = now_us();
		pkg_digest(in, p.signed_len, digest);
		err |= pkg_sigs_check(&repo.trust.role_set, PKG_ROLE_PACKAGE, 1, SKY_PKG_MAGIC,
				      digest, 64, &p.sigs, t, &e);
		double t2 = now_us();
		struct zstd_result z =
			zstd_decompress(elf, n, p.payload + SKY_CMH_SIZE,
					p.payload_len - SKY_CMH_SIZE, work, sizeof work, NULL);
		double t3 = now_us();
		sha3_512(elf, n, digest);
		double t4 = now_us();
		if (err || z.error != ZSTD_OK || z.out_len != n) {
			fprintf(stderr, "bench/pkg: the package does not verify: %s\n", e.why);
			return 1;
		}
		double d[4] = { t1 - t0, t2 - t1, t3 - t2, t4 - t3 };
		for (int i = 0; i < 4; i++)
			best[i] = d[i] < best[i] ? d[i] : best[i];
	}
	if (n != 1u << 20)
		fprintf(stderr, "bench/pkg: the module is %zu bytes, not 1 MiB\n", n);
	report("pkg.verify.1mib.us", best[0]);
	report("pkg.verify.1mib.signature.us", best[1]);
	report("pkg.verify.1mib.decompress.us", best[2]);
	report("pkg.verify.1mib.sha3_512.us", best[3]);
	printf("bench pkg.verify.1mib.compressed_bytes %zu bytes\n", p.payload_len - SKY_CMH_SIZE);
	return 0;
}
