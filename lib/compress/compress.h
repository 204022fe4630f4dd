/*
 * compress.h — reading, writing and unwrapping the compression metadata
 * header of include/sky/compress.h: a compressed payload is only handed
 * out after its header, its sizes, its decoding (lib/zstd) and the SHA3-512
 * of the result have all been checked. Freestanding, like the rest of lib/.
 */
#ifndef COMPRESS_COMPRESS_H
#define COMPRESS_COMPRESS_H

#include <stddef.h>
#include <stdint.h>

#include "sky/compress.h"
#include "zstd/zstd.h"

struct compress_info {
	uint8_t algorithm; /* SKY_CMH_ALGO_* */
	uint32_t dict_id;
	uint64_t compressed_size;
	uint64_t decompressed_size;
	uint8_t sha3_512[64];
};

/*
 * Read and check the header at the start of in[0..len): magic, version,
 * algorithm, header size, reserved flags, and that exactly compressed_size
 * payload bytes follow it. 0, or -SKY_E_CORRUPT with *why naming the rule.
 */
int compress_header_read(const uint8_t *in, size_t len, struct compress_info *info,
			 const char **why);

/* Encode info as the SKY_CMH_SIZE-byte header. */
void compress_header_write(const struct compress_info *info, uint8_t out[SKY_CMH_SIZE]);

/*
 * Unwrap a whole header + payload into dst (dst_cap bytes): the header is
 * checked, then decompressed_size against dst_cap, then the payload's zstd
 * frame header (its Dictionary_ID must be the header's), then the payload
 * is decoded one-shot with `work` (zstd_workspace_size() bytes) and the
 * dictionaries in params, then the decoded size and the SHA3-512 are
 * compared with the header's. Returns 0 with *out_len set; or an error with
 * *why set, and then every byte of dst that decoding may have written is
 * zeroed, so nothing unverified is handed out:
 *   -SKY_E_CORRUPT  the header, the payload or the hash is wrong
 *   -SKY_E_RANGE    dst is smaller than the header's decompressed size
 */
int compress_unwrap(const uint8_t *in, size_t len, uint8_t *dst, size_t dst_cap, size_t *out_len,
		    void *work, size_t work_size, const struct zstd_params *params,
		    const char **why);

#endif
