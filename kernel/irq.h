/*
 * irq.h — interrupts for user-space drivers. Claiming a line (with the
 * interrupt-control capability) makes an interrupt object bound to a
 * notification: when the line fires, the kernel masks it, signals the
 * notification, and the driver acknowledges through the object to unmask.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdint.h>

#include "object.h"

struct notification;
struct account;

struct irq {
	struct object obj;
	unsigned line;
	struct notification *ntfn; /* reference held */
	uint64_t bits;
	uint64_t count; /* deliveries so far */
};

/* The single interrupt-control object the root task receives. */
struct object *irq_control(void);
/* Claim a line: SKY_E_INVAL (no such line, or the cascade), SKY_E_EXISTS (claimed). */
int irq_claim(struct account *a, uint64_t line, struct notification *n, uint64_t bits,
	      struct irq **out);
/* Unmask the line after the driver has dealt with the device. */
void irq_ack(struct irq *q);
/* From the trap dispatcher: line fired. */
void irq_deliver(unsigned line);

#endif
