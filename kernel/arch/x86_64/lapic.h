/*
 * lapic.h — the local APIC (xAPIC, memory-mapped) and the clocks calibrated
 * against the PIT: the TSC for time, the APIC timer for the tick.
 */
#ifndef ARCH_LAPIC_H
#define ARCH_LAPIC_H

#include <stdint.h>

/* Map and enable the local APIC; mask the legacy PIC. */
void lapic_init(void);
void lapic_eoi(void);

/*
 * Measure the TSC and APIC timer rates against PIT channel 2, then start
 * the APIC timer periodically at tick_hz. Returns the TSC frequency in Hz.
 */
uint64_t clock_calibrate_and_start(unsigned tick_hz);

#endif
