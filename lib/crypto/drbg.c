/*
 * drbg.c — the KMAC256 DRBG described in drbg.h, on the KMAC256 of
 * sha3.c. Every KMAC context and every intermediate K' || V' holds key
 * material, so each is wiped before its function returns. Keccak-f also
 * holds the sponge's lanes (the new K and V among them) in locals that the
 * compiler spills to its stack frame, where no ct_zeroize can reach; so
 * each public call ends with ct_wipe_stack over the depth its callees use.
 */
#include "crypto/drbg.h"

#include "base/string.h"
#include "crypto/ct.h"
#include "crypto/sha3.h"
#include "sky/error.h"

#define STACK_WIPE 1536 /* bytes; KMAC's deepest chain of callees reaches about 900 */

static const char update_label[] = "Skyscope DRBG update";
static const char generate_label[] = "Skyscope DRBG generate";

/* Absorb encode_string(s) (SP 800-185 §2.3.2): left_encode of its length in bits, then s. */
static void absorb_string(struct sha3 *c, const uint8_t *s, size_t len)
{
	uint64_t bits = (uint64_t)len * 8;
	uint8_t e[9];
	size_t n = 1;
	for (int i = 7; i >= 0; i--) {
		uint8_t b = (uint8_t)(bits >> (8 * i));
		if (b || n > 1 || i == 0)
			e[n++] = b;
	}
	e[0] = (uint8_t)(n - 1);
	sha3_absorb(c, e, n);
	sha3_absorb(c, s, len);
}

/* K' || V' = KMAC256(K, V || encode_string(a) || encode_string(b), 512, update_label) */
static void update(struct drbg *d, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	struct sha3 c;
	uint8_t kv[64];
	kmac256_init(&c, d->k, sizeof d->k, update_label, sizeof update_label - 1);
	sha3_absorb(&c, d->v, sizeof d->v);
	absorb_string(&c, a, alen);
	absorb_string(&c, b, blen);
	kmac256_final(&c, kv, sizeof kv);
	memcpy(d->k, kv, 32);
	memcpy(d->v, kv + 32, 32);
	ct_zeroize(kv, sizeof kv);
	ct_zeroize(&c, sizeof c);
}

void drbg_init(struct drbg *d, const uint8_t *entropy, size_t elen, const uint8_t *personalization,
	       size_t plen)
{
	memset(d, 0, sizeof *d);
	update(d, entropy, elen, personalization, plen);
	d->requests_left = elen >= DRBG_INIT_ENTROPY ? DRBG_RESEED_INTERVAL : 0;
	ct_wipe_stack(STACK_WIPE);
}

void drbg_reseed(struct drbg *d, const uint8_t *entropy, size_t elen, const uint8_t *additional,
		 size_t alen)
{
	update(d, entropy, elen, additional, alen);
	if (elen >= DRBG_RESEED_ENTROPY)
		d->requests_left = DRBG_RESEED_INTERVAL;
	ct_wipe_stack(STACK_WIPE);
}

int drbg_generate(struct drbg *d, uint8_t *out, size_t len, const uint8_t *additional, size_t alen)
{
	if (len > DRBG_MAX_REQUEST)
		return -SKY_E_RANGE;
	if (d->requests_left == 0)
		return -SKY_E_AGAIN;
	if (alen)
		update(d, additional, alen, NULL, 0);
	struct sha3 c;
	kmac256_init(&c, d->k, sizeof d->k, generate_label, sizeof generate_label - 1);
	sha3_absorb(&c, d->v, sizeof d->v);
	kmac256_final(&c, out, len);
	ct_zeroize(&c, sizeof c);
	update(d, additional, alen, NULL, 0);
	d->requests_left--;
	ct_wipe_stack(STACK_WIPE);
	return 0;
}

void drbg_wipe(struct drbg *d)
{
	ct_zeroize(d, sizeof *d);
}
