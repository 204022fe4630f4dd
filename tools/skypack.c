/*
 * skypack — module packages (.skm, docs/pkg.md) on the host: keys and
 * their certificates, building a package from a manifest and an ELF,
 * signing it, verifying it against a repository exactly as Skyscope will
 * (lib/pkg), printing it, and signing verification results for the
 * promotion gate. `skypack --help` lists the commands.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "common/file.h"
#include "common/hex.h"
#include "common/entropy.h"
#include "crypto/mldsa.h"
#include "crypto/sha3.h"
#include "pkgtool/pkgtool.h"

#define PKG_FILE_MAX                                                                               \
	(SKY_PKG_HEADER_SIZE + SKY_PKG_MANIFEST_MAX + SKY_CMH_SIZE +                               \
	 (SKY_PKG_ELF_MAX + (SKY_PKG_ELF_MAX >> 7) + 4096) + 4 +                                   \
	 SKY_PKG_SIGS_MAX * SKY_PKG_SIG_ENTRY)

static const char usage[] =
	"usage:\n"
	"  skypack keygen [--seed HEX64] -o BASE\n"
	"      Make an ML-DSA-87 key pair: BASE.pub and BASE.sec (mode 0600). --seed makes it\n"
	"      from 32 given bytes (test keys only).\n"
	"  skypack certify --root ROOT.sec [--root ...] --role ROLE --key KEY.pub --expires TIME\n"
	"                  -o KEY.crt\n"
	"      The root keys certify that KEY holds ROLE (package, image, promotion, snapshot)\n"
	"      until TIME (Unix seconds); skyrepo puts certified keys into the trust store.\n"
	"  skypack build --manifest M --elf E [--dict D] [-L LEVEL] -o P.skm\n"
	"      Compress E (zstd, level 1-22, default 19, optionally with dictionary D) under the\n"
	"      manifest M (text: docs/pkg.md) into an unsigned package.\n"
	"  skypack sign --key KEY.sec P.skm [-o OUT.skm]\n"
	"      Add a signature (up to 4, one per key).\n"
	"  skypack verify --repo DIR [--anchor ROOTS.skr] [--now TIME] [--record] P.skm\n"
	"      Check P against DIR's trust store, signed snapshot and highest-seen versions,\n"
	"      decompress it and check its SHA3-512. The trust store must be signed by the root\n"
	"      keys of --anchor (those the verifier trusts, e.g. from the boot bundle), or else\n"
	"      of DIR/root.skr. --record raises DIR's highest-seen version of P's name when P is\n"
	"      accepted (as installing it would).\n"
	"  skypack inspect P.skm\n"
	"      Print the manifest (in the text form build reads), sizes and signers. Checks the\n"
	"      structure only.\n"
	"  skypack promote --key KEY.sec --check NAME (--pass|--fail) [--tool T] [--detail TEXT]\n"
	"                  [--now TIME] P.skm -o R.skv\n"
	"      Sign a verification result about P for the promotion gate (skyrepo add).\n"
	"\n"
	"Exit status: 0 done (valid), 1 refused (the reason on stderr), 2 usage or I/O error.\n";

struct options {
	const char *out, *manifest, *elf, *dict, *repo, *anchor, *role, *key, *check, *tool,
		*detail;
	const char *seed;
	const char *roots[4];
	int nroots, level, outcome;
	bool record;
	uint64_t now, expires;
	const char *file;
};

static int parse(int argc, char **argv, struct options *o)
{
	*o = (struct options){ .level = 19, .now = pt_clock(), .tool = "skypack" };
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		bool more = i + 1 < argc;
		uint64_t v;
		if (!strcmp(a, "-o") && more)
			o->out = argv[++i];
		else if (!strcmp(a, "--manifest") && more)
			o->manifest = argv[++i];
		else if (!strcmp(a, "--elf") && more)
			o->elf = argv[++i];
		else if (!strcmp(a, "--dict") && more)
			o->dict = argv[++i];
		else if (!strcmp(a, "--repo") && more)
			o->repo = argv[++i];
		else if (!strcmp(a, "--anchor") && more)
			o->anchor = argv[++i];
		else if (!strcmp(a, "--role") && more)
			o->role = argv[++i];
		else if (!strcmp(a, "--key") && more)
			o->key = argv[++i];
		else if (!strcmp(a, "--check") && more)
			o->check = argv[++i];
		else if (!strcmp(a, "--tool") && more)
			o->tool = argv[++i];
		else if (!strcmp(a, "--detail") && more)
			o->detail = argv[++i];
		else if (!strcmp(a, "--seed") && more)
			o->seed = argv[++i];
		else if (!strcmp(a, "--root") && more && o->nroots < 4)
			o->roots[o->nroots++] = argv[++i];
		else if (!strcmp(a, "--pass") || !strcmp(a, "--fail"))
			o->outcome = a[2] == 'p' ? PKG_OUTCOME_PASS : PKG_OUTCOME_FAIL;
		else if (!strcmp(a, "--record"))
			o->record = true;
		else if (!strcmp(a, "-L") && more && pt_number(argv[i + 1], 22, &v) && v >= 1)
			o->level = (int)v, i++;
		else if (!strcmp(a, "--now") && more && pt_number(argv[i + 1], UINT64_MAX, &v))
			o->now = v, i++;
		else if (!strcmp(a, "--expires") && more && pt_number(argv[i + 1], UINT64_MAX, &v))
			o->expires = v, i++;
		else if (a[0] != '-' && !o->file)
			o->file = a;
		else
			return pt_error(PT_USAGE, "bad argument '%s' (skypack --help)", a);
	}
	return 0;
}

static int need(const char *v, const char *what)
{
	return v ? 0 : pt_error(PT_USAGE, "%s is required (skypack --help)", what);
}

static int write_out(const char *path, const void *p, size_t n, unsigned mode)
{
	if (file_write(path, p, n, mode))
		return pt_error(PT_USAGE, "%s: cannot write: %s", path, strerror(errno));
	return 0;
}

static int keygen(const struct options *o)
{
	uint8_t seed[32], pk[SKY_PKG_PK_SIZE], sk[SKY_PKG_SK_SIZE];
	if (need(o->out, "-o BASE"))
		return PT_USAGE;
	if (o->seed) {
		if (strlen(o->seed) != 64 || hex_decode(o->seed, 64, seed, 32) != 32)
			return pt_error(PT_USAGE, "--seed wants 64 hex digits");
	} else if (pt_random(seed)) {
		return PT_USAGE;
	}
	mldsa_keygen(87, seed, pk, sk);
	char *pub = malloc(strlen(o->out) + 5), *sec = malloc(strlen(o->out) + 5), *tmp = NULL;
	sprintf(pub, "%s.pub", o->out);
	sprintf(sec, "%s.sec", o->out);
	/* Both files or neither. */
	int status = 0;
	if (file_stage(sec, sk, sizeof sk, 0600, &tmp) || write_out(pub, pk, sizeof pk, 0644)) {
		status = pt_error(PT_USAGE, "%s: cannot write", o->out);
		if (tmp)
			file_discard(tmp);
	} else if (file_commit(tmp, sec)) {
		status = pt_error(PT_USAGE, "%s: cannot write", sec);
	}
	memset(sk, 0, sizeof sk);
	memset(seed, 0, sizeof seed);
	free(pub);
	free(sec);
	return status;
}

static int certify(const struct options *o)
{
	static uint8_t sks[4][SKY_PKG_SK_SIZE];
	struct pkg_key_cert c = { .role = pt_role(o->role), .expires = o->expires };
	if (!o->nroots || !c.role || !o->expires || need(o->key, "--key") || need(o->out, "-o"))
		return pt_error(PT_USAGE, "certify needs --root, --role, --key, --expires and -o");
	int status = pt_read_key(o->key, c.public_key, SKY_PKG_PK_SIZE);
	for (int i = 0; !status && i < o->nroots; i++)
		status = pt_read_key(o->roots[i], sks[i], SKY_PKG_SK_SIZE);
	size_t blen, len;
	uint8_t *body = status ? NULL : PT_ENCODE(pkg_key_cert_encode, &c, PKG_KEY_CERT_MAX, &blen);
	uint8_t *file =
		body ? pt_meta_build(SKY_META_CERT, body, blen,
				     (const uint8_t(*)[SKY_PKG_SK_SIZE])sks, o->nroots, &len)
		     : NULL;
	if (!status && !file)
		status = pt_error(PT_USAGE, "cannot make the certificate");
	if (!status)
		status = write_out(o->out, file, len, 0644);
	memset(sks, 0, sizeof sks);
	free(body);
	free(file);
	return status;
}

static uint8_t *compress(const uint8_t *src, size_t n, const uint8_t *dict, size_t dlen, int level,
			 size_t *out)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	size_t cap = ZSTD_compressBound(n), r = 0;
	uint8_t *dst = malloc(cap);
	if (c && dst) {
		r = ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level);
		if (!ZSTD_isError(r))
			r = ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
		if (!ZSTD_isError(r) && dict)
			r = ZSTD_CCtx_loadDictionary(c, dict, dlen);
		if (!ZSTD_isError(r))
			r = ZSTD_compress2(c, dst, cap, src, n);
	}
	ZSTD_freeCCtx(c);
	if (!c || !dst || ZSTD_isError(r)) {
		free(dst);
		return NULL;
	}
	*out = r;
	return dst;
}

static int build(const struct options *o)
{
	if (need(o->manifest, "--manifest M") || need(o->elf, "--elf E") || need(o->out, "-o"))
		return PT_USAGE;
	size_t tlen, elen, dlen = 0, zlen = 0, mlen;
	struct pkg_manifest m;
	bool have_entry;
	uint8_t *text = pt_read(o->manifest, &tlen, 1 << 20), *dict = NULL, *z = NULL, *mb = NULL;
	uint8_t *elf = text ? pt_read(o->elf, &elen, SKY_PKG_ELF_MAX) : NULL, *file = NULL;
	int status =
		!elf ? PT_USAGE : pt_manifest_parse(o->manifest, (char *)text, &m, &have_entry);
	if (!status && (elen < 64 || memcmp(elf, "\177ELF\2\1", 6) != 0))
		status = pt_error(PT_USAGE, "%s: not an ELF64 little-endian file", o->elf);
	if (!status) {
		uint64_t e = pkg_get_le(elf + 24, 8);
		if (have_entry && m.entry != e)
			status = pt_error(PT_USAGE, "manifest entry 0x%llx is not the ELF's 0x%llx",
					  (unsigned long long)m.entry, (unsigned long long)e);
		m.entry = e;
	}
	if (!status && o->dict && !(dict = pt_read(o->dict, &dlen, 16u << 20)))
		status = PT_USAGE;
	if (!status && !(z = compress(elf, elen, dict, dlen, o->level, &zlen)))
		status = pt_error(PT_USAGE, "libzstd could not compress %s", o->elf);
	if (!status && !(mb = PT_ENCODE(pkg_manifest_encode, &m, SKY_PKG_MANIFEST_MAX, &mlen)))
		status = pt_error(PT_USAGE, "the manifest does not encode");
	if (!status) {
		struct compress_info ci = {
			.algorithm = SKY_CMH_ALGO_ZSTD,
			.dict_id = dict ? (uint32_t)ZSTD_getDictID_fromDict(dict, dlen) : 0,
			.compressed_size = zlen,
			.decompressed_size = elen
		};
		sha3_512(elf, elen, ci.sha3_512);
		size_t len = SKY_PKG_HEADER_SIZE + mlen + SKY_CMH_SIZE + zlen + 4;
		file = calloc(1, len);
		if (!file)
			return pt_error(PT_USAGE, "out of memory");
		pkg_skm_header_write(file, (uint32_t)mlen, SKY_CMH_SIZE + zlen);
		memcpy(file + SKY_PKG_HEADER_SIZE, mb, mlen);
		compress_header_write(&ci, file + SKY_PKG_HEADER_SIZE + mlen);
		memcpy(file + SKY_PKG_HEADER_SIZE + mlen + SKY_CMH_SIZE, z, zlen);
		status = write_out(o->out, file, len, 0644);
	}
	free(text);
	free(elf);
	free(dict);
	free(z);
	free(mb);
	free(file);
	return status;
}

static int sign(const struct options *o)
{
	static uint8_t sk[SKY_PKG_SK_SIZE];
	if (need(o->key, "--key") || need(o->file, "P.skm"))
		return PT_USAGE;
	size_t len;
	uint8_t *in = pt_read(o->file, &len, PKG_FILE_MAX), digest[64], rnd[32];
	int status = in ? pt_read_key(o->key, sk, sizeof sk) : PT_USAGE;
	struct pkg_skm p;
	struct pkg_err e;
	if (!status && pkg_skm_open(&p, in, len, &e))
		status = pt_refused(o->file, &e);
	uint8_t id[SKY_PKG_KEY_ID_SIZE];
	pkg_sk_key_id(sk, id);
	for (uint32_t i = 0; !status && i < p.sigs.count; i++)
		if (!memcmp(p.sigs.at + (size_t)i * SKY_PKG_SIG_ENTRY, id, sizeof id))
			status = pt_error(PT_USAGE, "%s: this key signed it already", o->file);
	if (!status && p.sigs.count == SKY_PKG_SIGS_MAX)
		status = pt_error(PT_USAGE, "%s: has %u signatures already", o->file,
				  SKY_PKG_SIGS_MAX);
	uint8_t *out = status ? NULL : malloc(len + SKY_PKG_SIG_ENTRY);
	if (out) {
		memcpy(out, in, len);
		pkg_put_le(out + p.signed_len, p.sigs.count + 1, 4);
		pkg_digest(in, p.signed_len, digest);
		if (pt_random(rnd) || pkg_sign(sk, SKY_PKG_MAGIC, digest, 64, rnd, out + len))
			status = pt_error(PT_USAGE, "signing failed");
		else
			status = write_out(o->out ? o->out : o->file, out, len + SKY_PKG_SIG_ENTRY,
					   0644);
	}
	memset(sk, 0, sizeof sk);
	free(in);
	free(out);
	return status;
}

static void print_verified(const char *file, const struct pkg_verified *v)
{
	char ver[32];
	pkg_version_str(&v->manifest.version, ver, sizeof ver);
	printf("%s: ok: %.*s %s, %zu-byte module, digest ", file, v->manifest.name.len,
	       v->manifest.name.data, ver, v->elf_len);
	pt_hex(stdout, v->digest, 16);
	printf("...\n");
}

static int verify(const struct options *o)
{
	static struct pkg_repo r;
	static uint8_t work[256 << 10];
	if (need(o->repo, "--repo DIR") || need(o->file, "P.skm"))
		return PT_USAGE;
	struct zstd_params zp;
	int status = pt_repo_open(o->repo, o->anchor, o->now, 0, &r);
	if (!status)
		status = pt_dicts_load(o->repo, &zp);
	if (status)
		return status;
	size_t len;
	uint8_t *in = pt_read(o->file, &len, PKG_FILE_MAX), *elf = malloc(SKY_PKG_ELF_MAX);
	struct pkg_verified v;
	struct pkg_err e;
	if (!in || !elf)
		status = PT_USAGE;
	else if (zstd_workspace_size() > sizeof work)
		status = pt_error(PT_USAGE, "zstd workspace too small");
	else if (pkg_verify_package(&r, in, len, o->now, PKG_V_SNAPSHOT | PKG_V_CONTENT, elf,
				    SKY_PKG_ELF_MAX, work, sizeof work, &zp, &v, &e))
		status = pt_refused(o->file, &e);
	else
		print_verified(o->file, &v);
	if (!status && o->record) {
		if (!pkg_seen_note(&r.state, false, v.manifest.name.data, v.manifest.name.len,
				   &v.manifest.version))
			status = pt_error(PT_USAGE, "the state's table of names is full");
		r.state.snapshot_version = r.snap.version;
		r.state.trust_version = r.trust.store.version;
		r.state.roots_version = r.trust.roots.version;
		if (!status)
			status = pt_state_save(o->repo, &r.state);
	}
	free(in);
	free(elf);
	return status;
}

static int inspect(const struct options *o)
{
	static struct pkg_manifest m;
	if (need(o->file, "P.skm"))
		return PT_USAGE;
	size_t len;
	uint8_t *in = pt_read(o->file, &len, PKG_FILE_MAX), digest[64];
	struct pkg_skm p;
	struct pkg_err e;
	int status = in ? 0 : PT_USAGE;
	if (!status && (pkg_skm_open(&p, in, len, &e) ||
			pkg_manifest_read(&m, p.manifest, p.manifest_len, &e)))
		status = pt_refused(o->file, &e);
	if (!status) {
		pkg_digest(in, p.signed_len, digest);
		pt_manifest_print(stdout, &m);
		printf("# package: %zu bytes, manifest %u, payload %zu (compressed %llu, module "
		       "%llu"
		       ", dictionary %u)\n",
		       len, p.manifest_len, p.payload_len,
		       (unsigned long long)p.cmh.compressed_size,
		       (unsigned long long)p.cmh.decompressed_size, p.cmh.dict_id);
		printf("# digest (shake256 of the first %zu bytes): ", p.signed_len);
		pt_hex(stdout, digest, 64);
		printf("\n# module sha3-512: ");
		pt_hex(stdout, p.cmh.sha3_512, 64);
		printf("\n# %u signature%s\n", p.sigs.count, p.sigs.count == 1 ? "" : "s");
		for (uint32_t i = 0; i < p.sigs.count; i++) {
			printf("#   key ");
			pt_hex(stdout, p.sigs.at + (size_t)i * SKY_PKG_SIG_ENTRY, 32);
			printf("\n");
		}
	}
	free(in);
	return status;
}

static int promote(const struct options *o)
{
	static uint8_t sk[SKY_PKG_SK_SIZE];
	static struct pkg_verification_result res;
	if (need(o->key, "--key") || need(o->check, "--check") || need(o->file, "P.skm") ||
	    need(o->out, "-o R.skv"))
		return PT_USAGE;
	if (!o->outcome)
		return pt_error(PT_USAGE, "--pass or --fail is required");
	size_t len, blen, flen;
	uint8_t *in = pt_read(o->file, &len, PKG_FILE_MAX), *body = NULL, *file = NULL;
	int status = in ? pt_read_key(o->key, sk, sizeof sk) : PT_USAGE;
	struct pkg_skm p;
	struct pkg_manifest m;
	struct pkg_err e;
	if (!status && (pkg_skm_open(&p, in, len, &e) ||
			pkg_manifest_read(&m, p.manifest, p.manifest_len, &e)))
		status = pt_refused(o->file, &e);
	const char *detail = o->detail ? o->detail : "";
	if (!status && (strlen(o->check) > 32 || strlen(o->tool) > 64 || strlen(detail) > 256))
		status = pt_error(PT_USAGE, "--check, --tool or --detail is too long");
	if (!status) {
		memset(&res, 0, sizeof res);
		res.package.len = m.name.len;
		memcpy(res.package.data, m.name.data, m.name.len);
		res.version = m.version;
		pkg_digest(in, p.signed_len, res.digest);
		res.check.len = (uint16_t)strlen(o->check);
		memcpy(res.check.data, o->check, res.check.len);
		res.outcome = (uint8_t)o->outcome;
		res.tool.len = (uint16_t)strlen(o->tool);
		memcpy(res.tool.data, o->tool, res.tool.len);
		res.time = o->now;
		res.detail.len = (uint16_t)strlen(detail);
		memcpy(res.detail.data, detail, res.detail.len);
		body = PT_ENCODE(pkg_verification_result_encode, &res, PKG_VERIFICATION_RESULT_MAX,
				 &blen);
		file = body ? pt_meta_build(SKY_META_RESULT, body, blen,
					    (const uint8_t(*)[SKY_PKG_SK_SIZE]) & sk, 1, &flen)
			    : NULL;
		status = file ? write_out(o->out, file, flen, 0644)
			      : pt_error(PT_USAGE, "cannot make the result");
	}
	memset(sk, 0, sizeof sk);
	free(in);
	free(body);
	free(file);
	return status;
}

int main(int argc, char **argv)
{
	pt_prog = "skypack";
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	struct options o;
	if (argc < 2)
		return pt_error(PT_USAGE, "no command (skypack --help)");
	int status = parse(argc, argv, &o);
	if (status)
		return status;
	const char *c = argv[1];
	bool takes_file = !strcmp(c, "sign") || !strcmp(c, "verify") || !strcmp(c, "inspect") ||
			  !strcmp(c, "promote");
	if (o.file && !takes_file)
		return pt_error(PT_USAGE, "'%s' takes no file argument '%s' (skypack --help)", c,
				o.file);
	if (!strcmp(c, "keygen"))
		return keygen(&o);
	if (!strcmp(c, "certify"))
		return certify(&o);
	if (!strcmp(c, "build"))
		return build(&o);
	if (!strcmp(c, "sign"))
		return sign(&o);
	if (!strcmp(c, "verify"))
		return verify(&o);
	if (!strcmp(c, "inspect"))
		return inspect(&o);
	if (!strcmp(c, "promote"))
		return promote(&o);
	return pt_error(PT_USAGE, "unknown command '%s' (skypack --help)", c);
}
