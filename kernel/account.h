/*
 * account.h — resource accounts. Every object, page and thread is charged
 * to an account; accounts form a tree, and a charge must fit the limits of
 * the account and of every account above it. Exceeding a limit is an error
 * (SKY_E_QUOTA) that changes nothing; freeing gives the charge back.
 * Containers will build on these.
 */
#ifndef KERNEL_ACCOUNT_H
#define KERNEL_ACCOUNT_H

#include <stdint.h>

#include "object.h"

enum account_resource { ACCOUNT_KMEM, ACCOUNT_PAGES, ACCOUNT_THREADS, ACCOUNT_RESOURCES };

struct account {
	struct object obj;
	struct account *parent; /* holds a reference; NULL for the root */
	uint64_t limit[ACCOUNT_RESOURCES];
	uint64_t used[ACCOUNT_RESOURCES]; /* including everything charged below */
};

/* The root account, limited only by the machine. */
struct account *account_root(void);
void account_init_root(uint64_t kmem_bytes, uint64_t pages, uint64_t threads);

/* A child of parent with the given limits, charged to parent. */
int account_create(struct account *parent, const uint64_t limit[ACCOUNT_RESOURCES],
		   struct account **out);
/* 0, or -SKY_E_QUOTA (nothing charged) if any account up the tree would exceed its limit. */
int account_charge(struct account *a, enum account_resource r, uint64_t amount);
void account_uncharge(struct account *a, enum account_resource r, uint64_t amount);

#endif
