/*
 * entropy.c — entropy_get (kernel/entropy.h) on the CPU's random number
 * unit. RDSEED gives output of the entropy conditioner meant for seeding
 * a DRBG, so it is used as is, 8 bytes per instruction. It may fail for a
 * while when drained; each word is retried RDSEED_TRIES times with a
 * pause in between. Without RDSEED, or when it keeps failing, RDRAND is
 * used the way Intel's DRNG guide (§4.2.5) says to make seeds from it:
 * RDRAND is a DRBG's output, reseeded by the hardware at least every
 * 512 128-bit samples, so 1024 64-bit outputs span a reseed and carry at
 * least 128 bits of fresh entropy; they are condensed with SHAKE256
 * (instead of the guide's CBC-MAC), 2048 RDRAND words per 32 bytes.
 * RDRAND is retried RDRAND_TRIES times per word (the guide: 10 failures
 * in a row mean a broken unit). Presence comes from CPUID: RDRAND is leaf
 * 1 ECX bit 30, RDSEED leaf 7 EBX bit 18. (QEMU 7.2's TCG -cpu max offers
 * RDRAND only, so under QEMU the RDRAND path runs.)
 */
#include "entropy.h"

#include <stdbool.h>

#include "arch/x86_64/cpu.h"
#include "base/string.h"
#include "crypto/ct.h"
#include "crypto/sha3.h"
#include "sky/error.h"

#define CPUID1_ECX_RDRAND      (1u << 30)
#define CPUID7_EBX_RDSEED      (1u << 18)
#define RDSEED_TRIES           1024
#define RDRAND_TRIES           10
#define RDRAND_WORDS_PER_CHUNK 2048 /* two spans of 512 128-bit samples */
#define CHUNK_BYTES            32   /* 2 x 128 bits of entropy */

static bool has_rdrand(void)
{
	uint32_t r[4];
	cpuid(1, 0, r);
	return r[2] & CPUID1_ECX_RDRAND;
}

static bool has_rdseed(void)
{
	uint32_t r[4];
	cpuid(0, 0, r);
	if (r[0] < 7)
		return false;
	cpuid(7, 0, r);
	return r[1] & CPUID7_EBX_RDSEED;
}

/* One RDSEED or RDRAND; false when the unit had nothing (CF = 0). */
static bool rdseed64(uint64_t *v)
{
	uint8_t ok;
	__asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
	return ok;
}

static bool rdrand64(uint64_t *v)
{
	uint8_t ok;
	__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
	return ok;
}

static bool rdseed_word(uint64_t *v)
{
	for (int i = 0; i < RDSEED_TRIES; i++) {
		if (rdseed64(v))
			return true;
		__asm__ volatile("pause");
	}
	return false;
}

static bool rdrand_word(uint64_t *v)
{
	for (int i = 0; i < RDRAND_TRIES; i++)
		if (rdrand64(v))
			return true;
	return false;
}

/* 32 bytes of seed from RDRAND: SHAKE256 over 2048 outputs (see the file comment). */
static bool rdrand_chunk(uint8_t out[CHUNK_BYTES])
{
	struct sha3 c;
	uint64_t v = 0;
	bool ok = true;
	shake_init(&c, 256);
	for (int i = 0; i < RDRAND_WORDS_PER_CHUNK && ok; i++) {
		ok = rdrand_word(&v);
		sha3_absorb(&c, &v, sizeof v);
	}
	shake_finish(&c);
	shake_squeeze(&c, out, CHUNK_BYTES);
	ct_zeroize(&c, sizeof c);
	ct_zeroize(&v, sizeof v);
	return ok;
}

int entropy_get(uint8_t *out, size_t len)
{
	bool seed = has_rdseed(), rand = has_rdrand();
	if (!seed && !rand) {
		memset(out, 0, len);
		return -SKY_E_NOSYS;
	}
	size_t done = 0;
	while (done < len) {
		uint8_t chunk[CHUNK_BYTES];
		size_t n;
		uint64_t v;
		if (seed && rdseed_word(&v)) {
			n = len - done < sizeof v ? len - done : sizeof v;
			memcpy(out + done, &v, n);
			ct_zeroize(&v, sizeof v);
		} else if (rand && rdrand_chunk(chunk)) {
			n = len - done < sizeof chunk ? len - done : sizeof chunk;
			memcpy(out + done, chunk, n);
			ct_zeroize(chunk, sizeof chunk);
		} else {
			ct_zeroize(out, len);
			return -SKY_E_AGAIN;
		}
		done += n;
	}
	return 0;
}
