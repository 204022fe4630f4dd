/*
 * account.c — hierarchical charging. A charge walks from the account to the
 * root checking every limit first, then applies; an uncharge walks the same
 * path. An account lives while anything charged to it does (objects hold a
 * reference to their account).
 */
#include "account.h"

#include "log.h"
#include "sky/error.h"

static struct account root;

struct account *account_root(void)
{
	return &root;
}

void account_init_root(uint64_t kmem_bytes, uint64_t pages, uint64_t threads)
{
	root.obj.type = SKY_OBJ_ACCOUNT;
	root.obj.refs = 1; /* the kernel's own reference: the root never goes away */
	root.limit[ACCOUNT_KMEM] = kmem_bytes;
	root.limit[ACCOUNT_PAGES] = pages;
	root.limit[ACCOUNT_THREADS] = threads;
}

int account_charge(struct account *a, enum account_resource r, uint64_t amount)
{
	for (struct account *x = a; x; x = x->parent)
		if (amount > x->limit[r] - x->used[r])
			return -SKY_E_QUOTA;
	for (struct account *x = a; x; x = x->parent)
		x->used[r] += amount;
	return 0;
}

void account_uncharge(struct account *a, enum account_resource r, uint64_t amount)
{
	for (struct account *x = a; x; x = x->parent) {
		assert(x->used[r] >= amount);
		x->used[r] -= amount;
	}
}

int account_create(struct account *parent, const uint64_t limit[ACCOUNT_RESOURCES],
		   struct account **out)
{
	int err;
	struct account *a = object_new(parent, SKY_OBJ_ACCOUNT, sizeof *a, &err);
	if (!a)
		return err;
	a->parent = parent;
	object_get(&parent->obj);
	for (int r = 0; r < ACCOUNT_RESOURCES; r++)
		a->limit[r] = limit[r];
	*out = a;
	return 0;
}

void account_destroy(struct object *o)
{
	struct account *a = (struct account *)o;
	assert(a != &root);
	for (int r = 0; r < ACCOUNT_RESOURCES; r++)
		assert(a->used[r] == 0);
	struct account *parent = a->parent;
	object_free(o);
	object_put(&parent->obj);
}
