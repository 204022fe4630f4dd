/*
 * drbg.h — a deterministic random bit generator on KMAC256: HMAC_DRBG of
 * NIST SP 800-90A Rev. 1 §10.1.2 with KMAC256 (SP 800-185 §4) in the place
 * of HMAC, at a security strength of 256 bits. The entropy comes from the
 * caller (tools/common/entropy.h on the host, kernel/entropy.h in the kernel):
 * this library makes no assumption about the platform.
 *
 * The construction. State: a key K and a value V of 32 bytes each, and the
 * number of generate requests left before a reseed is due.
 *
 *   Update(a, b):     K' || V' = KMAC256(K, V || encode_string(a) || encode_string(b),
 *                                        512, "Skyscope DRBG update")
 *   Instantiate(e, p): K = V = 0^32, then Update(e, p)
 *   Reseed(e, a):     Update(e, a)
 *   Generate(n, a):   if a is not empty, Update(a, "")
 *                     out = KMAC256(K, V, 8n, "Skyscope DRBG generate")
 *                     Update(a, "")
 *
 * Why KMAC256 rather than a bare SHAKE256 sponge: KMAC is a keyed PRF with
 * the interface HMAC has, so HMAC_DRBG's structure (and its argument: K is
 * a PRF key that only PRF outputs ever replace) carries over step by step,
 * where a sponge-based DRBG would need its own analysis; and the library
 * already has KMAC256. The differences from HMAC_DRBG, each because KMAC
 * does more than HMAC:
 *   - Update is one KMAC call yielding K' and V' together, instead of two
 *     or four HMAC calls separated by the bytes 0x00 and 0x01;
 *   - each input is framed by encode_string (SP 800-185 §2.3.2), so
 *     entropy and personalization (or additional input) cannot slide into
 *     one another, where HMAC_DRBG concatenates them;
 *   - a request's output is one KMAC call with its length bound in (L = 8n)
 *     instead of iterating V = HMAC(K, V); the customization strings keep
 *     the update and generate uses of K apart;
 *   - the initial K and V are both zero (HMAC_DRBG: K = 0x00.., V =
 *     0x01..); the first Update replaces both.
 * Backtracking resistance: every request ends with Update, so a state
 * captured after a request does not give the output of it or of earlier
 * ones. Prediction resistance needs a reseed with fresh entropy; when to
 * reseed beyond the interval below is the caller's policy.
 *
 * Limits: drbg_init needs DRBG_INIT_ENTROPY bytes of entropy (256 bits of
 * entropy plus the 128-bit nonce of SP 800-90A §8.6.7, drawn from the same
 * source), drbg_reseed DRBG_RESEED_ENTROPY; with less, the input is still
 * mixed in but the instance stays (or becomes) "reseed due". A request is
 * at most DRBG_MAX_REQUEST bytes (HMAC_DRBG's 2^19 bits); after
 * DRBG_RESEED_INTERVAL requests generate refuses until a reseed (HMAC_DRBG
 * allows up to 2^48; ours is low so reseeding is routine and tested).
 *
 * All state is in struct drbg: instances never share anything. A zeroed
 * struct (as drbg_wipe leaves it) refuses to generate until drbg_init, or
 * a drbg_reseed with enough entropy (whose entropy alone then carries the
 * full strength). One instance is not safe for concurrent use.
 *
 * Stack (-fstack-usage, kernel flags): the KMAC work reaches 904 bytes
 * below the caller's frame, and each call then clears 1536 bytes with
 * ct_wipe_stack (drbg.c), so about 1.6-1.9 KiB in all.
 */
#ifndef CRYPTO_DRBG_H
#define CRYPTO_DRBG_H

#include <stddef.h>
#include <stdint.h>

#define DRBG_INIT_ENTROPY    48
#define DRBG_RESEED_ENTROPY  32
#define DRBG_MAX_REQUEST     65536u
#define DRBG_RESEED_INTERVAL 65536u

struct drbg {
	uint8_t k[32];
	uint8_t v[32];
	uint32_t requests_left; /* generate calls before a reseed is due; 0: reseed first */
};

/*
 * Instantiate from `entropy` (at least DRBG_INIT_ENTROPY bytes to be
 * usable) and an optional personalization string (any length, may be
 * empty) that should tell this instance from others seeded alike.
 */
void drbg_init(struct drbg *d, const uint8_t *entropy, size_t elen, const uint8_t *personalization,
	       size_t plen);

/* Mix in fresh entropy (DRBG_RESEED_ENTROPY bytes or more to count) and optional input. */
void drbg_reseed(struct drbg *d, const uint8_t *entropy, size_t elen, const uint8_t *additional,
		 size_t alen);

/*
 * Write len random bytes, with optional additional input mixed in first.
 * 0; -SKY_E_AGAIN if a reseed is due (out untouched, state unchanged);
 * -SKY_E_RANGE if len > DRBG_MAX_REQUEST.
 */
int drbg_generate(struct drbg *d, uint8_t *out, size_t len, const uint8_t *additional, size_t alen);

/* Zero the whole state; generate then refuses until drbg_init or a full drbg_reseed. */
void drbg_wipe(struct drbg *d);

#endif
