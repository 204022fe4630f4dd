/*
 * object.h — what every kernel object has in common: its type, a reference
 * count (one per capability plus the kernel's own references), and the
 * account it is charged to. When the count reaches zero the object is
 * destroyed through its type's destroy function; destruction is queued and
 * drained iteratively, so a cascade (a capability space whose last reference
 * held the last capability to another ...) never recurses on the kernel
 * stack. Objects are created through object_new(), which charges the
 * account before anything is allocated.
 */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include <stddef.h>
#include <stdint.h>

#include "sky/cap.h"

struct account;

struct object {
	uint8_t type; /* SKY_OBJ_* */
	uint32_t refs;
	uint32_t size;           /* bytes of kernel memory charged for the struct */
	struct account *account; /* charged; holds a reference; NULL for boot objects */
	struct object *next_dead;
};

/*
 * A zeroed object of `size` bytes charged to account (kernel memory), with
 * one reference. Returns NULL with *err = -SKY_E_QUOTA or -SKY_E_NOMEM.
 */
void *object_new(struct account *account, unsigned type, size_t size, int *err);
void object_get(struct object *o);
/* Drop a reference; at zero the object is destroyed (now, or after the current destruction). */
void object_put(struct object *o);
/* For destroy functions: release the object's own memory and charge. */
void object_free(struct object *o);

/* Each type's destroy function: tear down, drop references held, then object_free(). */
void account_destroy(struct object *o);
void aspace_destroy(struct object *o);
void cspace_destroy(struct object *o);
void thread_destroy(struct object *o);
void memobj_destroy(struct object *o);
void endpoint_destroy(struct object *o);
void notification_destroy(struct object *o);
void reply_destroy(struct object *o);
void irq_destroy(struct object *o);
void ioport_destroy(struct object *o);
void timer_destroy(struct object *o);

#endif
