/*
 * t_ipc — IPC between processes: call/reply with 0..4096 bytes of data and
 * 0..4 capabilities, the sender's badge, sends, non-blocking and timed
 * waits, and a server that dies waking its clients with SKY_E_DEAD.
 */
#include "check.h"

static int64_t ep, server;

static void start_server(void)
{
	ep = object_create(SKY_OBJ_ENDPOINT, 0, 0);
	uint32_t caps[1] = { (uint32_t)ep };
	server = spawn_with_caps("h_echo", NULL, SKY_PRIO_INHERIT, caps, 1);
	CHECK(ep > 0 && server > 0, "endpoint and server (ep %lld, server %lld)", (long long)ep,
	      (long long)server);
}

static void echo_sizes(void)
{
	struct sky_ipc_buffer *buf = sky_ipc_buffer();
	static const uint64_t sizes[] = { 0, 1, 63, 64, 65, 1000, 4095, 4096 };
	int bad = 0;
	for (unsigned s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		uint64_t len = sizes[s];
		for (uint64_t i = 0; i < len; i++)
			buf->data[i] = (uint8_t)(i * 31 + s);
		struct sky_msg m = { .info = SKY_MSG(1, len, 0), .w = { 1, 2, 3, 4 + s } };
		int64_t r = sky_call((uint32_t)ep, &m);
		if (r < 0 || SKY_MSG_LEN(m.info) != len || m.w[0] != 2 || m.w[3] != 5 + s) {
			bad++;
			continue;
		}
		for (uint64_t i = 0; i < len; i++)
			if (buf->data[i] != (uint8_t)((len - 1 - i) * 31 + s))
				bad++;
	}
	CHECK_EQ(bad, 0, "echo of 0..4096 bytes: wrong words or bytes");
	struct sky_msg m = { .info = SKY_MSG(1, 4097, 0) };
	CHECK_EQ(sky_call((uint32_t)ep, &m), -SKY_E_INVAL, "4097 bytes are refused");
}

static void caps_travel(void)
{
	struct sky_ipc_buffer *buf = sky_ipc_buffer();
	int64_t kinds[4] = { object_create(SKY_OBJ_NOTIFICATION, 0, 0),
			     object_create(SKY_OBJ_MEMORY, 1, 0),
			     object_create(SKY_OBJ_TIMER, 0, 0),
			     object_create(SKY_OBJ_REPLY, 0, 0) };
	static const uint64_t types[4] = { SKY_OBJ_NOTIFICATION, SKY_OBJ_MEMORY, SKY_OBJ_TIMER,
					   SKY_OBJ_REPLY };
	for (unsigned n = 0; n <= 4; n++) {
		for (unsigned i = 0; i < n; i++)
			buf->send_caps[i] = (uint32_t)kinds[i];
		struct sky_msg m = { .info = SKY_MSG(2, 0, n) };
		int64_t r = sky_call((uint32_t)ep, &m);
		bool ok = r >= 0;
		for (unsigned i = 0; i < 4; i++)
			ok = ok && m.w[i] == (i < n ? types[i] : 0);
		CHECK(ok, "%u capabilities arrive with a call", n);
	}
	/* Still ours after sending copies. */
	struct sky_cap_info ci;
	CHECK_EQ(sky_cap_identify((uint32_t)kinds[1], &ci), 0,
		 "sent capability stays with the sender");

	/* Without GRANT on the endpoint capability, capabilities do not travel. */
	int64_t nogrant = slot_alloc();
	sky_cap_derive((uint32_t)ep, (uint32_t)nogrant, SKY_RIGHT_READ | SKY_RIGHT_WRITE, 0);
	buf->send_caps[0] = (uint32_t)kinds[0];
	struct sky_msg m = { .info = SKY_MSG(2, 0, 1) };
	CHECK_EQ(sky_call((uint32_t)nogrant, &m), -SKY_E_RIGHTS,
		 "capability over a non-GRANT endpoint");
	buf->send_caps[0] = 200; /* an empty slot */
	m.info = SKY_MSG(2, 0, 1);
	CHECK_EQ(sky_call((uint32_t)ep, &m), -SKY_E_EMPTY, "sending an empty slot");
	m.info = SKY_MSG(2, 0, 5);
	CHECK_EQ(sky_call((uint32_t)ep, &m), -SKY_E_INVAL, "five capabilities");
	for (int i = 0; i < 4; i++)
		object_delete((uint32_t)kinds[i]);
	object_delete((uint32_t)nogrant);
}

static void sends_and_waits(void)
{
	struct sky_msg m = { .info = SKY_MSG(9, 0, 0) };
	for (int i = 0; i < 3; i++)
		CHECK_EQ(sky_send((uint32_t)ep, &m), 0, "send");
	m.info = SKY_MSG(6, 0, 0);
	CHECK_EQ(sky_call((uint32_t)ep, &m) >= 0, 1, "call after sends");
	CHECK_EQ(m.w[0], 3, "server counted three sends");

	/* A second endpoint nobody serves: non-blocking and timed waits. */
	int64_t lonely = object_create(SKY_OBJ_ENDPOINT, 0, 0);
	m.info = SKY_MSG(1, 0, 0) | SKY_MSG_NONBLOCK;
	CHECK_EQ(sky_send((uint32_t)lonely, &m), -SKY_E_AGAIN,
		 "non-blocking send without receiver");
	CHECK_EQ(sky_recv((uint32_t)lonely, SKY_SLOT_NONE, SKY_MSG_NONBLOCK, &m), -SKY_E_AGAIN,
		 "non-blocking receive without sender");
	sky_ipc_buffer()->timeout_ns = 5000000;
	uint64_t t0 = sky_time();
	CHECK_EQ(sky_recv((uint32_t)lonely, SKY_SLOT_NONE, SKY_MSG_TIMEOUT, &m), -SKY_E_TIMEOUT,
		 "receive times out");
	CHECK(sky_time() - t0 >= 5000000, "after at least 5 ms (%llu us)",
	      (unsigned long long)((sky_time() - t0) / 1000));
	m.info = SKY_MSG(1, 0, 0) | SKY_MSG_TIMEOUT;
	t0 = sky_time();
	CHECK_EQ(sky_call((uint32_t)lonely, &m), -SKY_E_TIMEOUT, "call times out");
	CHECK(sky_time() - t0 >= 5000000, "after at least 5 ms");

	/* A call the server receives but never answers also times out. */
	m.info = SKY_MSG(4, 0, 0) | SKY_MSG_TIMEOUT;
	CHECK_EQ(sky_call((uint32_t)ep, &m), -SKY_E_TIMEOUT, "unanswered call times out");
	object_delete((uint32_t)lonely);
}

static void server_dies(void)
{
	struct sky_msg m = { .info = SKY_MSG(5, 0, 0) };
	CHECK_EQ(sky_call((uint32_t)ep, &m), -SKY_E_DEAD, "server died holding our call");
	struct sky_exit_info e;
	CHECK_EQ(sky_wait(server, &e), server, "server reaped");
	CHECK(e.reason == SKY_EXIT_NORMAL, "server exited");
	/* We still hold a receive-capable capability: drop it, then calls fail at once. */
	int64_t send_only = slot_alloc();
	sky_cap_derive((uint32_t)ep, (uint32_t)send_only, SKY_RIGHT_WRITE, 0);
	object_delete((uint32_t)ep);
	m.info = SKY_MSG(1, 0, 0);
	CHECK_EQ(sky_call((uint32_t)send_only, &m), -SKY_E_DEAD,
		 "call to an endpoint nobody can receive on");
	object_delete((uint32_t)send_only);
}

int main(void)
{
	struct sky_sysinfo before, after;
	sky_sysinfo(&before);
	start_server();
	echo_sizes();
	caps_travel();
	sends_and_waits();
	server_dies();
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after the IPC tests");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after the IPC tests");
	return check_finish();
}
