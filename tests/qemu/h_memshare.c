/*
 * h_memshare — the server side of t_mem's zero-copy sharing test
 * (protocol: memshare.h). It holds only a read-only capability to the
 * client's memory: it maps that, reads the client's bytes in place, and
 * proves it cannot write them — a write faults, and the fault reaches the
 * server's own handler as a message.
 */
#include "memshare.h"
#include "rt.h"

#define EP  4 /* endpoint to receive on */
#define MEM 5 /* the client's memory, READ only */

static volatile uint8_t *shared;
static uint64_t seed;
static int64_t gate;
static volatile uint64_t write_target, wrote;

/* The second thread: waits for its fault handler to be set, then writes. */
static void writer(void *unused)
{
	(void)unused;
	sky_wait_signal((uint32_t)gate);
	*(volatile uint8_t *)write_target = 0x77;
	wrote = 1; /* never reached: the handler answers SKY_FAULT_KILL */
}

static uint64_t verify(uint64_t s, struct sky_msg *m)
{
	seed = s;
	uint64_t va = vaddr_reserve(SHARE_PAGES);
	int64_t r = sky_mem_map(SKY_SLOT_ASPACE, MEM, va, 0, SHARE_PAGES, SKY_RIGHT_READ);
	if (r < 0)
		return (uint64_t)r;
	shared = (volatile uint8_t *)va;
	uint64_t bad = 0;
	for (uint64_t i = 0; i < SHARE_BYTES; i++)
		bad += shared[i] != share_pattern(i, seed);
	m->w[1] = va;
	m->w[2] = (uint64_t)sky_mem_map(SKY_SLOT_ASPACE, MEM, vaddr_reserve(SHARE_PAGES), 0,
					SHARE_PAGES, SKY_RIGHT_READ | SKY_RIGHT_WRITE);
	m->w[3] = (uint64_t)sky_mem_phys(MEM, 0);
	return bad;
}

static uint64_t marks(uint64_t offset)
{
	uint64_t n = 0;
	for (uint64_t p = 0; p < SHARE_PAGES; p++)
		n += shared[p * 4096 + offset] == share_mark(p, offset, seed);
	return n;
}

/* Run the writer with us as its fault handler; report what arrived. */
static void write_fault(uint64_t offset, struct share_fault *out)
{
	int64_t ep = object_create(SKY_OBJ_ENDPOINT, 0, 0);
	int64_t badged = slot_alloc();
	int64_t reply = object_create(SKY_OBJ_REPLY, 0, 0);
	gate = object_create(SKY_OBJ_NOTIFICATION, 0, 0);
	sky_cap_derive((uint32_t)ep, (uint32_t)badged, SKY_RIGHT_WRITE, SHARE_BADGE);
	write_target = (uint64_t)shared + offset;
	int64_t t = thread_spawn(writer, NULL, 4, SKY_PRIO_INHERIT);
	sky_thread_faults((uint32_t)t, (uint32_t)badged);
	sky_signal((uint32_t)gate, 1);

	struct sky_msg m = { 0 };
	out->result = (uint64_t)sky_recv((uint32_t)ep, (uint32_t)reply, 0, &m);
	out->label = SKY_MSG_LABEL(m.info);
	out->badge = m.badge;
	out->vector = m.w[0];
	out->addr = m.w[1];
	out->rip = m.w[2];
	out->error = m.w[3];
	out->map_va = (uint64_t)shared;
	m = (struct sky_msg){ .info = SKY_MSG(SKY_FAULT_KILL, 0, 0) };
	sky_reply((uint32_t)reply, &m);
	out->wrote = wrote;
	object_delete((uint32_t)t);
	object_delete((uint32_t)reply);
	object_delete((uint32_t)badged);
	object_delete((uint32_t)ep);
	object_delete((uint32_t)gate);
}

int main(void)
{
	int64_t reply = object_create(SKY_OBJ_REPLY, 0, 0);
	int64_t got = slot_alloc();
	if (reply < 0 || got < 0)
		return 10;
	struct sky_ipc_buffer *buf = sky_ipc_buffer();
	struct sky_msg m = { 0 };
	for (;;) {
		buf->recv_slots[0] = (uint32_t)got;
		if (sky_recv(EP, (uint32_t)reply, 0, &m) < 0)
			return 11;
		uint64_t label = SKY_MSG_LABEL(m.info), len = 0;
		switch (label) {
		case SHARE_PING:
			break;
		case SHARE_VERIFY:
			m.w[0] = verify(m.w[0], &m);
			break;
		case SHARE_MARKS:
			m.w[0] = marks(m.w[0]);
			break;
		case SHARE_WRITE_FAULT:
			write_fault(m.w[0], (struct share_fault *)buf->data);
			len = sizeof(struct share_fault);
			break;
		case SHARE_PHYS: {
			uint64_t pages = m.w[0];
			bool have = SKY_MSG_CAPS(m.info) == 1;
			for (uint64_t i = 0; i < 4; i++)
				m.w[i] = have && i < pages
						 ? (uint64_t)sky_mem_phys((uint32_t)got, i)
						 : 0;
			if (have)
				sky_cap_delete((uint32_t)got);
			break;
		}
		case SHARE_EXIT:
			m.info = SKY_MSG(label, 0, 0);
			sky_reply((uint32_t)reply, &m);
			return 0;
		default:
			return 12;
		}
		m.info = SKY_MSG(label, len, 0);
		sky_reply((uint32_t)reply, &m);
	}
}
