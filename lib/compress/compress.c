/*
 * compress.c — see compress.h. Fields are read byte by byte (no casts of
 * the untrusted buffer), every size is compared before anything is decoded,
 * and the hash comparison runs over the whole digest.
 */
#include "compress/compress.h"

#include "base/string.h"
#include "crypto/sha3.h"
#include "sky/error.h"

static uint64_t get_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = n; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

static int corrupt(const char **why, const char *rule)
{
	*why = rule;
	return -SKY_E_CORRUPT;
}

int compress_header_read(const uint8_t *in, size_t len, struct compress_info *info,
			 const char **why)
{
	if (len < SKY_CMH_SIZE)
		return corrupt(why, "shorter than the compression header");
	if (memcmp(in, SKY_CMH_MAGIC, 4) != 0)
		return corrupt(why, "no SKYZ magic");
	if (in[4] != SKY_CMH_VERSION)
		return corrupt(why, "unknown header version");
	if (in[5] != SKY_CMH_ALGO_ZSTD)
		return corrupt(why, "unknown compression algorithm");
	if (get_le(in + 6, 2) != SKY_CMH_SIZE)
		return corrupt(why, "wrong header size");
	if (get_le(in + 12, 4) != 0)
		return corrupt(why, "reserved flags set");
	info->algorithm = in[5];
	info->dict_id = (uint32_t)get_le(in + 8, 4);
	info->compressed_size = get_le(in + 16, 8);
	info->decompressed_size = get_le(in + 24, 8);
	memcpy(info->sha3_512, in + SKY_CMH_HASH_OFFSET, 64);
	if (info->compressed_size != len - SKY_CMH_SIZE)
		return corrupt(why, "the payload is not the size the header says");
	return 0;
}

void compress_header_write(const struct compress_info *info, uint8_t out[SKY_CMH_SIZE])
{
	memcpy(out, SKY_CMH_MAGIC, 4);
	out[4] = SKY_CMH_VERSION;
	out[5] = info->algorithm;
	put_le(out + 6, SKY_CMH_SIZE, 2);
	put_le(out + 8, info->dict_id, 4);
	put_le(out + 12, 0, 4);
	put_le(out + 16, info->compressed_size, 8);
	put_le(out + 24, info->decompressed_size, 8);
	memcpy(out + SKY_CMH_HASH_OFFSET, info->sha3_512, 64);
}

/* The payload must be zstd frames whose first names the header's dictionary. */
static int check_payload(const uint8_t *p, size_t n, const struct compress_info *info,
			 const char **why)
{
	struct zstd_frame_header fh;
	uint64_t total;
	size_t at;
	if (zstd_frame_header(&fh, p, n) != ZSTD_OK || fh.skippable)
		return corrupt(why, "the payload does not start with a zstd frame");
	if (fh.dict_id != info->dict_id)
		return corrupt(why, "the payload needs another dictionary than the header says");
	/* Frames that declare their sizes must add up to the header's. */
	if (zstd_content_size(p, n, &total, &at) != ZSTD_OK)
		return corrupt(why, "the payload's zstd frames are malformed");
	if (total != ZSTD_CONTENT_UNKNOWN && total != info->decompressed_size)
		return corrupt(why, "the zstd frames declare another size than the header");
	return 0;
}

int compress_unwrap(const uint8_t *in, size_t len, uint8_t *dst, size_t dst_cap, size_t *out_len,
		    void *work, size_t work_size, const struct zstd_params *params,
		    const char **why)
{
	struct compress_info info;
	int err = compress_header_read(in, len, &info, why);
	if (err)
		return err;
	if (info.decompressed_size > dst_cap) {
		*why = "the output buffer is smaller than the decompressed size";
		return -SKY_E_RANGE;
	}
	const uint8_t *payload = in + SKY_CMH_SIZE;
	err = check_payload(payload, (size_t)info.compressed_size, &info, why);
	if (err)
		return err;
	/* Decode into exactly the declared size: more would not fit, less is caught below. */
	size_t cap = (size_t)info.decompressed_size;
	struct zstd_result r = zstd_decompress(dst, cap, payload, (size_t)info.compressed_size,
					       work, work_size, params);
	uint8_t digest[64];
	if (r.error == ZSTD_OK)
		sha3_512(dst, r.out_len, digest);
	if (r.error != ZSTD_OK)
		err = corrupt(why, r.error == ZSTD_E_OUTPUT_TOO_SMALL
					   ? "the payload decodes to more than the header says"
					   : "the payload does not decode (zstd error)");
	else if (r.out_len != info.decompressed_size)
		err = corrupt(why, "the payload decodes to fewer bytes than the header says");
	else if (memcmp(digest, info.sha3_512, 64) != 0)
		err = corrupt(why, "the SHA3-512 of the output does not match the header");
	if (err) {
		memset(dst, 0, cap); /* hand out nothing unverified */
		return err;
	}
	*out_len = r.out_len;
	return 0;
}
