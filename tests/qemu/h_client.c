/*
 * h_client — one of t_ipc_many's clients: calls the endpoint in slot 4 (a
 * badged copy) 500 times with label 7, data and words of its own, and
 * checks every answer is its own: its badge, its words, its bytes.
 * Exits 0 if all were, else the number of the first bad call.
 */
#include "rt.h"

#define CALLS 500

int main(int argc, char **argv)
{
	uint64_t id = argc > 1 ? (uint64_t)(argv[1][0] - '0') : 0;
	struct sky_ipc_buffer *buf = sky_ipc_buffer();
	for (uint64_t i = 0; i < CALLS; i++) {
		uint64_t len = 1 + (i * 37 + id) % 200;
		memset(buf->data, (int)(id * 16 + i % 16), len);
		struct sky_msg m = { .info = SKY_MSG(7, len, 0), .w = { 0, id * 1000000 + i } };
		if (sky_call(4, &m) < 0 || m.w[0] != 100 + id || m.w[1] != id * 1000000 + i ||
		    SKY_MSG_LEN(m.info) != len)
			return (int)i + 1;
		for (uint64_t k = 0; k < len; k++)
			if (buf->data[k] != (uint8_t)(id * 16 + i % 16))
				return (int)i + 1;
		if (i % 50 == 0)
			sky_yield(); /* mix the order in which clients arrive */
	}
	return 0;
}
