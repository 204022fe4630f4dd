/*
 * time.h — time since boot (from the calibrated TSC), the scheduler tick,
 * and sleeping until a deadline.
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <stdint.h>

struct thread;

#define TICK_HZ 1000

/* Start the clock; before this, time_now_ns() reads 0. */
void time_init(uint64_t tsc_hz);
uint64_t time_now_ns(void);
uint64_t time_tsc_hz(void);
uint64_t time_tsc_to_ns(uint64_t tsc_ticks);
/* Timer interrupt: wake threads whose deadline passed, fire timers, charge the time slice. */
void time_tick(void);
/* Block the current thread until time_now_ns() >= deadline_ns. */
void time_sleep_until(uint64_t deadline_ns);
/* Put a thread that is about to block on the deadline queue (sleeps and timeouts). */
void time_sleep_queue(struct thread *t, uint64_t deadline_ns);
/* Take a thread off the deadline queue, if it is on it. */
void time_cancel_sleep(struct thread *t);

#endif
