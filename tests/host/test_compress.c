/*
 * test_compress — the compression metadata header: written and read back,
 * every field checked on reading, and compress_unwrap hands out nothing
 * (the output buffer is zeroed) unless sizes, decoding and the SHA3-512
 * all hold. Payloads are zstd frames built by hand from raw blocks.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compress/compress.h"
#include "crypto/sha3.h"
#include "sky/error.h"

static uint8_t content[300], wrapped[1024], out[1024], work_area[1 << 18];
static size_t wrapped_len;

/* A zstd frame of raw blocks: no content size (so only decoding tells the size) or a declared one.
 */
static size_t frame(uint8_t *p, const uint8_t *data, size_t n, bool declare, uint32_t dict_id)
{
	size_t at = 0;
	p[at++] = 0x28;
	p[at++] = 0xB5;
	p[at++] = 0x2F;
	p[at++] = 0xFD;
	/* Descriptor: FCS 8 bytes if declared, window descriptor present, DID 4 bytes if any. */
	p[at++] = (uint8_t)((declare ? 3u << 6 : 0) | (dict_id ? 3 : 0));
	p[at++] = 0x00; /* Window_Size 1 KiB */
	for (int i = 0; dict_id && i < 4; i++)
		p[at++] = (uint8_t)(dict_id >> (8 * i));
	for (int i = 0; declare && i < 8; i++)
		p[at++] = (uint8_t)((uint64_t)n >> (8 * i));
	uint32_t bh = (uint32_t)n << 3 | 1; /* last, raw */
	p[at++] = (uint8_t)bh;
	p[at++] = (uint8_t)(bh >> 8);
	p[at++] = (uint8_t)(bh >> 16);
	memcpy(p + at, data, n);
	return at + n;
}

/* Wrap content[0..n) (the header may claim another size or hash; see the cases). */
static void wrap(size_t n, bool declare, uint32_t dict_id)
{
	struct compress_info info = { .algorithm = SKY_CMH_ALGO_ZSTD,
				      .dict_id = dict_id,
				      .decompressed_size = n };
	sha3_512(content, n, info.sha3_512);
	info.compressed_size = frame(wrapped + SKY_CMH_SIZE, content, n, declare, dict_id);
	compress_header_write(&info, wrapped);
	wrapped_len = SKY_CMH_SIZE + info.compressed_size;
}

static int unwrap(size_t cap, size_t *len, const char **why)
{
	memset(out, 0xAB, sizeof out);
	return compress_unwrap(wrapped, wrapped_len, out, cap, len, work_area, sizeof work_area,
			       NULL, why);
}

static bool all(size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (out[i] != v)
			return false;
	return true;
}

static bool zeroed(size_t n)
{
	return all(n, 0);
}

/* Nothing handed out: refused before decoding (untouched) or after (zeroed). */
static bool nothing_handed_out(size_t n)
{
	return all(n, 0xAB) || all(n, 0);
}

static void round_trip(void)
{
	size_t len;
	const char *why;
	for (int declare = 0; declare < 2; declare++) {
		wrap(sizeof content, declare, 0);
		EXPECT(unwrap(sizeof out, &len, &why) == 0);
		EXPECT(len == sizeof content && memcmp(out, content, len) == 0);
		EXPECT(unwrap(sizeof content, &len, &why) == 0); /* an exact buffer is enough */
	}
	struct compress_info info;
	EXPECT(compress_header_read(wrapped, wrapped_len, &info, &why) == 0);
	EXPECT(info.decompressed_size == sizeof content &&
	       info.compressed_size == wrapped_len - SKY_CMH_SIZE);
	wrap(0, true, 0); /* empty content */
	EXPECT(unwrap(0, &len, &why) == 0 && len == 0);
}

/* Change byte `at` of the wrapped input; reading or unwrapping must refuse with `rule` and zero
 * out. */
static void refuse(size_t at, uint8_t value, const char *rule, int code)
{
	size_t len;
	const char *why = NULL;
	wrap(sizeof content, true, 0);
	wrapped[at] = value;
	int err = unwrap(sizeof out, &len, &why);
	if (err != code || !why || !strstr(why, rule)) {
		printf("    byte %zu = %02x: %d (%s), wanted %s\n", at, value, err, why ? why : "-",
		       rule);
		EXPECT(0);
	}
	EXPECT(nothing_handed_out(sizeof content));
}

static void header_fields(void)
{
	refuse(0, 'X', "magic", -SKY_E_CORRUPT);
	refuse(4, 2, "version", -SKY_E_CORRUPT);
	refuse(5, 2, "algorithm", -SKY_E_CORRUPT);
	refuse(6, 95, "header size", -SKY_E_CORRUPT);
	refuse(13, 1, "reserved flags", -SKY_E_CORRUPT);
	refuse(16, 1, "payload is not the size", -SKY_E_CORRUPT);
	refuse(24, 1, "another size", -SKY_E_CORRUPT); /* the frame declares 300 */
	refuse(25, 9, "smaller than the decompressed", -SKY_E_RANGE);
	refuse(8, 7, "another dictionary", -SKY_E_CORRUPT);
	refuse(40, 0xFF, "SHA3-512", -SKY_E_CORRUPT);
	refuse(SKY_CMH_SIZE + 30, 0x00, "SHA3-512", -SKY_E_CORRUPT); /* raw content changed */
	refuse(SKY_CMH_SIZE, 0x00, "does not start with a zstd frame", -SKY_E_CORRUPT);
	size_t len;
	const char *why;
	wrap(sizeof content, true, 0);
	EXPECT(compress_unwrap(wrapped, SKY_CMH_SIZE - 1, out, sizeof out, &len, work_area,
			       sizeof work_area, NULL, &why) == -SKY_E_CORRUPT);
	EXPECT(compress_unwrap(wrapped, wrapped_len - 1, out, sizeof out, &len, work_area,
			       sizeof work_area, NULL, &why) == -SKY_E_CORRUPT);
}

/* Without a declared size in the frame, only decoding shows a size that disagrees. */
static void sizes_by_decoding(void)
{
	size_t len;
	const char *why;
	struct compress_info info;
	wrap(sizeof content, false, 0);
	compress_header_read(wrapped, wrapped_len, &info, &why);
	info.decompressed_size = sizeof content + 5; /* claims more: decoding gives fewer */
	compress_header_write(&info, wrapped);
	EXPECT(unwrap(sizeof out, &len, &why) == -SKY_E_CORRUPT && strstr(why, "fewer"));
	EXPECT(zeroed(sizeof content + 5));
	info.decompressed_size = sizeof content - 5; /* claims less: the frame does not fit */
	compress_header_write(&info, wrapped);
	EXPECT(unwrap(sizeof out, &len, &why) == -SKY_E_CORRUPT && strstr(why, "more"));
	EXPECT(zeroed(sizeof content - 5));
	EXPECT(out[sizeof content - 5] == 0xAB); /* nothing past the declared size was touched */
}

static void dictionaries(void)
{
	size_t len;
	const char *why;
	wrap(sizeof content, true, 77);
	EXPECT(unwrap(sizeof out, &len, &why) == -SKY_E_CORRUPT && strstr(why, "decode"));
	struct zstd_dict d;
	zstd_dict_load_raw(&d, "dictionary", 10, 77);
	struct zstd_params p = { .dicts = &d, .dict_count = 1 };
	EXPECT(compress_unwrap(wrapped, wrapped_len, out, sizeof out, &len, work_area,
			       sizeof work_area, &p, &why) == 0 &&
	       len == sizeof content);
}

int main(void)
{
	for (size_t i = 0; i < sizeof content; i++)
		content[i] = (uint8_t)(i * 13 + 1);
	RUN("compress", round_trip);
	RUN("compress", header_fields);
	RUN("compress", sizes_by_decoding);
	RUN("compress", dictionaries);
	return cases_failed != 0;
}
