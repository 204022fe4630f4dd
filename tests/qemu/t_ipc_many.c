/*
 * t_ipc_many — many clients, one server: four client processes, each with
 * its own badged copy of the server's endpoint, make 500 calls each while
 * the others do too. Every answer reaches the right caller (its badge, its
 * words, its bytes), and the server sees each client by its badge.
 */
#include "check.h"

#define CLIENTS 4

int main(void)
{
	struct sky_sysinfo before, after;
	sky_sysinfo(&before);
	int64_t ep = object_create(SKY_OBJ_ENDPOINT, 0, 0);
	uint32_t caps[1] = { (uint32_t)ep };
	int64_t server = spawn_with_caps("h_echo", NULL, SKY_PRIO_INHERIT, caps, 1);
	CHECK(ep > 0 && server > 0, "server started");

	int64_t clients[CLIENTS], badged[CLIENTS];
	for (int c = 0; c < CLIENTS; c++) {
		badged[c] = slot_alloc();
		sky_cap_derive((uint32_t)ep, (uint32_t)badged[c], SKY_RIGHT_WRITE,
			       100 + (uint64_t)c);
		char id[2] = { (char)('0' + c), 0 };
		const char *const args[] = { id, NULL };
		uint32_t cap[1] = { (uint32_t)badged[c] };
		clients[c] = spawn_with_caps("h_client", args, SKY_PRIO_INHERIT, cap, 1);
	}
	for (int c = 0; c < CLIENTS; c++) {
		struct sky_exit_info e;
		CHECK_EQ(sky_wait(clients[c], &e), clients[c], "client finished");
		CHECK(e.reason == SKY_EXIT_NORMAL && e.code == 0,
		      "client %d got every answer right (first bad call: %lld)", c,
		      (long long)e.code);
		object_delete((uint32_t)badged[c]);
	}
	struct sky_msg m = { .info = SKY_MSG(3, 0, 0) }; /* ask the server to exit */
	CHECK(sky_call((uint32_t)ep, &m) >= 0, "server asked to stop");
	CHECK_EQ(sky_wait(server, NULL), server, "server reaped");
	object_delete((uint32_t)ep);
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after the clients");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after the clients");
	return check_finish();
}
