/*
 * cap.c — capability spaces and the derivation tree. Each capability keeps
 * a pointer to its parent and a list of its children; slots never move in
 * memory (tables are never resized), so tree links across processes stay
 * valid until the slot is emptied.
 */
#include "cap.h"

#include "account.h"
#include "arch/x86_64/paging.h"
#include "base/string.h"
#include "endpoint.h"
#include "frame.h"
#include "log.h"
#include "sky/error.h"

int cspace_create(struct account *a, uint32_t nslots, struct cspace **out)
{
	if (nslots == 0 || nslots > SKY_CSPACE_SLOTS_MAX || nslots % CAPS_PER_PAGE)
		return -SKY_E_INVAL;
	uint64_t bytes = (uint64_t)nslots * sizeof(struct cap);
	int err = account_charge(a, ACCOUNT_KMEM, bytes);
	if (err)
		return err;
	struct cspace *cs = object_new(a, SKY_OBJ_CSPACE, sizeof *cs, &err);
	if (!cs) {
		account_uncharge(a, ACCOUNT_KMEM, bytes);
		return err;
	}
	cs->charged = bytes;
	uint64_t pa = frame_alloc_contig(bytes / PAGE_SIZE);
	if (!pa) {
		object_put(&cs->obj);
		return -SKY_E_NOMEM;
	}
	cs->slots = memset(phys_to_virt(pa), 0, bytes);
	cs->nslots = nslots;
	*out = cs;
	return 0;
}

void cspace_clear(struct cspace *cs)
{
	for (uint32_t i = 0; i < cs->nslots; i++)
		if (cs->slots[i].obj)
			cap_delete(&cs->slots[i]);
}

void cspace_destroy(struct object *o)
{
	struct cspace *cs = (struct cspace *)o;
	cspace_clear(cs);
	uint64_t bytes = (uint64_t)cs->nslots * sizeof(struct cap);
	for (uint64_t off = 0; off < bytes; off += PAGE_SIZE)
		frame_free((uint64_t)cs->slots + off - PHYSMAP_BASE);
	/* A table that was never allocated (nslots 0) was still charged in full. */
	if (o->account)
		account_uncharge(o->account, ACCOUNT_KMEM, cs->charged);
	object_free(o);
}

int cap_lookup_empty(struct cspace *cs, uint64_t slot, struct cap **out)
{
	struct cap *c = cspace_slot(cs, slot);
	if (!c)
		return -SKY_E_SLOT;
	if (c->obj)
		return -SKY_E_OCCUPIED;
	*out = c;
	return 0;
}

static void fill(struct cap *dst, struct object *obj, uint32_t rights, uint64_t badge)
{
	assert(!dst->obj);
	dst->obj = obj;
	dst->rights = rights;
	dst->badge = badge;
	dst->parent = NULL;
	list_init(&dst->children);
	list_init(&dst->sibling);
	if (obj->type == SKY_OBJ_ENDPOINT)
		endpoint_cap_added((struct endpoint *)obj, rights);
}

void cap_install(struct cap *dst, struct object *obj, uint32_t rights, uint64_t badge)
{
	fill(dst, obj, rights, badge);
}

void cap_install_child(struct cap *src, struct cap *dst, struct object *obj)
{
	fill(dst, obj, src->rights, 0);
	dst->parent = src;
	list_push_back(&src->children, &dst->sibling);
}

int cap_derive(struct cap *src, struct cap *dst, uint32_t mask, uint64_t badge)
{
	if (src->badge && badge && badge != src->badge)
		return -SKY_E_PERM; /* a badge is set once */
	if (src->obj->type == SKY_OBJ_NOTIFICATION && (badge >> 63))
		return -SKY_E_INVAL; /* signals carry 63 bits: bit 63 would fail every signal */
	object_get(src->obj);
	fill(dst, src->obj, src->rights & mask, src->badge ? src->badge : badge);
	dst->parent = src;
	list_push_back(&src->children, &dst->sibling);
	return 0;
}

void cap_move(struct cap *src, struct cap *dst)
{
	assert(src->obj && !dst->obj && src != dst);
	*dst = *src;
	/* Re-point everything that pointed at src. */
	list_init(&dst->children);
	list_init(&dst->sibling);
	if (src->parent)
		list_insert_between(&dst->sibling, src->sibling.prev, &src->sibling);
	list_remove(&src->sibling);
	while (!list_empty(&src->children)) {
		struct cap *child = list_entry(list_pop_front(&src->children), struct cap, sibling);
		child->parent = dst;
		list_push_back(&dst->children, &child->sibling);
	}
	src->obj = NULL;
	src->parent = NULL;
}

void cap_delete(struct cap *c)
{
	assert(c->obj);
	struct object *obj = c->obj;
	uint32_t rights = c->rights;
	while (!list_empty(&c->children)) {
		struct cap *child = list_entry(list_pop_front(&c->children), struct cap, sibling);
		child->parent = c->parent;
		if (c->parent)
			list_push_back(&c->parent->children, &child->sibling);
	}
	list_remove(&c->sibling);
	c->obj = NULL;
	c->parent = NULL;
	c->rights = 0;
	c->badge = 0;
	if (obj->type == SKY_OBJ_ENDPOINT)
		endpoint_cap_removed((struct endpoint *)obj, rights);
	object_put(obj);
}

/*
 * Leaves first, in post-order: after deleting a leaf, carry on from its
 * parent, so the walk down to a leaf is paid once per call rather than once
 * per deletion, and every call deletes at least one capability however deep
 * the tree (a budget that also counted the walk from c made no progress at
 * all below a chain deeper than the budget). Deleting a leaf destroys at most
 * its own object, never another capability (its parent names the same
 * object, or for a narrowed I/O range the one it was cut from), so the
 * parent is still there to continue from.
 */
int cap_revoke(struct cap *c, unsigned budget)
{
	struct cap *cur = c;
	while (!list_empty(&c->children)) {
		if (!list_empty(&cur->children)) {
			cur = list_entry(cur->children.next, struct cap, sibling);
			continue;
		}
		if (budget-- == 0)
			return -SKY_E_AGAIN;
		struct cap *up = cur->parent;
		cap_delete(cur);
		cur = up;
	}
	return 0;
}
