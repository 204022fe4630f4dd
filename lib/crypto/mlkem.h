/*
 * mlkem.h — ML-KEM-512/768/1024, the module-lattice key-encapsulation
 * mechanism of FIPS 203: key generation from the seeds (d, z), encapsulation
 * with a given message m, decapsulation with implicit rejection, and the
 * input checks of §7.2 and §7.3. These are the "internal" algorithms of
 * FIPS 203 §6 (the caller draws d, z and m from an approved RBG), which is
 * also what ACVP tests. A level is 512, 768 or 1024.
 *
 * Key and ciphertext layouts (k = level / 256; du, dv = 10, 4 for k = 2, 3
 * and 11, 5 for k = 4):
 *
 *   ek   offset        size       contents
 *        0             384 k      t_hat, ByteEncode_12, k polynomials
 *        384 k         32         rho, the matrix seed
 *
 *   dk   offset        size       contents
 *        0             384 k      s_hat, ByteEncode_12 (the K-PKE key)
 *        384 k         384 k + 32 ek
 *        768 k + 32    32         H(ek) = SHA3-256(ek)
 *        768 k + 64    32         z, the implicit-rejection seed
 *
 *   ct   offset        size       contents
 *        0             32 du k    u, Compress_du then ByteEncode_du
 *        32 du k       32 dv      v, Compress_dv then ByteEncode_dv
 *
 * Constant time: the secret inputs and everything computed from them (d, z,
 * m, s_hat, the decrypted message, the re-encryption and its comparison,
 * the choice of the implicit-rejection key) go through fixed instruction
 * sequences with no secret-dependent branch or index. Secret intermediates
 * are zeroised before each call returns.
 *
 * Stack: matrix entries are generated one at a time (SampleNTT) and the
 * vectors that can be (t_hat, s_hat in decryption, noise) are decoded or
 * sampled when used, so only one vector of k polynomials (2 KiB at k = 4)
 * is held. Peak use per call, the same at every level (buffers are sized
 * for k = 4), measured by painting a stack (x86_64, gcc 12 -O2
 * -mgeneral-regs-only; the -fstack-usage call chains agree): keygen
 * 5.8 KiB, encaps 6.0 KiB, decaps 6.5 KiB, check_dk 0.6 KiB, check_ek
 * under 0.1 KiB. keygen, encaps and decaps then clear 7 KiB below their
 * frame (ct_wipe_stack), so each reaches about 7.2 KiB.
 */
#ifndef CRYPTO_MLKEM_H
#define CRYPTO_MLKEM_H

#include <stdbool.h>
#include <stdint.h>

#define MLKEM_SEED_BYTES 32 /* d, z and m */
#define MLKEM_SS_BYTES   32 /* the shared secret */

/* Sizes for a level (512, 768, 1024); constant expressions for a constant level. */
#define MLKEM_K(level)        ((level) / 256)
#define MLKEM_EK_BYTES(level) (384 * MLKEM_K(level) + 32)
#define MLKEM_DK_BYTES(level) (768 * MLKEM_K(level) + 96)
#define MLKEM_CT_BYTES(level) ((level) == 1024 ? 1568 : 32 * (10 * MLKEM_K(level) + 4))

/* The largest of each, for buffers that serve every level (ML-KEM-1024's). */
#define MLKEM_EK_MAX MLKEM_EK_BYTES(1024) /* 1568 */
#define MLKEM_DK_MAX MLKEM_DK_BYTES(1024) /* 3168 */
#define MLKEM_CT_MAX MLKEM_CT_BYTES(1024) /* 1568 */

/*
 * ML-KEM.KeyGen_internal (Algorithm 16): the encapsulation key ek
 * (MLKEM_EK_BYTES) and decapsulation key dk (MLKEM_DK_BYTES) from the seeds
 * d and z. Returns 0, or -SKY_E_INVAL for another level.
 */
int mlkem_keygen(unsigned level, const uint8_t d[32], const uint8_t z[32], uint8_t *ek,
		 uint8_t *dk);

/*
 * ML-KEM.Encaps_internal (Algorithm 17) with the message m: writes the
 * ciphertext ct (MLKEM_CT_BYTES) and the shared secret ss. Returns 0;
 * -SKY_E_CORRUPT if ek fails mlkem_check_ek, writing nothing; -SKY_E_INVAL
 * for another level.
 */
int mlkem_encaps(unsigned level, const uint8_t *ek, const uint8_t m[32], uint8_t *ct,
		 uint8_t ss[32]);

/*
 * ML-KEM.Decaps_internal (Algorithm 18): the shared secret for ct, or, if
 * ct is not the encryption it should be, the implicit-rejection key
 * J(z || ct); either way 0 is returned and the time taken is the same.
 * Returns -SKY_E_CORRUPT if dk fails mlkem_check_dk, writing nothing;
 * -SKY_E_INVAL for another level.
 */
int mlkem_decaps(unsigned level, const uint8_t *dk, const uint8_t *ct, uint8_t ss[32]);

/*
 * The encapsulation-key check of §7.2: every ByteEncode_12 value of t_hat
 * is below q (the modulus check; the type check is the caller's buffer of
 * MLKEM_EK_BYTES). False also for another level.
 */
bool mlkem_check_ek(unsigned level, const uint8_t *ek);

/*
 * The decapsulation-key check of §7.3: the stored H(ek) is SHA3-256 of the
 * stored ek (the hash check; the type checks are the caller's buffer
 * sizes). False also for another level.
 */
bool mlkem_check_dk(unsigned level, const uint8_t *dk);

#endif
