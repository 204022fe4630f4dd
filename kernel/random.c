/*
 * random.c — see random.h. Backtracking resistance comes from the DRBG
 * (every request ends with an update); prediction resistance from the
 * reseeds, which draw fresh bits from RDSEED (or conditioned RDRAND).
 */
#include "random.h"

#include <stdbool.h>

#include "crypto/ct.h"
#include "crypto/drbg.h"
#include "entropy.h"
#include "log.h"
#include "sky/error.h"

static struct drbg pool; /* zeroed until seeded: a zeroed DRBG refuses to generate */
static bool seeded;

void random_init(void)
{
	uint8_t seed[DRBG_INIT_ENTROPY];
	int err = entropy_get(seed, sizeof seed);
	if (err) {
		log_warn("random: no hardware entropy source (%s); random() will refuse",
			 sky_error_name(-err));
		return;
	}
	drbg_init(&pool, seed, sizeof seed, (const uint8_t *)"Skyscope kernel", 15);
	ct_zeroize(seed, sizeof seed);
	seeded = true;
	log_info("random: kernel DRBG seeded from the CPU's generator");
}

int random_get(uint8_t *out, size_t len)
{
	if (!seeded)
		return -SKY_E_NOSYS;
	int err = drbg_generate(&pool, out, len, NULL, 0);
	if (err == -SKY_E_AGAIN) { /* the reseed interval ran out */
		uint8_t fresh[DRBG_RESEED_ENTROPY];
		err = entropy_get(fresh, sizeof fresh);
		if (!err) {
			drbg_reseed(&pool, fresh, sizeof fresh, NULL, 0);
			err = drbg_generate(&pool, out, len, NULL, 0);
		}
		ct_zeroize(fresh, sizeof fresh);
	}
	return err;
}
