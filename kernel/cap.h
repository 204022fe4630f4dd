/*
 * cap.h — capabilities and capability spaces. A capability space is a table
 * of slots; a filled slot names an object, a rights mask and a badge.
 * Capabilities derived from one another form a tree across all capability
 * spaces, so that revoke can find every descendant of a capability wherever
 * it was passed. Rights only ever shrink along the tree, and a badge, once
 * set, is inherited unchanged.
 */
#ifndef KERNEL_CAP_H
#define KERNEL_CAP_H

#include <stdbool.h>
#include <stdint.h>

#include "base/list.h"
#include "object.h"
#include "sky/error.h"

struct cap {
	struct object *obj; /* NULL: the slot is empty */
	uint64_t badge;
	uint32_t rights;
	struct cap *parent;   /* the capability this one was derived from, or NULL */
	struct list children; /* capabilities derived from this one */
	struct list sibling;  /* link in parent->children */
};

#define CAPS_PER_PAGE (4096 / sizeof(struct cap))
_Static_assert(sizeof(struct cap) == 64, "slot size: one cache line, a power of two");

struct cspace {
	struct object obj;
	uint32_t nslots;
	uint64_t charged;  /* bytes of table charged to the account */
	struct cap *slots; /* physically contiguous table, so a lookup is one multiply-add */
};

/* A capability space of nslots (a multiple of CAPS_PER_PAGE, at most SKY_CSPACE_SLOTS_MAX). */
int cspace_create(struct account *a, uint32_t nslots, struct cspace **out);
/* Empty every slot (breaks reference cycles when a process ends). */
void cspace_clear(struct cspace *cs);

/* The slot itself (NULL if outside the space); may be empty. */
static inline struct cap *cspace_slot(struct cspace *cs, uint64_t slot)
{
	return slot < cs->nslots ? &cs->slots[slot] : NULL;
}

/*
 * Look up a filled slot holding `type` (SKY_OBJ_NONE: any) with at least
 * `rights`. Errors: SKY_E_SLOT, SKY_E_EMPTY, SKY_E_TYPE, SKY_E_RIGHTS.
 * Inline: every system call on an object starts here.
 */
static inline int cap_lookup(struct cspace *cs, uint64_t slot, unsigned type, uint32_t rights,
			     struct cap **out)
{
	if (slot >= cs->nslots)
		return -SKY_E_SLOT;
	struct cap *c = &cs->slots[slot];
	if (!c->obj)
		return -SKY_E_EMPTY;
	if (type != SKY_OBJ_NONE && c->obj->type != type)
		return -SKY_E_TYPE;
	if ((c->rights & rights) != rights)
		return -SKY_E_RIGHTS;
	*out = c;
	return 0;
}
/* An empty slot to fill: SKY_E_SLOT, SKY_E_OCCUPIED. */
int cap_lookup_empty(struct cspace *cs, uint64_t slot, struct cap **out);

/* Fill an empty slot with a new root capability; takes over one reference to obj. */
void cap_install(struct cap *dst, struct object *obj, uint32_t rights, uint64_t badge);
/* Fill empty dst with a child of src naming a new object obj (a narrowed I/O range). */
void cap_install_child(struct cap *src, struct cap *dst, struct object *obj);
/*
 * Fill empty dst with a child of src: rights = src.rights & mask; badge =
 * src's if it has one (a different non-zero badge is SKY_E_PERM), else badge.
 */
int cap_derive(struct cap *src, struct cap *dst, uint32_t mask, uint64_t badge);
/* Move a capability to an empty slot, keeping its place in the tree. */
void cap_move(struct cap *src, struct cap *dst);
/* Empty a slot; its children move up to its parent. */
void cap_delete(struct cap *c);
/*
 * Delete descendants of c, leaves first: at most `budget` of them (at least
 * one), plus the walk down to the first leaf. Returns 0 when none remain,
 * -SKY_E_AGAIN when the budget ran out first.
 */
int cap_revoke(struct cap *c, unsigned budget);

#endif
