/*
 * h_ring — the ring server of t_ring (protocol in h_ring.h). Attaches to the
 * two rings the client laid out, answers every request it pops with
 * value + 1 in the completion ring, in batches: it signals the client once
 * per batch and waits when the request ring is empty. Exits with the number
 * of requests answered, or a negative SRV_E_* code.
 *
 * With the argument "corrupt" it instead pushes one answer, then moves the
 * completion ring's head far beyond its tail, as a hostile server would,
 * signals the client and exits 0.
 */
#include "h_ring.h"

#include "ring.h"
#include "rt.h"

static int corrupt(struct ring *cpl, uint8_t *mem)
{
	struct ring_msg m = { 7, 8 };
	ring_push(cpl, &m);
	volatile uint32_t *head = (uint32_t *)(mem + RING_HALF_BYTES);
	*head += 1u << 20;
	sky_signal(SRV_WAKE, 1);
	return 0;
}

int main(int argc, char **argv)
{
	uint8_t *mem = map_object(SRV_MEM, RING_MEM_PAGES, SKY_RIGHT_READ | SKY_RIGHT_WRITE);
	if (!mem)
		return SRV_E_MAP;
	struct ring req, cpl;
	if (ring_attach(&req, mem, RING_HALF_BYTES, sizeof(struct ring_msg)) ||
	    ring_attach(&cpl, mem + RING_HALF_BYTES, RING_HALF_BYTES, sizeof(struct ring_msg)))
		return SRV_E_ATTACH;
	if (argc > 1 && strcmp(argv[1], "corrupt") == 0)
		return corrupt(&cpl, mem);

	int answered = 0;
	for (;;) {
		struct ring_msg m;
		int batch = 0;
		enum ring_status st;
		while ((st = ring_pop(&req, &m)) == RING_OK) {
			if (m.id == RING_QUIT)
				return answered;
			m.value++;
			if (ring_push(&cpl, &m) != RING_OK)
				return SRV_E_FULL;
			answered++;
			batch++;
		}
		if (st == RING_CORRUPT)
			return SRV_E_CORRUPT;
		if (batch)
			sky_signal(SRV_WAKE, 1);
		else if (sky_wait_signal(SRV_WAIT) < 0)
			return SRV_E_WAIT;
	}
}
