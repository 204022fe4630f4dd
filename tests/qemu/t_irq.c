/*
 * t_irq — interrupts and I/O ports for a user-space driver. Init passes this
 * test (and only it) every I/O port in slot 4 and interrupt control in
 * slot 5 (user/init/init.c, device_tests[]).
 *
 * The driver narrows its ports to the PIT (0x40-0x43), claims line 0 bound
 * to a notification, programs channel 0 as a 1000 Hz rate generator and
 * takes interrupts, acknowledging each: they arrive at the programmed rate,
 * the line stays masked until acknowledged, and stops when the PIT stops or
 * the interrupt capability is deleted (which releases the line for another
 * claim). Refusals, each changing nothing: ports outside the narrowed range,
 * bad widths, ranges outside their parent, a READ-only copy writing, a
 * WRITE-only copy reading, narrowing without CONTROL, claiming a line twice,
 * the cascade line 2, line 16, bad bits, occupied slots. Narrowed copies
 * keep their parent's rights and go when it is revoked. Nothing leaks.
 */
#include "check.h"

#define MS      1000000ull
#define IOPORTS SKY_SLOT_IOPORTS
#define IRQCTL  SKY_SLOT_IRQ_CONTROL

#define PIT_CH0     0x40
#define PIT_CMD     0x43
#define PIT_HZ      1193182u
#define PIT_DIVISOR 1193 /* 1000.15 Hz */
#define IRQ_BIT     0x10
#define N_IRQS      10
#define WATCHDOG    (1ull << 40) /* a signal bit no interrupt uses */

static uint32_t pit;      /* ports 0x40-0x43, narrowed from slot 4 */
static uint32_t watchdog; /* a timer, so that a missing interrupt fails rather than hangs */

/* wait_signal, but give up after 200 ms: the answer is then WATCHDOG. */
static int64_t wait_for(uint32_t ntfn)
{
	return wait_signal_within(watchdog, ntfn, WATCHDOG, 200 * MS);
}

static uint32_t new_slot(void)
{
	return (uint32_t)slot_alloc();
}

static bool slot_empty(uint32_t slot)
{
	struct sky_cap_info ci;
	return sky_cap_identify(slot, &ci) == -SKY_E_EMPTY;
}

static void given_caps(void)
{
	struct sky_cap_info ci = { 0 };
	CHECK_EQ(sky_cap_identify(IOPORTS, &ci), 0, "slot 4 holds a capability");
	CHECK(ci.type == SKY_OBJ_IOPORT &&
		      ci.rights == (SKY_RIGHT_READ | SKY_RIGHT_WRITE | SKY_RIGHT_CONTROL),
	      "it is init's I/O-port range (type %u, rights 0x%x)", ci.type, ci.rights);
	CHECK_EQ(sky_cap_identify(IRQCTL, &ci), 0, "slot 5 holds a capability");
	CHECK(ci.type == SKY_OBJ_IRQ_CONTROL && ci.rights == SKY_RIGHT_CONTROL,
	      "it is interrupt control (type %u, rights 0x%x)", ci.type, ci.rights);
}

static void narrowing(void)
{
	pit = new_slot();
	CHECK_EQ(sky_ioport_narrow(IOPORTS, PIT_CH0, 4, pit), 0, "narrow to ports 0x40-0x43");
	struct sky_cap_info ci = { 0 };
	sky_cap_identify(pit, &ci);
	CHECK(ci.type == SKY_OBJ_IOPORT &&
		      ci.rights == (SKY_RIGHT_READ | SKY_RIGHT_WRITE | SKY_RIGHT_CONTROL),
	      "the narrowed range keeps its parent's rights (0x%x)", ci.rights);

	struct sky_sysinfo before, after;
	sky_sysinfo(&before);
	uint32_t dst = new_slot();
	static const struct {
		uint64_t first, count;
		const char *what;
	} outside[] = {
		{ 0x3F, 1, "a port below the parent" },
		{ 0x44, 1, "a port above the parent" },
		{ 0x3F, 2, "a range straddling the start" },
		{ 0x43, 2, "a range straddling the end" },
		{ 0x40, 5, "a range longer than the parent" },
		{ 0x40, 0, "an empty range" },
		{ 0x40 + (1ull << 32), 1, "a port 2^32 above the parent" },
		{ 0x41, UINT64_MAX, "a count that wraps" },
	};
	for (unsigned i = 0; i < sizeof outside / sizeof outside[0]; i++)
		CHECK_EQ(sky_ioport_narrow(pit, outside[i].first, outside[i].count, dst),
			 -SKY_E_RANGE, outside[i].what);
	CHECK_EQ(sky_ioport_narrow(IOPORTS, 0xFFFF, 2, dst), -SKY_E_RANGE,
		 "a range past port 0xFFFF");
	CHECK_EQ(sky_ioport_narrow(IOPORTS, 0x10000, 1, dst), -SKY_E_RANGE, "port 0x10000");
	CHECK_EQ(sky_ioport_narrow(pit, 0x40, 1, pit), -SKY_E_OCCUPIED, "into an occupied slot");
	CHECK(slot_empty(dst), "no refused narrowing filled its slot");
	sky_sysinfo(&after);
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "nor took kernel memory");

	CHECK_EQ(sky_ioport_narrow(pit, 0x43, 1, dst), 0, "a range narrowed from a narrowed range");
	uint32_t wider = new_slot();
	CHECK_EQ(sky_ioport_narrow(dst, 0x42, 1, wider), -SKY_E_RANGE, "cannot widen it back");
	slot_free(wider);
	object_delete(dst);
}

static void port_access(void)
{
	uint32_t ro = new_slot(), wo = new_slot(), ro_narrow = new_slot();
	sky_cap_derive(pit, ro, SKY_RIGHT_READ | SKY_RIGHT_CONTROL, 0);
	sky_cap_derive(pit, wo, SKY_RIGHT_WRITE, 0);

	CHECK_EQ(sky_io_in(pit, 0x44, 1), -SKY_E_RANGE, "io_in just above the range");
	CHECK_EQ(sky_io_in(pit, 0x3F, 1), -SKY_E_RANGE, "io_in just below the range");
	CHECK_EQ(sky_io_out(pit, 0x44, 1, 0), -SKY_E_RANGE, "io_out just above the range");
	CHECK_EQ(sky_io_out(pit, 0x20, 1, 0xFF), -SKY_E_RANGE, "io_out to the PIC");
	CHECK_EQ(sky_io_out(pit, 0xF4, 1, 0), -SKY_E_RANGE, "io_out to the exit port");
	CHECK_EQ(sky_io_in(pit, 0x42, 4), -SKY_E_RANGE, "a 4-byte access straddling the end");
	CHECK_EQ(sky_io_out(pit, 0x43, 2, 0), -SKY_E_RANGE, "a 2-byte access straddling the end");
	CHECK_EQ(sky_syscall(SKY_SYS_IO_IN, pit, 0x40 + (1ull << 16), 1, 0, 0), -SKY_E_RANGE,
		 "io_in of port 0x10040 (not truncated to 0x40)");
	CHECK_EQ(sky_syscall(SKY_SYS_IO_OUT, pit, 0x43 + (1ull << 32), 1, 0x34, 0), -SKY_E_RANGE,
		 "io_out to port 0x100000043");
	static const unsigned widths[] = { 0, 3, 5, 8 };
	for (unsigned i = 0; i < 4; i++) {
		CHECK_EQ(sky_io_in(pit, 0x40, widths[i]), -SKY_E_INVAL, "io_in of a bad width");
		CHECK_EQ(sky_io_out(pit, 0x40, widths[i], 0), -SKY_E_INVAL,
			 "io_out of a bad width");
	}

	CHECK_EQ(sky_io_out(ro, PIT_CMD, 1, 0x34), -SKY_E_RIGHTS, "io_out with a READ-only copy");
	CHECK_EQ(sky_io_in(wo, PIT_CH0, 1), -SKY_E_RIGHTS, "io_in with a WRITE-only copy");
	CHECK_EQ(sky_ioport_narrow(wo, 0x40, 1, ro_narrow), -SKY_E_RIGHTS,
		 "narrowing without CONTROL");
	CHECK_EQ(sky_ioport_narrow(ro, 0x43, 1, ro_narrow), 0, "narrowing a READ-only copy");
	struct sky_cap_info ci = { 0 };
	sky_cap_identify(ro_narrow, &ci);
	CHECK_EQ(ci.rights, SKY_RIGHT_READ | SKY_RIGHT_CONTROL, "keeps READ | CONTROL, no more");
	CHECK_EQ(sky_io_out(ro_narrow, PIT_CMD, 1, 0x34), -SKY_E_RIGHTS,
		 "io_out with the narrowed READ-only range");
	CHECK_EQ(sky_io_in(ro, PIT_CMD, 1) >= 0, 1, "io_in with the READ-only copy works");
	CHECK_EQ(sky_io_out(IRQCTL, PIT_CMD, 1, 0x34), -SKY_E_TYPE, "io_out on interrupt control");
	CHECK_EQ(sky_io_in(200, PIT_CH0, 1), -SKY_E_EMPTY, "io_in on an empty slot");
	object_delete(ro_narrow);
	object_delete(ro);
	object_delete(wo);
}

/* PIT channel 0: mode 2 (rate generator) at `divisor`, or stopped (mode 0, no count). */
static void pit_start(uint16_t divisor)
{
	sky_io_out(pit, PIT_CMD, 1, 0x34); /* channel 0, low then high byte, mode 2, binary */
	sky_io_out(pit, PIT_CH0, 1, divisor & 0xFF);
	sky_io_out(pit, PIT_CH0, 1, divisor >> 8);
}

static void pit_stop(void)
{
	sky_io_out(pit, PIT_CMD, 1, 0x30); /* mode 0 waits for a count that never comes */
}

/* Channel 0's current count, latched. */
static int64_t pit_count(void)
{
	sky_io_out(pit, PIT_CMD, 1, 0x00);
	int64_t lo = sky_io_in(pit, PIT_CH0, 1), hi = sky_io_in(pit, PIT_CH0, 1);
	return lo < 0 || hi < 0 ? -1 : lo | hi << 8;
}

static void claim_refusals(uint32_t n, uint32_t irq)
{
	struct sky_sysinfo before, after;
	sky_sysinfo(&before);
	uint32_t dst = new_slot(), ro = new_slot();
	sky_cap_derive(n, ro, SKY_RIGHT_READ, 0);
	CHECK_EQ(sky_irq_claim(IRQCTL, 0, n, IRQ_BIT, dst), -SKY_E_EXISTS, "line 0 claimed twice");
	CHECK_EQ(sky_irq_claim(IRQCTL, 2, n, IRQ_BIT, dst), -SKY_E_INVAL, "line 2 (the cascade)");
	CHECK_EQ(sky_irq_claim(IRQCTL, 16, n, IRQ_BIT, dst), -SKY_E_INVAL, "line 16");
	CHECK_EQ(sky_syscall(SKY_SYS_IRQ_CLAIM, IRQCTL, 1ull << 32, n, IRQ_BIT, dst), -SKY_E_INVAL,
		 "line 2^32 (not truncated to 0)");
	CHECK_EQ(sky_irq_claim(IRQCTL, 3, n, 0, dst), -SKY_E_INVAL, "bits 0");
	CHECK_EQ(sky_irq_claim(IRQCTL, 3, n, 1ull << 63, dst), -SKY_E_INVAL, "bit 63");
	CHECK_EQ(sky_irq_claim(IRQCTL, 3, ro, IRQ_BIT, dst), -SKY_E_RIGHTS,
		 "a notification without WRITE");
	CHECK_EQ(sky_irq_claim(IRQCTL, 3, n, IRQ_BIT, irq), -SKY_E_OCCUPIED, "an occupied slot");
	CHECK_EQ(sky_irq_claim(pit, 3, n, IRQ_BIT, dst), -SKY_E_TYPE, "an I/O range as control");
	CHECK_EQ(sky_irq_claim(IRQCTL, 3, pit, IRQ_BIT, dst), -SKY_E_TYPE,
		 "an I/O range as the notification");
	CHECK(slot_empty(dst), "no refused claim filled its slot");
	sky_sysinfo(&after);
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "nor took kernel memory");

	uint32_t weak = new_slot();
	sky_cap_derive(irq, weak, SKY_RIGHTS_ALL & ~SKY_RIGHT_CONTROL, 0);
	CHECK_EQ(sky_irq_ack(weak), -SKY_E_RIGHTS, "irq_ack without CONTROL");
	CHECK_EQ(sky_irq_ack(n), -SKY_E_TYPE, "irq_ack on a notification");
	object_delete(weak);
	object_delete(ro);
	slot_free(dst);
}

/* Take n interrupts, acknowledging each; false if one did not bring our bit. */
static bool take_irqs(uint32_t ntfn, uint32_t irq, int n)
{
	bool ok = true;
	for (int i = 0; i < n; i++) {
		ok = ok && wait_for(ntfn) == IRQ_BIT;
		ok = ok && sky_irq_ack(irq) == 0;
	}
	return ok;
}

static void interrupts(void)
{
	uint32_t n = (uint32_t)object_create(SKY_OBJ_NOTIFICATION, 0, 0);
	uint32_t irq = new_slot();
	CHECK_EQ(sky_irq_claim(IRQCTL, 0, n, IRQ_BIT, irq), 0, "claim line 0 (the PIT)");
	struct sky_cap_info ci = { 0 };
	sky_cap_identify(irq, &ci);
	CHECK(ci.type == SKY_OBJ_IRQ && ci.rights == SKY_RIGHT_CONTROL,
	      "an interrupt capability (type %u, rights 0x%x)", ci.type, ci.rights);
	claim_refusals(n, irq);

	pit_start(PIT_DIVISOR);
	int64_t count = pit_count();
	CHECK(count >= 1 && count <= PIT_DIVISOR, "io_in reads the PIT counting down (%lld)",
	      (long long)count);
	/* The first interrupt may be one the firmware's PIT setting left pending. */
	CHECK(take_irqs(n, irq, 1), "an interrupt arrives");
	uint64_t t0 = sky_time();
	CHECK(take_irqs(n, irq, N_IRQS), "%d more arrive, each acknowledged", N_IRQS);
	uint64_t took = sky_time() - t0;
	uint64_t period_ns = 1000000000ull * PIT_DIVISOR / PIT_HZ;
	CHECK(took >= (N_IRQS - 1) * period_ns && took < N_IRQS * period_ns + 50 * MS,
	      "at the programmed 1000 Hz (%d in %llu us)", N_IRQS,
	      (unsigned long long)(took / 1000));

	/* Not acknowledged, the line stays masked although the PIT keeps running. */
	CHECK_EQ(wait_for(n), IRQ_BIT, "one more interrupt");
	sky_sleep(5 * MS);
	CHECK_EQ(sky_poll_signal(n), 0, "no more until it is acknowledged");
	CHECK_EQ(sky_irq_ack(irq), 0, "acknowledge");
	t0 = sky_time();
	CHECK_EQ(wait_for(n), IRQ_BIT, "then they come again");
	CHECK(sky_time() - t0 < 3 * MS, "within a period or two (%llu us)",
	      (unsigned long long)((sky_time() - t0) / 1000));

	/* Stopping the device stops the interrupts. */
	pit_stop();
	sky_irq_ack(irq);
	sky_sleep(2 * MS);
	sky_poll_signal(n);
	sky_irq_ack(irq);
	sky_sleep(10 * MS);
	CHECK_EQ(sky_poll_signal(n), 0, "none after the PIT is stopped");

	/* Deleting the interrupt capability masks and releases the line. */
	pit_start(PIT_DIVISOR);
	CHECK(take_irqs(n, irq, 2), "restarted, the PIT interrupts again");
	object_delete(irq);
	sky_poll_signal(n);
	sky_sleep(10 * MS);
	CHECK_EQ(sky_poll_signal(n), 0, "none after the interrupt capability is deleted");
	irq = new_slot();
	CHECK_EQ(sky_irq_claim(IRQCTL, 0, n, IRQ_BIT << 1, irq), 0, "line 0 can be claimed again");
	CHECK_EQ(wait_for(n), IRQ_BIT << 1, "and interrupts with the new bits");
	pit_stop();
	object_delete(irq);
	object_delete(n);
}

static void revoke_ranges(void)
{
	uint32_t a = new_slot(), b = new_slot();
	sky_ioport_narrow(IOPORTS, 0x60, 1, a);
	sky_ioport_narrow(pit, 0x42, 1, b);
	CHECK_EQ(sky_cap_revoke(IOPORTS), 0, "revoke every range narrowed from slot 4");
	CHECK(slot_empty(pit) && slot_empty(a) && slot_empty(b), "narrowed ranges are gone");
	CHECK_EQ(sky_io_in(pit, PIT_CH0, 1), -SKY_E_EMPTY, "and cannot be used");
	CHECK(!slot_empty(IOPORTS), "the original stays");
	slot_free(a);
	slot_free(b);
	slot_free(pit);
}

int main(void)
{
	struct sky_sysinfo before, after;
	sky_sysinfo(&before);
	watchdog = (uint32_t)object_create(SKY_OBJ_TIMER, 0, 0);
	given_caps();
	narrowing();
	port_access();
	interrupts();
	revoke_ranges();
	object_delete(watchdog);
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after the device tests");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after the device tests");
	return check_finish();
}
