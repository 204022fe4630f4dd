/*
 * t_pkg — lib/pkg inside Skyscope, on the packages and image bundles
 * tests/pkg/guest_cases.sh made on the host (good ones and every kind of
 * wrong one) with the same repository (anchor, trust store, snapshot,
 * state): each is verified here as the module and container managers will
 * — structure, signature, snapshot, highest seen, and for packages
 * decompression and SHA3-512 — and the verdict must be the one
 * `skypack verify` or `skyimage verify` gave on the host (pkgt_expect),
 * line by line. The boot files come through the boot-file capability
 * (slot 4).
 */
#include "check.h"

#include "pkg/pkg.h"

#define FS       4
#define FILE_MAX (64 * 1024)
#define ELF_MAX  (256 * 1024)

static uint8_t file[FILE_MAX], elf[ELF_MAX], work[160 * 1024];
static uint8_t roots[32768], trust[65536], snap[65536], state[32768];
static char expect[4096];
static struct pkg_repo repo;
static struct pkg_verified verified;
static struct image_descriptor descriptor;

static int64_t read_file(const char *name, void *buf, size_t cap)
{
	int64_t size = sky_bootfs_size(FS, name, strlen(name));
	if (size < 0 || (uint64_t)size > cap)
		return -1;
	for (int64_t at = 0; at < size;) {
		int64_t got = sky_bootfs_read(FS, name, strlen(name), (uint64_t)at,
					      (uint8_t *)buf + at, (uint64_t)(size - at));
		if (got <= 0)
			return -1;
		at += got;
	}
	return size;
}

static uint64_t number(const char **p)
{
	uint64_t v = 0;
	while (**p >= '0' && **p <= '9')
		v = v * 10 + (uint64_t)(*(*p)++ - '0');
	return v;
}

/* The next space- or newline-ended word of *p into w. */
static void word(const char **p, char *w, size_t cap)
{
	size_t n = 0;
	while (**p == ' ')
		(*p)++;
	while (**p && **p != ' ' && **p != '\n' && n + 1 < cap)
		w[n++] = *(*p)++;
	w[n] = 0;
}

static int load(uint64_t now, const int64_t *len, struct pkg_err *e)
{
	struct pkg_repo_files f = { .roots = roots,
				    .trust = trust,
				    .snapshot = snap,
				    .state = state,
				    .roots_len = (size_t)len[0],
				    .trust_len = (size_t)len[1],
				    .snapshot_len = (size_t)len[2],
				    .state_len = (size_t)len[3] };
	return pkg_repo_load(&repo, &f, now, 0, e);
}

int main(void)
{
	int64_t len[4] = { read_file("pkgt_repo_root.skr", roots, sizeof roots),
			   read_file("pkgt_repo_trust.skt", trust, sizeof trust),
			   read_file("pkgt_repo_snapshot.sks", snap, sizeof snap),
			   read_file("pkgt_repo_state.sks", state, sizeof state) };
	int64_t elen = read_file("pkgt_expect", expect, sizeof expect - 1);
	CHECK(len[0] > 0 && len[1] > 0 && len[2] > 0 && len[3] > 0 && elen > 0,
	      "the repository and the host's verdicts read");
	CHECK(zstd_workspace_size() <= sizeof work, "the zstd workspace fits");
	const char *p = expect;
	if (strncmp(p, "now ", 4) != 0)
		return CHECK(false, "pkgt_expect starts with the time"), check_finish();
	p += 4;
	uint64_t now = number(&p);
	struct pkg_err e;
	int err = load(now, len, &e);
	CHECK(err == 0, "repository loaded at %llu (%s)", (unsigned long long)now,
	      err ? e.why : "root keys, trust store, snapshot, state");
	int cases = 0;
	while (*p) {
		char name[64], want[32];
		while (*p == '\n')
			p++;
		if (!*p)
			break;
		if (strncmp(p, "frozen ", 7) == 0) {
			/* The whole repository at a later time: the snapshot has expired. */
			p += 7;
			uint64_t later = number(&p);
			word(&p, name, sizeof name);
			word(&p, want, sizeof want);
			err = load(later, len, &e);
			CHECK(err && strcmp(pkg_reason_name(e.reason), want) == 0,
			      "at %llu the repository is refused as on the host: %s (%s)",
			      (unsigned long long)later, want, err ? e.why : "accepted");
			continue;
		}
		word(&p, name, sizeof name);
		word(&p, want, sizeof want);
		int64_t n = read_file(name, file, sizeof file);
		if (!CHECK(n > 0, "%s read", name))
			continue;
		bool image = n >= 8 && memcmp(file, SKY_META_IMAGE, 8) == 0;
		uint64_t t0 = sky_time();
		if (image) {
			uint8_t digest[64];
			size_t sl;
			err = pkg_verify_image(&repo, file, (size_t)n, now, PKG_V_SNAPSHOT,
					       &descriptor, digest, &sl, &e);
		} else {
			err = pkg_verify_package(&repo, file, (size_t)n, now,
						 PKG_V_SNAPSHOT | PKG_V_CONTENT, elf, sizeof elf,
						 work, sizeof work, NULL, &verified, &e);
		}
		uint64_t t1 = sky_time();
		const char *got = err ? pkg_reason_name(e.reason) : "ok";
		CHECK(strcmp(got, want) == 0, "%s: %s, as on the host (%s)", name, got,
		      err ? e.why : "verified");
		if (!err && !image)
			printf("t_pkg: %s: %zu-byte module verified in %llu us\n", name,
			       verified.elf_len, (unsigned long long)((t1 - t0) / 1000));
		cases++;
	}
	CHECK(cases >= 20, "%d packages and image bundles judged", cases);
	return check_finish();
}
