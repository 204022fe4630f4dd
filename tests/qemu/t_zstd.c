/*
 * t_zstd — lib/zstd and lib/compress inside Skyscope: a boot module
 * compressed and wrapped on the host (build/test/hello.skz, made by
 * skyzstd --wrap from hello) is read through the boot-file capability
 * (slot 4), unwrapped (sizes, decoding, SHA3-512 checked) and compared
 * with the plain module; it is also decoded streaming in small pieces
 * with a bounded window. A corrupted copy is refused and nothing of it is
 * handed out.
 */
#include "check.h"

#include "base/string.h"
#include "compress/compress.h"
#include "crypto/sha3.h"
#include "zstd/zstd.h"

#define FS     4 /* the slot init gives this test */
#define MAX    (256 * 1024)
#define WINDOW (256 * 1024)

static uint8_t plain[MAX], wrapped[MAX], out[MAX], work[160 * 1024], swork[700 * 1024];

static int64_t read_file(const char *name, uint8_t *buf)
{
	int64_t size = sky_bootfs_size(FS, name, strlen(name));
	if (size < 0 || size > MAX)
		return -1;
	for (int64_t at = 0; at < size;) {
		int64_t got = sky_bootfs_read(FS, name, strlen(name), (uint64_t)at, buf + at,
					      (uint64_t)(size - at));
		if (got <= 0)
			return -1;
		at += got;
	}
	return size;
}

int main(void)
{
	int64_t n = read_file("hello", plain), wn = read_file("hello.skz", wrapped);
	CHECK(n > 0 && wn > 0, "both modules read (%lld and %lld bytes)", (long long)n,
	      (long long)wn);
	CHECK(wn < n, "the wrapped one is smaller");
	CHECK(zstd_workspace_size() <= sizeof work, "the one-shot workspace fits");
	CHECK(zstd_stream_workspace_size(WINDOW) <= sizeof swork, "the streaming workspace fits");

	struct compress_info info;
	const char *why = "";
	int err = compress_header_read(wrapped, (size_t)wn, &info, &why);
	CHECK(err == 0, "header read (%s)", err ? why : "ok");
	CHECK(info.decompressed_size == (uint64_t)n, "the header gives the module's size");
	size_t len = 0;
	uint64_t t0 = sky_time();
	err = compress_unwrap(wrapped, (size_t)wn, out, sizeof out, &len, work, sizeof work, NULL,
			      &why);
	uint64_t t1 = sky_time();
	CHECK(err == 0, "unwrapped (%s)", err ? why : "sizes and SHA3-512 checked");
	CHECK(len == (size_t)n && memcmp(out, plain, len) == 0, "byte for byte the module");
	printf("t_zstd: unwrapped %lld bytes from %lld in %llu us\n", (long long)len, (long long)wn,
	       (unsigned long long)((t1 - t0) / 1000));

	/* Streaming: 100-byte input pieces, 333-byte output pieces. */
	struct zstd_params p = { .window_max = WINDOW };
	struct zstd_stream *s;
	CHECK_EQ(zstd_stream_init(&s, swork, sizeof swork, &p), ZSTD_OK, "stream started");
	const uint8_t *z = wrapped + SKY_CMH_SIZE;
	size_t zn = (size_t)info.compressed_size, ip = 0, got = 0;
	bool same = true;
	enum zstd_error e = ZSTD_OK;
	while (e == ZSTD_OK) {
		uint8_t piece[333];
		size_t end = zn - ip < 100 ? zn : ip + 100, op = 0, before = ip;
		e = zstd_stream_decompress(s, z, end, &ip, piece, sizeof piece, &op);
		same &= got + op <= (size_t)n && memcmp(piece, plain + got, op) == 0;
		got += op;
		if (op == 0 && ip == before)
			break;
	}
	CHECK_EQ(e == ZSTD_OK ? zstd_stream_end(s) : e, ZSTD_OK, "streamed to the end");
	CHECK(same && got == (size_t)n, "streaming gave the module too");

	/* A changed payload byte: refused, and the output holds nothing of it. */
	wrapped[SKY_CMH_SIZE + (size_t)info.compressed_size / 2] ^= 0x10;
	memset(out, 0x5A, sizeof out);
	err = compress_unwrap(wrapped, (size_t)wn, out, sizeof out, &len, work, sizeof work, NULL,
			      &why);
	CHECK(err == -SKY_E_CORRUPT, "a corrupted payload is refused (%s)", why);
	bool nothing = true;
	for (int64_t i = 0; i < n; i++)
		nothing &= out[i] == 0 || out[i] == 0x5A;
	CHECK(nothing, "nothing of it handed out");
	return check_finish();
}
