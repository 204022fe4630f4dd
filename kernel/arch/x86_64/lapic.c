/*
 * lapic.c — local APIC timer and its calibration. The legacy 8259s
 * (pic.c) deliver device interrupts through LINT0 in ExtINT mode. The PIT
 * (channel 2) is used once, at boot, as the
 * reference clock: channel 2 counts down a known interval while the TSC
 * and the APIC timer run, which gives both their rates.
 */
#include "arch/x86_64/lapic.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/trap.h"
#include "log.h"

enum {
	LAPIC_ID = 0x20,
	LAPIC_TPR = 0x80,
	LAPIC_EOI = 0xB0,
	LAPIC_SVR = 0xF0,
	LAPIC_LVT_TIMER = 0x320,
	LAPIC_LVT_LINT0 = 0x350,
	LAPIC_LVT_LINT1 = 0x360,
	LAPIC_TIMER_INIT = 0x380,
	LAPIC_TIMER_CURRENT = 0x390,
	LAPIC_TIMER_DIVIDE = 0x3E0,
};
#define SVR_ENABLE   0x100
#define LVT_MASKED   (1u << 16)
#define LVT_PERIODIC (1u << 17)
#define LVT_EXTINT   (7u << 8)
#define LVT_NMI      (4u << 8)
#define DIVIDE_BY_16 0x3

#define PIT_HZ       1193182u
#define CALIBRATE_MS 10u

static volatile uint32_t *lapic;

static uint32_t lapic_read(unsigned reg)
{
	return lapic[reg / 4];
}

static void lapic_write(unsigned reg, uint32_t v)
{
	lapic[reg / 4] = v;
}

void lapic_init(void)
{
	pic_init();
	uint64_t base = rdmsr(MSR_APIC_BASE);
	wrmsr(MSR_APIC_BASE, base | (1u << 11)); /* global enable */
	lapic = paging_map_mmio(base & ~0xFFFull, PAGE_SIZE);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, SVR_ENABLE | VEC_SPURIOUS);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT0, LVT_EXTINT); /* the 8259s deliver through LINT0 */
	lapic_write(LAPIC_LVT_LINT1, LVT_NMI);
	log_info("lapic: id %u at physical 0x%llx", lapic_read(LAPIC_ID) >> 24,
		 (unsigned long long)(base & ~0xFFFull));
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

/* Busy-wait for CALIBRATE_MS on PIT channel 2; returns TSC and APIC counts elapsed. */
static void pit_interval(uint64_t *tsc_delta, uint32_t *apic_delta)
{
	uint16_t count = (uint16_t)(PIT_HZ * CALIBRATE_MS / 1000);
	outb(0x61, (inb(0x61) & ~0x02) | 0x01); /* gate channel 2 on, speaker off */
	outb(0x43, 0xB0);                       /* channel 2, lo/hi byte, mode 0 */
	outb(0x42, count & 0xFF);
	outb(0x42, count >> 8);
	uint8_t gate = inb(0x61);
	outb(0x61, gate & ~0x01); /* restart the count on a rising gate edge */
	outb(0x61, gate | 0x01);

	lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
	lapic_write(LAPIC_TIMER_INIT, 0xFFFFFFFF);
	uint64_t t0 = rdtsc();
	/* OUT2 goes high at terminal count; bound the wait in case there is no PIT. */
	for (uint64_t spin = 0; !(inb(0x61) & 0x20) && spin < 100000000; spin++)
		;
	uint64_t t1 = rdtsc();
	uint32_t left = lapic_read(LAPIC_TIMER_CURRENT);
	lapic_write(LAPIC_TIMER_INIT, 0);
	*tsc_delta = t1 - t0;
	*apic_delta = 0xFFFFFFFF - left;
}

uint64_t clock_calibrate_and_start(unsigned tick_hz)
{
	uint64_t tsc_delta;
	uint32_t apic_delta;
	pit_interval(&tsc_delta, &apic_delta);
	uint64_t tsc_hz = tsc_delta * (1000 / CALIBRATE_MS);
	uint64_t apic_hz = (uint64_t)apic_delta * (1000 / CALIBRATE_MS);
	if (tsc_hz == 0 || apic_hz < tick_hz)
		panic("clock: calibration failed (tsc %llu Hz, apic timer %llu Hz)",
		      (unsigned long long)tsc_hz, (unsigned long long)apic_hz);
	lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
	lapic_write(LAPIC_LVT_TIMER, VEC_TIMER | LVT_PERIODIC);
	lapic_write(LAPIC_TIMER_INIT, (uint32_t)(apic_hz / tick_hz));
	log_info("clock: tsc %llu.%03llu MHz, apic timer %llu kHz, tick %u Hz",
		 (unsigned long long)(tsc_hz / 1000000), (unsigned long long)(tsc_hz / 1000 % 1000),
		 (unsigned long long)(apic_hz / 1000), tick_hz);
	return tsc_hz;
}
