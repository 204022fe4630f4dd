/*
 * poly1305.c — Poly1305 (RFC 8439 §2.5) in radix 2^64. For each 16-byte
 * block m (with its 2^128 or shorter-block 2^(8n) bit), h = (h + m) r mod
 * p, p = 2^130 - 5, kept partly reduced: after a multiplication the bits
 * from 2^130 up are folded back times 5 (2^130 = 5 mod p), leaving h below
 * 2^130 + 2^64. The final step reduces fully by computing h + 5 and
 * selecting it (less 2^130) when it reaches 2^130, then adds s mod 2^128.
 *
 * Clamping leaves r1 (bits 64-127 of r) a multiple of 4 below 2^60, so the
 * product terms at 2^128 and 2^192 fold back exactly: h1 r1 2^128 =
 * h1 (r1 / 4) 2^130 = 5 h1 (r1 / 4) = h1 (r1 + r1 / 4), and likewise one
 * limb up for h2 r1 2^192. All sums then stay below 2^127.
 */
#include "crypto/poly1305.h"

#include "base/string.h"
#include "crypto/ct.h"

#define STACK_WIPE 512 /* bytes; blocks() spills r and h in a frame of about 200 (kernel flags) */

__extension__ typedef unsigned __int128 u128;

static inline uint64_t load_le64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static inline void store_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void poly1305_init(struct poly1305 *p, const uint8_t key[32])
{
	/* clamp(r): r &= 0x0ffffffc0ffffffc0ffffffc0fffffff (§2.5.1) */
	p->r0 = load_le64(key) & 0x0ffffffc0fffffffull;
	p->r1 = load_le64(key + 8) & 0x0ffffffc0ffffffcull;
	p->s0 = load_le64(key + 16);
	p->s1 = load_le64(key + 24);
	p->h0 = p->h1 = p->h2 = 0;
	p->used = 0;
}

/* Absorb n 16-byte blocks with `hibit` at 2^128: 1 for whole blocks, 0 for a padded last one. */
static void blocks(struct poly1305 *p, const uint8_t *m, size_t n, uint64_t hibit)
{
	const uint64_t r0 = p->r0, r1 = p->r1, rr1 = r1 + (r1 >> 2);
	uint64_t h0 = p->h0, h1 = p->h1, h2 = p->h2;
	for (; n; n--, m += 16) {
		/* h += m */
		u128 t = (u128)h0 + load_le64(m);
		h0 = (uint64_t)t;
		t = (u128)h1 + load_le64(m + 8) + (uint64_t)(t >> 64);
		h1 = (uint64_t)t;
		h2 += (uint64_t)(t >> 64) + hibit;
		/* d = h r, with the terms at 2^128 and above folded as in the file comment */
		u128 d0 = (u128)h0 * r0 + (u128)h1 * rr1;
		u128 d1 = (u128)h0 * r1 + (u128)h1 * r0 + (u128)h2 * rr1;
		uint64_t d2 = h2 * r0;
		d1 += (uint64_t)(d0 >> 64);
		d2 += (uint64_t)(d1 >> 64);
		h0 = (uint64_t)d0;
		h1 = (uint64_t)d1;
		/* fold the bits from 2^130 up: h = (d mod 2^130) + 5 (d >> 130) */
		uint64_t c = (d2 >> 2) * 5;
		h2 = d2 & 3;
		t = (u128)h0 + c;
		h0 = (uint64_t)t;
		t = (u128)h1 + (uint64_t)(t >> 64);
		h1 = (uint64_t)t;
		h2 += (uint64_t)(t >> 64);
	}
	p->h0 = h0, p->h1 = h1, p->h2 = h2;
}

void poly1305_update(struct poly1305 *p, const void *msg, size_t len)
{
	const uint8_t *m = msg;
	if (len == 0)
		return; /* msg may then be NULL */
	if (p->used) {
		size_t n = len < 16 - p->used ? len : 16 - p->used;
		memcpy(p->buf + p->used, m, n);
		p->used += (uint32_t)n;
		m += n, len -= n;
		if (p->used < 16)
			return;
		blocks(p, p->buf, 1, 1);
		p->used = 0;
	}
	blocks(p, m, len / 16, 1);
	m += len / 16 * 16;
	len %= 16;
	memcpy(p->buf, m, len);
	p->used = (uint32_t)len;
	ct_wipe_stack(STACK_WIPE);
}

void poly1305_final(struct poly1305 *p, uint8_t tag[16])
{
	if (p->used) {
		/* The last block's extra bit sits just past its bytes: 1, then zeros (§2.5). */
		p->buf[p->used] = 1;
		memset(p->buf + p->used + 1, 0, 15 - p->used);
		blocks(p, p->buf, 1, 0);
	}
	/* g = h + 5; h >= p exactly when g reaches 2^130, and then h mod p = g - 2^130. */
	u128 t = (u128)p->h0 + 5;
	uint64_t g0 = (uint64_t)t;
	t = (u128)p->h1 + (uint64_t)(t >> 64);
	uint64_t g1 = (uint64_t)t;
	uint64_t g2 = p->h2 + (uint64_t)(t >> 64);
	uint64_t take_g = 0 - (g2 >> 2); /* h < 2^130 + 2^64, so g2 >> 2 is 0 or 1 */
	uint64_t h0 = (p->h0 & ~take_g) | (g0 & take_g);
	uint64_t h1 = (p->h1 & ~take_g) | (g1 & take_g);
	/* tag = (h + s) mod 2^128 */
	t = (u128)h0 + p->s0;
	store_le64(tag, (uint64_t)t);
	t = (u128)h1 + p->s1 + (uint64_t)(t >> 64);
	store_le64(tag + 8, (uint64_t)t);
	ct_zeroize(p, sizeof *p);
	ct_wipe_stack(STACK_WIPE);
}

void poly1305(const uint8_t key[32], const void *msg, size_t len, uint8_t tag[16])
{
	struct poly1305 p;
	poly1305_init(&p, key);
	poly1305_update(&p, msg, len);
	poly1305_final(&p, tag);
}
