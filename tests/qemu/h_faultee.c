/*
 * h_faultee — processes for t_fault, one per mode (argv[1]):
 *   fault          make slot 4 (an endpoint) the handler of our only thread, then
 *                  read FAULTEE_ADDR (unmapped)
 *   cleared        set slot 4 as handler, remove it again (SKY_SLOT_NONE), then read
 *                  FAULTEE_ADDR: nobody handles it
 *   thread         a second thread, with no handler, reads FAULTEE_ADDR while the
 *                  first waits for a signal that never comes
 *   catch_and_die  receive one message on slot 4 and exit without answering it:
 *                  code 0 if it was a fault message, 1 otherwise
 *   sleep_and_die  sleep 20 ms, then exit 0 (never receiving on slot 4)
 * Exit codes from 20 up mean a setup call failed; returning from a faulting
 * mode (exit code 0) means the fault did not happen.
 */
#include "rt.h"

#define FAULTEE_ADDR 0x0000300000000128ull /* t_fault.c expects this address */
#define EP           4

static void read_it(void *unused)
{
	(void)unused;
	(void)*(volatile uint64_t *)FAULTEE_ADDR;
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";
	if (!strcmp(m, "fault")) {
		if (sky_thread_faults(SKY_SLOT_THREAD, EP))
			return 20;
		read_it(NULL);
		return 0;
	}
	if (!strcmp(m, "cleared")) {
		if (sky_thread_faults(SKY_SLOT_THREAD, EP))
			return 21;
		if (sky_thread_faults(SKY_SLOT_THREAD, SKY_SLOT_NONE))
			return 22;
		read_it(NULL);
		return 0;
	}
	if (!strcmp(m, "thread")) {
		int64_t never = object_create(SKY_OBJ_NOTIFICATION, 0, 0);
		if (never < 0 || thread_spawn(read_it, NULL, 4, SKY_PRIO_INHERIT) < 0)
			return 23;
		sky_wait_signal((uint32_t)never);
		return 0;
	}
	if (!strcmp(m, "catch_and_die")) {
		int64_t reply = object_create(SKY_OBJ_REPLY, 0, 0);
		struct sky_msg msg = { 0 };
		if (reply < 0 || sky_recv(EP, (uint32_t)reply, 0, &msg) < 0)
			return 24;
		return SKY_MSG_LABEL(msg.info) == SKY_LABEL_FAULT ? 0 : 1;
	}
	if (!strcmp(m, "sleep_and_die")) {
		sky_sleep(20000000);
		return 0;
	}
	return 30;
}
