/*
 * skyimage — container image bundles (.ski, docs/pkg.md) on the host: a
 * descriptor (quotas, namespaces, mounts, network and interlink policy,
 * the modules to start with their capabilities) that pins the digests of
 * the packages it uses, signed by image-builder keys; verified against a
 * repository exactly as Skyscope's container manager will (lib/pkg).
 * `skyimage --help` lists the commands.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/file.h"
#include "crypto/sha3.h"
#include "pkgtool/pkgtool.h"

#define FILE_MAX (SKY_PKG_ELF_MAX + (8u << 20))

static const char usage[] =
	"usage:\n"
	"  skyimage build --descriptor D --key IMG.sec [--key ...] -o I.ski P.skm...\n"
	"      Make a bundle from the descriptor D (text: docs/pkg.md); each 'module = NAME'\n"
	"      line is pinned to the digest of the package NAME among the P.skm files.\n"
	"  skyimage verify --repo DIR [--anchor ROOTS.skr] [--now TIME] [--record] I.ski\n"
	"      Check I against DIR's trust store (image keys), snapshot (I and every module it\n"
	"      starts) and highest-seen versions, trusting the root keys of --anchor (or\n"
	"      DIR/root.skr). --record raises the highest seen.\n"
	"  skyimage inspect I.ski\n"
	"      Print the descriptor and signers (structure checked only).\n"
	"\n"
	"Exit status: 0 done (valid), 1 refused (the reason on stderr), 2 usage or I/O error.\n";

struct options {
	const char *descriptor, *out, *repo, *anchor, *keys[4], *files[16];
	int nkeys, nfiles;
	bool record;
	uint64_t now;
};

static int parse(int argc, char **argv, struct options *o)
{
	*o = (struct options){ .now = pt_clock() };
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		bool more = i + 1 < argc;
		uint64_t v;
		if (!strcmp(a, "--descriptor") && more)
			o->descriptor = argv[++i];
		else if (!strcmp(a, "-o") && more)
			o->out = argv[++i];
		else if (!strcmp(a, "--repo") && more)
			o->repo = argv[++i];
		else if (!strcmp(a, "--anchor") && more)
			o->anchor = argv[++i];
		else if (!strcmp(a, "--key") && more && o->nkeys < 4)
			o->keys[o->nkeys++] = argv[++i];
		else if (!strcmp(a, "--record"))
			o->record = true;
		else if (!strcmp(a, "--now") && more && pt_number(argv[i + 1], UINT64_MAX, &v))
			o->now = v, i++;
		else if (a[0] != '-' && o->nfiles < 16)
			o->files[o->nfiles++] = a;
		else
			return pt_error(PT_USAGE, "bad argument '%s' (skyimage --help)", a);
	}
	return 0;
}

static int build(const struct options *o)
{
	static struct pt_pkgref refs[16];
	static struct image_descriptor d;
	static uint8_t sks[4][SKY_PKG_SK_SIZE];
	if (!o->descriptor || !o->nkeys || !o->out || !o->nfiles)
		return pt_error(PT_USAGE, "build needs --descriptor, --key, -o and packages");
	int status = 0;
	for (int i = 0; !status && i < o->nfiles; i++) {
		size_t len;
		uint8_t *in = pt_read(o->files[i], &len, FILE_MAX);
		struct pkg_skm p;
		struct pkg_err e;
		if (!in)
			status = PT_USAGE;
		else if (pkg_skm_open(&p, in, len, &e) ||
			 pkg_manifest_read(&refs[i].manifest, p.manifest, p.manifest_len, &e))
			status = pt_refused(o->files[i], &e);
		else
			pkg_digest(in, p.signed_len, refs[i].digest);
		free(in);
	}
	size_t tlen, blen, flen;
	char *text = status ? NULL : (char *)pt_read(o->descriptor, &tlen, 1 << 20);
	if (!status && !text)
		status = PT_USAGE;
	if (!status)
		status = pt_descriptor_parse(o->descriptor, text, refs, o->nfiles, &d);
	for (int i = 0; !status && i < o->nkeys; i++)
		status = pt_read_key(o->keys[i], sks[i], SKY_PKG_SK_SIZE);
	uint8_t *body =
		status ? NULL : PT_ENCODE(image_descriptor_encode, &d, IMAGE_DESCRIPTOR_MAX, &blen);
	uint8_t *f = body ? pt_meta_build(SKY_META_IMAGE, body, blen,
					  (const uint8_t(*)[SKY_PKG_SK_SIZE])sks, o->nkeys, &flen)
			  : NULL;
	memset(sks, 0, sizeof sks);
	if (!status && !f)
		status = pt_error(PT_USAGE, "cannot make the bundle");
	if (!status && file_write(o->out, f, flen, 0644))
		status = pt_error(PT_USAGE, "%s: cannot write: %s", o->out, strerror(errno));
	free(text);
	free(body);
	free(f);
	return status;
}

static int verify(const struct options *o)
{
	static struct pkg_repo r;
	static struct image_descriptor d;
	if (!o->repo || o->nfiles != 1)
		return pt_error(PT_USAGE, "verify needs --repo DIR and one bundle");
	int status = pt_repo_open(o->repo, o->anchor, o->now, 0, &r);
	size_t len, sl;
	uint8_t *in = status ? NULL : pt_read(o->files[0], &len, FILE_MAX), digest[64];
	if (!in)
		return status ? status : PT_USAGE;
	struct pkg_err e;
	if (pkg_verify_image(&r, in, len, o->now, PKG_V_SNAPSHOT, &d, digest, &sl, &e)) {
		status = pt_refused(o->files[0], &e);
	} else {
		printf("%s: ok: image %.*s %u.%u.%u, %u modules, digest ", o->files[0], d.name.len,
		       d.name.data, d.version.major, d.version.minor, d.version.patch,
		       d.modules.count);
		pt_hex(stdout, digest, 16);
		printf("...\n");
		if (o->record) {
			pkg_seen_note(&r.state, true, d.name.data, d.name.len, &d.version);
			status = pt_state_save(o->repo, &r.state);
		}
	}
	free(in);
	return status;
}

static int inspect(const struct options *o)
{
	static struct image_descriptor d;
	if (o->nfiles != 1)
		return pt_error(PT_USAGE, "inspect needs one bundle");
	size_t len;
	uint8_t *in = pt_read(o->files[0], &len, FILE_MAX), digest[64];
	if (!in)
		return PT_USAGE;
	struct pkg_meta m;
	struct pkg_err e;
	struct sila_where where = { 0, "" };
	int status = 0;
	if (pkg_meta_open(&m, SKY_META_IMAGE, in, len, &e)) {
		status = pt_refused(o->files[0], &e);
	} else {
		struct sila_msg msg = pkg_meta_msg(&m);
		if (image_descriptor_decode(&d, &msg, &where)) {
			pkg_fail(&e, PKG_R_MALFORMED, "descriptor: bad field '%s' at byte %u",
				 where.field, where.offset);
			status = pt_refused(o->files[0], &e);
		}
	}
	if (!status) {
		pt_descriptor_print(stdout, &d);
		pkg_digest(in, m.signed_len, digest);
		printf("# bundle: %zu bytes, descriptor %u; digest (shake256 of the first %zu): ",
		       len, m.body_len, m.signed_len);
		pt_hex(stdout, digest, 64);
		printf("\n# %u signature%s\n", m.sigs.count, m.sigs.count == 1 ? "" : "s");
		for (uint32_t i = 0; i < m.sigs.count; i++) {
			printf("#   key ");
			pt_hex(stdout, m.sigs.at + (size_t)i * SKY_PKG_SIG_ENTRY, 32);
			printf("\n");
		}
	}
	free(in);
	return status;
}

int main(int argc, char **argv)
{
	pt_prog = "skyimage";
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc < 2)
		return pt_error(PT_USAGE, "no command (skyimage --help)");
	struct options o;
	int status = parse(argc, argv, &o);
	if (status)
		return status;
	if (!strcmp(argv[1], "build"))
		return build(&o);
	if (!strcmp(argv[1], "verify"))
		return verify(&o);
	if (!strcmp(argv[1], "inspect"))
		return inspect(&o);
	return pt_error(PT_USAGE, "unknown command '%s' (skyimage --help)", argv[1]);
}
