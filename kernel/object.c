/*
 * object.c — reference counting and the destruction queue. object_put()
 * that drops the last reference queues the object; the outermost put then
 * destroys queued objects one at a time until the queue is empty. Destroy
 * functions may put further objects, which join the queue instead of
 * recursing. The work a destruction does is bounded by what the object's
 * account paid for (pages, slots, mappings).
 */
#include "object.h"

#include <stdbool.h>

#include "account.h"
#include "kmem.h"
#include "log.h"
#include "sky/error.h"

static struct object *dead; /* queued for destruction; guarded by the kernel lock */
static bool draining;

static void (*const destroy[SKY_OBJ_COUNT])(struct object *) = {
	[SKY_OBJ_ACCOUNT] = account_destroy,
	[SKY_OBJ_ASPACE] = aspace_destroy,
	[SKY_OBJ_CSPACE] = cspace_destroy,
	[SKY_OBJ_THREAD] = thread_destroy,
	[SKY_OBJ_MEMORY] = memobj_destroy,
	[SKY_OBJ_ENDPOINT] = endpoint_destroy,
	[SKY_OBJ_NOTIFICATION] = notification_destroy,
	[SKY_OBJ_REPLY] = reply_destroy,
	[SKY_OBJ_IRQ] = irq_destroy,
	[SKY_OBJ_IOPORT] = ioport_destroy,
	[SKY_OBJ_TIMER] = timer_destroy,
};

void *object_new(struct account *account, unsigned type, size_t size, int *err)
{
	assert(type < SKY_OBJ_COUNT && size >= sizeof(struct object));
	size = kmem_footprint(size); /* charge what the heap really gives */
	if (account) {
		*err = account_charge(account, ACCOUNT_KMEM, size);
		if (*err)
			return NULL;
	}
	struct object *o = kmem_alloc(size);
	if (!o) {
		if (account)
			account_uncharge(account, ACCOUNT_KMEM, size);
		*err = -SKY_E_NOMEM;
		return NULL;
	}
	o->type = (uint8_t)type;
	o->refs = 1;
	o->size = (uint32_t)size;
	o->account = account;
	if (account)
		object_get(&account->obj);
	return o;
}

void object_get(struct object *o)
{
	o->refs++;
	assert(o->refs != 0);
}

void object_put(struct object *o)
{
	assert(o->refs > 0);
	if (--o->refs)
		return;
	o->next_dead = dead;
	dead = o;
	if (draining)
		return;
	draining = true;
	while (dead) {
		struct object *d = dead;
		dead = d->next_dead;
		assert(destroy[d->type]);
		destroy[d->type](d);
	}
	draining = false;
}

void object_free(struct object *o)
{
	struct account *a = o->account;
	size_t size = o->size;
	kmem_free(o, size);
	if (a) {
		account_uncharge(a, ACCOUNT_KMEM, size);
		object_put(&a->obj);
	}
}
