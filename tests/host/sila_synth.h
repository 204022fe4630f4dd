/*
 * sila_synth.h — random valid messages for any generated SILA record, made
 * by asking its decoder: start from nothing, decode, and repair the message
 * where the decoder says it is wrong (more bytes where it is short, a
 * smaller count where a bound is passed, another value where an enum, a
 * flag or a string is refused, another capability where one does not fit)
 * until it is accepted. The decoder's own reports (status, offset) steer it,
 * so one generic routine covers every record, and a decoder that reported
 * the wrong place would make it fail. Used by test_sila (encode/decode
 * identity) and to seed fuzz_sila.
 */
#ifndef TESTS_HOST_SILA_SYNTH_H
#define TESTS_HOST_SILA_SYNTH_H

#include <stdint.h>
#include <string.h>

#include "sila/sila.h"

struct synth_rng {
	uint64_t s;
};

static inline uint64_t synth_next(struct synth_rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return r->s;
}

/*
 * Fill m (data: m->space bytes) with a message that codec c accepts,
 * decoded into v (c->size bytes). 0, or -1 if no repair converged. Records
 * that are stored rather than sent (the supply chain's, docs/pkg.md) may be
 * longer than one message: give them SYNTH_DATA_MAX bytes of space.
 */
#define SYNTH_DATA_MAX (64 * 1024)

static inline int synth_message(const struct sila_codec *c, struct synth_rng *r, struct sila_msg *m,
				void *v)
{
	m->len = 0;
	m->ncaps = 0;
	m->label = 0;
	for (int round = 0; round < 200000; round++) {
		struct sila_where w = { 0, NULL };
		int e = c->decode(v, m, &w);
		uint32_t at = w.offset;
		switch (-e) {
		case SILA_OK:
			return 0;
		case SILA_E_SHORT: /* more random bytes (a few at a time: stored records are long)
				    */
			if (m->len >= m->space)
				return -1;
			for (uint32_t k = 0; k < 64 && m->len < m->space; k++)
				m->data[m->len++] = (uint8_t)synth_next(r);
			break;
		case SILA_E_TRAILING:
			m->len = at;
			break;
		case SILA_E_BOUND: { /* a smaller count; what followed it is read anew */
			uint32_t n = m->data[at] | (uint32_t)m->data[at + 1] << 8;
			n = (uint32_t)(synth_next(r) % n);
			m->data[at] = (uint8_t)n;
			m->data[at + 1] = (uint8_t)(n >> 8);
			m->len = at + 2;
			break;
		}
		case SILA_E_BOOL:
		case SILA_E_OPTIONAL:
			m->data[at] = (uint8_t)(synth_next(r) & 1);
			break;
		case SILA_E_ENUM: /* small values: enums here are numbered from 0 or 1 */
		case SILA_E_RESERVED:
			m->data[at] = (uint8_t)(synth_next(r) % (-e == SILA_E_ENUM ? 24 : 4));
			for (uint32_t k = 1; k < 8 && at + k < m->len; k++)
				m->data[at + k] = 0;
			break;
		case SILA_E_UTF8: { /* the string's bytes (its length is before it) become ASCII */
			uint32_t n = m->data[at - 2] | (uint32_t)m->data[at - 1] << 8;
			for (uint32_t k = 0; k < n && at + k < m->len; k++)
				m->data[at + k] = (uint8_t)(' ' + synth_next(r) % 95);
			break;
		}
		case SILA_E_CAPS:
			if (!w.field) { /* left over at the end */
				m->ncaps--;
				break;
			}
			if (m->ncaps >= SILA_CAPS_MAX)
				return -1;
			m->caps[m->ncaps] = (struct sila_cap){ 32 + m->ncaps, 0, 0 };
			m->ncaps++;
			__attribute__((fallthrough)); /* give it a type and rights */
		case SILA_E_CAP_TYPE:
		case SILA_E_CAP_RIGHTS: {
			struct sila_cap *k = &m->caps[synth_next(r) % m->ncaps];
			if (-e != SILA_E_CAP_RIGHTS)
				k->type = 1 + (uint32_t)(synth_next(r) % (SKY_OBJ_COUNT - 1));
			k->rights |= (uint32_t)synth_next(r) & SKY_RIGHTS_ALL;
			break;
		}
		default:
			return -1;
		}
	}
	return -1;
}

#endif
