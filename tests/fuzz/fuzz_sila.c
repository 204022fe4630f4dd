/*
 * fuzz_sila — every decoder silac generated from sila/ on arbitrary
 * messages (tests/host/sila_fuzz_input.h says how the input picks the
 * record and the capabilities). A decoder must refuse cleanly or accept;
 * what it accepts must encode back to exactly the same bytes and
 * capabilities, and decode again to the same value. The same bytes also
 * drive a channel checker of each protocol as a stream of labels: its
 * state must stay one of the protocol's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sila_fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void codec(const uint8_t *data, size_t size)
{
	static uint8_t in[64 * 1024], out[64 * 1024]; /* stored records may exceed a message */
	static uint64_t v[1 << 15], w[1 << 15];       /* aligned room for any record */
	if (size < 2)
		return;
	const struct sila_codec *c = sila_codec_at(data[0] % sila_codec_count());
	if (c->size > sizeof v)
		abort();
	struct sila_msg m = { .data = in, .space = sizeof in, .ncaps = data[1] };
	size_t at = 2;
	for (uint32_t k = 0; k < m.ncaps && k < SILA_CAPS_MAX; k++, at += 2)
		if (at + 2 <= size)
			m.caps[k] = (struct sila_cap){ 32 + k, data[at], data[at + 1] };
	if (at > size)
		return;
	m.len = (uint32_t)(size - at > sizeof in ? sizeof in : size - at);
	memcpy(in, data + at, m.len);
	struct sila_where where;
	if (c->decode(v, &m, &where)) {
		if (where.offset > m.len)
			abort();
		return;
	}
	struct sila_msg back = { .data = out, .space = sizeof out };
	if (c->encode(v, &back) || back.len != m.len || memcmp(in, out, m.len) ||
	    back.ncaps != m.ncaps || memcmp(back.caps, m.caps, m.ncaps * sizeof m.caps[0]))
		abort();
	memset(w, 0xA5, c->size);
	if (c->decode(w, &back, NULL) || memcmp(v, w, c->size))
		abort();
}

static void channels(const uint8_t *data, size_t size)
{
	for (uint32_t p = 0; p < SILA_NPACKAGES; p++)
		for (uint32_t i = 0; i < sila_packages[p].nprotocols; i++) {
			const struct sila_protocol *pr = sila_packages[p].protocols[i];
			struct sila_chan ch;
			sila_chan_init(&ch, pr);
			for (size_t k = 0; k < size; k++) {
				const struct sila_message_info *mi =
					&pr->messages[data[k] % pr->nmessages];
				uint32_t err = mi->nerrors ? mi->errors[data[k] % mi->nerrors] : 1;
				int r;
				switch (data[k] >> 6) {
				case 0:
					r = sila_chan_request(&ch, mi->label);
					break;
				case 1:
					r = sila_chan_event(&ch, mi->label);
					break;
				case 2:
					r = sila_chan_reply(&ch, 0);
					break;
				default:
					r = sila_chan_reply(&ch, err);
				}
				if ((r && r != -SILA_E_ORDER && r != -SILA_E_LABEL) ||
				    ch.state >= pr->nstates || ch.pending > pr->nmessages)
					abort();
			}
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	codec(data, size);
	channels(data, size < 64 ? size : 64);
	return 0;
}
