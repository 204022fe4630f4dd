/*
 * mkbadpkg — validly signed packages whose payload lies, to show that the
 * checks after the signature (decompression, content hash) hold even when
 * a package key signs something bad:
 *
 *   mkbadpkg bomb  SK MANIFEST_SKM OUT   declares the module's size, but the frame
 *                                        (no content size) decodes to 64 MiB of zeros
 *   mkbadpkg frame SK MANIFEST_SKM OUT   the frame declares 64 MiB, the header less
 *   mkbadpkg hash  SK MANIFEST_SKM OUT   the module's SHA3-512 in the header is wrong
 *
 * MANIFEST_SKM is a good package whose manifest and module are reused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "common/entropy.h"
#include "common/file.h"
#include "crypto/sha3.h"
#include "pkg/pkg.h"

#define BOMB (64u << 20)

static int die(const char *m)
{
	fprintf(stderr, "mkbadpkg: %s\n", m);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc != 5)
		return die("usage: mkbadpkg bomb|frame|hash SK GOOD.skm OUT");
	const char *why;
	size_t sklen, len;
	uint8_t *sk = file_read(argv[2], &sklen, SKY_PKG_SK_SIZE, &why);
	uint8_t *in = file_read(argv[3], &len, 64u << 20, &why);
	struct pkg_skm p;
	struct pkg_err e;
	if (!sk || sklen != SKY_PKG_SK_SIZE || !in || pkg_skm_open(&p, in, len, &e))
		return die("cannot read the key or the package");
	struct compress_info ci = p.cmh;
	const uint8_t *frames = p.payload + SKY_CMH_SIZE;
	size_t zlen = p.payload_len - SKY_CMH_SIZE;
	uint8_t *z = NULL;
	if (strcmp(argv[1], "hash") == 0) {
		ci.sha3_512[7] ^= 0x40;
	} else if (strcmp(argv[1], "bomb") == 0 || strcmp(argv[1], "frame") == 0) {
		uint8_t *zeros = calloc(1, BOMB);
		size_t cap = ZSTD_compressBound(BOMB);
		z = malloc(cap);
		ZSTD_CCtx *c = ZSTD_createCCtx();
		ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 19);
		ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, argv[1][0] == 'f');
		zlen = ZSTD_compress2(c, z, cap, zeros, BOMB);
		ZSTD_freeCCtx(c);
		free(zeros);
		if (ZSTD_isError(zlen))
			return die("libzstd failed");
		frames = z;
		ci.compressed_size = zlen;
	} else {
		return die("unknown kind");
	}
	size_t signed_len = SKY_PKG_HEADER_SIZE + p.manifest_len + SKY_CMH_SIZE + zlen;
	size_t out_len = signed_len + 4 + SKY_PKG_SIG_ENTRY;
	uint8_t *out = calloc(1, out_len), digest[64], rnd[32];
	pkg_skm_header_write(out, p.manifest_len, SKY_CMH_SIZE + zlen);
	memcpy(out + SKY_PKG_HEADER_SIZE, p.manifest, p.manifest_len);
	compress_header_write(&ci, out + SKY_PKG_HEADER_SIZE + p.manifest_len);
	memcpy(out + SKY_PKG_HEADER_SIZE + p.manifest_len + SKY_CMH_SIZE, frames, zlen);
	pkg_put_le(out + signed_len, 1, 4);
	pkg_digest(out, signed_len, digest);
	if (entropy_get(rnd, 32) ||
	    pkg_sign(sk, SKY_PKG_MAGIC, digest, 64, rnd, out + signed_len + 4) ||
	    file_write(argv[4], out, out_len, 0644))
		return die("cannot sign or write");
	free(sk);
	free(in);
	free(z);
	free(out);
	return 0;
}
