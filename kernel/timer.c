/*
 * timer.c — the armed-timer list and expiry.
 */
#include "timer.h"

#include "endpoint.h"
#include "sky/error.h"
#include "time.h"

static struct list armed = LIST_INIT(armed); /* by deadline, earliest first */

int timer_create(struct account *a, struct timer **out)
{
	int err;
	struct timer *t = object_new(a, SKY_OBJ_TIMER, sizeof *t, &err);
	if (!t)
		return err;
	list_init(&t->link);
	*out = t;
	return 0;
}

static void disarm(struct timer *t)
{
	list_remove(&t->link);
	if (t->ntfn) {
		object_put(&t->ntfn->obj);
		t->ntfn = NULL;
	}
}

static void insert(struct timer *t)
{
	struct list *pos = armed.next;
	while (pos != &armed && list_entry(pos, struct timer, link)->deadline_ns <= t->deadline_ns)
		pos = pos->next;
	list_insert_between(&t->link, pos->prev, pos);
}

int timer_set(struct timer *t, struct notification *n, uint64_t bits, uint64_t delay_ns,
	      uint64_t period_ns)
{
	if (delay_ns && ((period_ns && period_ns < TIMER_PERIOD_MIN) || bits == 0 || (bits >> 63)))
		return -SKY_E_INVAL;
	disarm(t);
	if (!delay_ns)
		return 0;
	object_get(&n->obj);
	t->ntfn = n;
	t->bits = bits;
	uint64_t now = time_now_ns();
	t->deadline_ns = delay_ns > UINT64_MAX - now ? UINT64_MAX : now + delay_ns;
	t->period_ns = period_ns;
	insert(t);
	return 0;
}

void timer_fire_expired(uint64_t now_ns)
{
	while (!list_empty(&armed)) {
		struct timer *t = list_entry(armed.next, struct timer, link);
		if (t->deadline_ns > now_ns)
			break;
		t->fired++;
		notification_signal(t->ntfn, t->bits);
		if (t->period_ns) {
			list_remove(&t->link); /* skip missed periods: one signal per catch-up */
			t->deadline_ns +=
				((now_ns - t->deadline_ns) / t->period_ns + 1) * t->period_ns;
			insert(t);
		} else {
			disarm(t);
		}
	}
}

void timer_destroy(struct object *o)
{
	disarm((struct timer *)o);
	object_free(o);
}
