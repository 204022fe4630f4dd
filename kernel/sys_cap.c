/*
 * sys_cap.c — decoding of the capability calls (identify, derive, move,
 * delete, revoke), object creation and account queries. Every check comes
 * before any change.
 */
#include "account.h"
#include "aspace.h"
#include "cap.h"
#include "endpoint.h"
#include "memobj.h"
#include "sky/error.h"
#include "syscall.h"
#include "thread.h"
#include "timer.h"
#include "usercopy.h"

#define REVOKE_BUDGET 256 /* deletions per call: revoke is restartable, never long */

int64_t sys_cap_identify(SYSCALL_ARGS)
{
	struct cap *c;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_NONE, 0, &c);
	if (err)
		return err;
	if (a1 % 8)
		return -SKY_E_ALIGN;
	struct sky_cap_info info = { .type = c->obj->type, .rights = c->rights, .badge = c->badge };
	return copy_to_user(a1, &info, sizeof info);
}

/* derive(src, dst, rights mask, badge) */
int64_t sys_cap_derive(SYSCALL_ARGS)
{
	struct cap *src, *dst;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_NONE, 0, &src);
	if (!err)
		err = cap_lookup_empty(my_cspace(), a1, &dst);
	if (!err && (a2 & ~(uint64_t)SKY_RIGHTS_ALL))
		err = -SKY_E_INVAL;
	return err ? err : cap_derive(src, dst, (uint32_t)a2, a3);
}

int64_t sys_cap_move(SYSCALL_ARGS)
{
	struct cap *src, *dst;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_NONE, 0, &src);
	if (!err)
		err = cap_lookup_empty(my_cspace(), a1, &dst);
	if (err)
		return err;
	cap_move(src, dst);
	return 0;
}

int64_t sys_cap_delete(SYSCALL_ARGS)
{
	struct cap *c;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_NONE, 0, &c);
	if (err)
		return err;
	cap_delete(c);
	return 0;
}

int64_t sys_cap_revoke(SYSCALL_ARGS)
{
	struct cap *c;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_NONE, 0, &c);
	return err ? err : cap_revoke(c, REVOKE_BUDGET);
}

/* The new object for obj_create, by type. */
static int create(struct account *a, struct cap *account_cap, uint64_t type, uint64_t arg0,
		  uint64_t arg1, struct object **out)
{
	int err;
	switch (type) {
	case SKY_OBJ_ENDPOINT:
		return endpoint_create(a, (struct endpoint **)out);
	case SKY_OBJ_NOTIFICATION:
		return notification_create(a, (struct notification **)out);
	case SKY_OBJ_REPLY:
		return reply_create(a, (struct reply **)out);
	case SKY_OBJ_TIMER:
		return timer_create(a, (struct timer **)out);
	case SKY_OBJ_MEMORY:
		if (arg1 >> 32)
			return -SKY_E_INVAL;
		return memobj_create(a, arg0, (unsigned)arg1, (struct memobj **)out);
	case SKY_OBJ_ASPACE:
		return aspace_create(a, (struct aspace **)out);
	case SKY_OBJ_CSPACE:
		if (arg0 > SKY_CSPACE_SLOTS_MAX)
			return -SKY_E_INVAL;
		return cspace_create(a, (uint32_t)arg0, (struct cspace **)out);
	case SKY_OBJ_THREAD: {
		struct cap *as, *cs;
		err = cap_lookup(my_cspace(), arg0, SKY_OBJ_ASPACE, SKY_RIGHT_CONTROL, &as);
		if (!err)
			err = cap_lookup(my_cspace(), arg1, SKY_OBJ_CSPACE, SKY_RIGHT_CONTROL, &cs);
		if (err)
			return err;
		return thread_create(a, (struct aspace *)as->obj, (struct cspace *)cs->obj,
				     (struct thread **)out);
	}
	case SKY_OBJ_ACCOUNT: {
		if (!(account_cap->rights & SKY_RIGHT_CONTROL))
			return -SKY_E_RIGHTS; /* sub-accounts need CONTROL */
		if (arg0 % 8)
			return -SKY_E_ALIGN;
		struct sky_account_limits lim;
		err = copy_from_user(&lim, arg0, sizeof lim);
		if (err)
			return err;
		const uint64_t limit[ACCOUNT_RESOURCES] = { lim.kmem_bytes, lim.pages,
							    lim.threads };
		return account_create(a, limit, (struct account **)out);
	}
	default:
		return -SKY_E_INVAL; /* not a type obj_create makes */
	}
}

/* obj_create(account, type, dst, arg0, arg1) */
int64_t sys_obj_create(SYSCALL_ARGS)
{
	struct cap *acct, *dst;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_ACCOUNT, SKY_RIGHT_WRITE, &acct);
	if (!err)
		err = cap_lookup_empty(my_cspace(), a2, &dst);
	if (err)
		return err;
	struct object *obj;
	err = create((struct account *)acct->obj, acct, a1, a3, a4, &obj);
	if (err)
		return err;
	cap_install(dst, obj, SKY_RIGHTS_ALL, 0); /* takes over the creation reference */
	return 0;
}

int64_t sys_account_info(SYSCALL_ARGS)
{
	struct cap *c;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_ACCOUNT, SKY_RIGHT_READ, &c);
	if (err)
		return err;
	if (a1 % 8)
		return -SKY_E_ALIGN;
	const struct account *a = (const struct account *)c->obj;
	struct sky_account_info info = {
		.limit = { a->limit[ACCOUNT_KMEM], a->limit[ACCOUNT_PAGES],
			   a->limit[ACCOUNT_THREADS] },
		.used = { a->used[ACCOUNT_KMEM], a->used[ACCOUNT_PAGES], a->used[ACCOUNT_THREADS] },
	};
	return copy_to_user(a1, &info, sizeof info);
}
