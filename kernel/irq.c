/*
 * irq.c — interrupt objects over the 8259 lines.
 */
#include "irq.h"

#include "arch/x86_64/pic.h"
#include "endpoint.h"
#include "log.h"
#include "sky/error.h"

static struct irq *lines[PIC_LINES]; /* claimed lines; guarded by the kernel lock */
static struct object control = { .type = SKY_OBJ_IRQ_CONTROL, .refs = 1 };

struct object *irq_control(void)
{
	return &control;
}

int irq_claim(struct account *a, uint64_t line, struct notification *n, uint64_t bits,
	      struct irq **out)
{
	if (line >= PIC_LINES || line == PIC_CASCADE_LINE || bits == 0 || (bits >> 63))
		return -SKY_E_INVAL;
	if (lines[line])
		return -SKY_E_EXISTS;
	int err;
	struct irq *q = object_new(a, SKY_OBJ_IRQ, sizeof *q, &err);
	if (!q)
		return err;
	q->line = (unsigned)line;
	q->ntfn = n;
	object_get(&n->obj);
	q->bits = bits;
	lines[line] = q;
	pic_unmask(line);
	*out = q;
	return 0;
}

void irq_ack(struct irq *q)
{
	pic_unmask(q->line);
}

void irq_deliver(unsigned line)
{
	if (!pic_acknowledge(line))
		return; /* spurious */
	struct irq *q = lines[line];
	pic_mask(line); /* until the driver acknowledges */
	if (!q)
		return;
	q->count++;
	notification_signal(q->ntfn, q->bits);
}

void irq_destroy(struct object *o)
{
	struct irq *q = (struct irq *)o;
	pic_mask(q->line);
	lines[q->line] = NULL;
	object_put(&q->ntfn->obj);
	object_free(o);
}
