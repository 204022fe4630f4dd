/*
 * keccak.h — the Keccak-f[1600] permutation and the sponge construction of
 * FIPS 202, which every SHA-3 function, SHAKE, cSHAKE and KMAC is built on.
 * Incremental: absorb any number of times, finish once (with the function's
 * domain bits, and optionally a last partial byte), then squeeze any number
 * of times. State only in the struct: no globals, no allocation.
 */
#ifndef CRYPTO_KECCAK_H
#define CRYPTO_KECCAK_H

#include <stddef.h>
#include <stdint.h>

#define KECCAK_STATE_BYTES 200

struct keccak {
	uint64_t s[25];
	uint32_t rate;  /* bytes per block: 200 - 2 * capacity_bytes */
	uint32_t pos;   /* bytes absorbed into, or squeezed from, the current block */
	uint8_t suffix; /* domain bits and the first padding bit, LSB first (0x06 SHA-3, 0x1F SHAKE,
			   0x04 cSHAKE) */
	uint8_t squeezing;
	uint8_t rounds; /* 24 (Keccak-f, SHA-3); 12 for TurboSHAKE (RFC 9861) */
};

/* The permutation itself, on 25 little-endian lanes: all 24 rounds, or the last `rounds`. */
void keccak_f1600(uint64_t s[25]);
void keccak_p1600(uint64_t s[25], unsigned rounds);

/* A sponge of `rate` bytes with 24 rounds (set k->rounds after for fewer). */
void keccak_init(struct keccak *k, unsigned rate, uint8_t suffix);
void keccak_absorb(struct keccak *k, const uint8_t *in, size_t len);
/*
 * End the input: `bits` (0..7) more message bits in the low bits of `last`,
 * then the domain suffix and padding. Switches to squeezing.
 */
void keccak_finish_bits(struct keccak *k, uint8_t last, unsigned bits);
void keccak_finish(struct keccak *k);
void keccak_squeeze(struct keccak *k, uint8_t *out, size_t len);

#endif
