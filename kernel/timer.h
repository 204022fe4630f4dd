/*
 * timer.h — timer objects: armed with a delay (and optionally a period),
 * they signal a notification when they expire. Expiry is checked on every
 * tick, so timers resolve to 1 ms; a periodic timer that falls behind
 * signals once and catches up rather than queueing expiries.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

#include "base/list.h"
#include "object.h"

struct notification;
struct account;

struct timer {
	struct object obj;
	struct list link;          /* in the armed list, by deadline */
	struct notification *ntfn; /* reference held while armed */
	uint64_t bits;
	uint64_t deadline_ns;
	uint64_t period_ns; /* 0: one-shot */
	uint64_t fired;     /* expiries so far */
};

int timer_create(struct account *a, struct timer **out);
/* Arm (delay > 0) or disarm (delay == 0) t; period 0 = one-shot, else >= TIMER_PERIOD_MIN. */
int timer_set(struct timer *t, struct notification *n, uint64_t bits, uint64_t delay_ns,
	      uint64_t period_ns);
void timer_fire_expired(uint64_t now_ns);

#define TIMER_PERIOD_MIN 100000 /* 100 us */

#endif
