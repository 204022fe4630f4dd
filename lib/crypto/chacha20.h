/*
 * chacha20.h — the ChaCha20 stream cipher of RFC 8439 §2.3-2.4 (256-bit
 * key, 96-bit nonce, 32-bit block counter) and HChaCha20, the subkey
 * function of XChaCha20 (draft-irtf-cfrg-xchacha-03 §2.2). The AEADs
 * built on them are in aead.h.
 *
 * A (key, nonce) pair gives 2^32 blocks of 64 bytes (256 GiB); a caller
 * must not ask for keystream past block 2^32 - 1 (the counter would wrap
 * and repeat the stream). No call branches on or indexes by key or data.
 * Every copy of the key and the keystream in the library's own memory is
 * wiped before return.
 *
 * Stack (-fstack-usage, kernel flags, deepest chain): chacha20_xor 2352
 * bytes, chacha20_block and hchacha20 2240 (upper bounds: measured when
 * ct_wipe_stack always took 2 KiB; it now takes the 512 bytes it clears).
 */
#ifndef CRYPTO_CHACHA20_H
#define CRYPTO_CHACHA20_H

#include <stddef.h>
#include <stdint.h>

#define CHACHA20_KEY_BYTES   32
#define CHACHA20_NONCE_BYTES 12
#define CHACHA20_BLOCK_BYTES 64

/*
 * QUARTERROUND(a, b, c, d) on a state (§2.1-2.2): the operation every
 * round is made of, exposed so the RFC's own quarter-round vectors test it.
 */
void chacha20_quarter_round(uint32_t s[16], unsigned a, unsigned b, unsigned c, unsigned d);

/* One keystream block (§2.3): the state after 20 rounds plus the input, little-endian. */
void chacha20_block(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12],
		    uint8_t out[64]);

/*
 * out = in XOR the keystream from block `counter` on (§2.4), for len
 * bytes; encrypts and decrypts alike. in == out is allowed (in place);
 * other overlaps are not.
 */
void chacha20_xor(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12],
		  const uint8_t *in, uint8_t *out, size_t len);

/*
 * HChaCha20: the 20 rounds on (constants, key, 16-byte nonce) without the
 * final addition; the subkey is words 0-3 and 12-15 of the result.
 */
void hchacha20(const uint8_t key[32], const uint8_t nonce[16], uint8_t subkey[32]);

#endif
