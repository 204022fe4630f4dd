/*
 * literals.c — the literals section of a compressed block (RFC 8878
 * §3.1.1.3.1). Its header, little-endian bit fields from the low bits up:
 *
 *   bits  field
 *   1-0   Literals_Block_Type: 0 raw, 1 RLE, 2 compressed, 3 treeless
 *   3-2   Size_Format
 *   raw and RLE: Size_Format x0 -> 1-byte header, Regenerated_Size in bits 7-3;
 *                01 -> 2 bytes, 12 bits from bit 4; 11 -> 3 bytes, 20 bits from bit 4
 *   compressed and treeless: from bit 4, Regenerated_Size then Compressed_Size,
 *                00 -> 1 stream, 3 bytes, 10+10 bits; 01 -> 4 streams, 3 bytes,
 *                10+10 bits; 10 -> 4 streams, 4 bytes, 14+14; 11 -> 4 streams,
 *                5 bytes, 18+18
 *
 * Raw literals are used where they lie when ZSTD_WILD bytes of the block
 * follow them (the copies may read that far); otherwise, and for the other
 * types, they are decoded into d->lit_buf.
 */
#include "base/string.h"
#include "zstd/bits.h"
#include "zstd/zstd_internal.h"

enum { LIT_RAW, LIT_RLE, LIT_COMPRESSED, LIT_TREELESS };

/* Raw and RLE: header size and Regenerated_Size. */
static enum zstd_error plain_header(struct zstd_dctx *d, const uint8_t *src, size_t size,
				    size_t *hsize, size_t *regen)
{
	switch ((src[0] >> 2) & 3) {
	case 1:
		*hsize = 2;
		break;
	case 3:
		*hsize = 3;
		break;
	default:
		*hsize = 1;
		*regen = src[0] >> 3;
		return ZSTD_OK;
	}
	if (size < *hsize)
		return zstd_fail(d, ZSTD_E_CORRUPT_LITERALS, src);
	*regen = (*hsize == 2 ? zstd_le16(src) : zstd_le24(src)) >> 4;
	return ZSTD_OK;
}

static enum zstd_error plain(struct zstd_dctx *d, const uint8_t *src, size_t size, size_t *used)
{
	size_t hsize, regen;
	enum zstd_error e = plain_header(d, src, size, &hsize, &regen);
	if (e != ZSTD_OK)
		return e;
	if (regen > d->block_max)
		return zstd_fail(d, ZSTD_E_CORRUPT_LITERALS, src);
	d->lit_size = regen;
	if ((src[0] & 3) == LIT_RLE) {
		if (size < hsize + 1)
			return zstd_fail(d, ZSTD_E_CORRUPT_LITERALS, src);
		memset(d->lit_buf, src[hsize], regen);
		d->lit = d->lit_buf;
		*used = hsize + 1;
		return ZSTD_OK;
	}
	if (size - hsize < regen)
		return zstd_fail(d, ZSTD_E_CORRUPT_LITERALS, src);
	if (size - hsize - regen >= ZSTD_WILD) {
		d->lit = src + hsize;
	} else {
		memcpy(d->lit_buf, src + hsize, regen);
		d->lit = d->lit_buf;
	}
	*used = hsize + regen;
	return ZSTD_OK;
}

static enum zstd_error huffman(struct zstd_dctx *d, const uint8_t *src, size_t size, size_t *used)
{
	static const uint8_t hsizes[4] = { 3, 3, 4, 5 }, field[4] = { 10, 10, 14, 18 };
	unsigned format = (src[0] >> 2) & 3, hsize = hsizes[format];
	if (size < hsize)
		return zstd_fail(d, ZSTD_E_CORRUPT_LITERALS, src);
	uint64_t v = 0;
	for (unsigned i = 0; i < hsize; i++)
		v |= (uint64_t)src[i] << (8 * i);
	v >>= 4;
	size_t regen = v & ((1u << field[format]) - 1), csize = (size_t)(v >> field[format]);
	if (regen > d->block_max || csize > size - hsize)
		return zstd_fail(d, ZSTD_E_CORRUPT_LITERALS, src);
	const uint8_t *p = src + hsize;
	size_t tsize = 0;
	if ((src[0] & 3) == LIT_COMPRESSED) {
		enum zstd_error e = zstd_huf_read_table(d, &d->huf, p, csize, &tsize);
		if (e != ZSTD_OK)
			return e;
	} else if (!d->huf.valid) {
		return zstd_fail(d, ZSTD_E_NO_PREVIOUS_TABLE, src);
	}
	enum zstd_error e = zstd_huf_decode(d, &d->huf, format != 0, p + tsize, csize - tsize,
					    d->lit_buf, regen);
	if (e != ZSTD_OK)
		return e;
	d->lit = d->lit_buf;
	d->lit_size = regen;
	*used = hsize + csize;
	return ZSTD_OK;
}

enum zstd_error zstd_literals_decode(struct zstd_dctx *d, const uint8_t *src, size_t size,
				     size_t *used)
{
	if (size < 1)
		return zstd_fail(d, ZSTD_E_CORRUPT_LITERALS, src);
	if ((src[0] & 3) <= LIT_RLE)
		return plain(d, src, size, used);
	return huffman(d, src, size, used);
}
