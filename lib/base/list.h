/*
 * list.h — intrusive circular doubly linked lists. A node lives inside the
 * object it links; an unlinked node points at itself, so list_linked() tells
 * whether an object is on some list and list_remove() is safe to repeat.
 */
#ifndef BASE_LIST_H
#define BASE_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list {
	struct list *next, *prev;
};

#define LIST_INIT(name)                                                                            \
	{                                                                                          \
		&(name), &(name)                                                                   \
	}
#define list_entry(node, type, member) ((type *)((char *)(node)-offsetof(type, member)))
#define list_for_each(pos, head)                                                                   \
	for (struct list *pos = (head)->next; pos != (head); pos = pos->next)
/* Safe against removal of pos inside the loop body. */
#define list_for_each_safe(pos, head)                                                              \
	for (struct list *pos = (head)->next, *pos##_next = pos->next; pos != (head);              \
	     pos = pos##_next, pos##_next = pos->next)

static inline void list_init(struct list *l)
{
	l->next = l->prev = l;
}

static inline bool list_empty(const struct list *l)
{
	return l->next == l;
}

static inline bool list_linked(const struct list *node)
{
	return node->next != node;
}

static inline void list_insert_between(struct list *node, struct list *prev, struct list *next)
{
	node->prev = prev;
	node->next = next;
	prev->next = node;
	next->prev = node;
}

static inline void list_push_back(struct list *head, struct list *node)
{
	list_insert_between(node, head->prev, head);
}

static inline void list_push_front(struct list *head, struct list *node)
{
	list_insert_between(node, head, head->next);
}

static inline void list_remove(struct list *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	list_init(node);
}

static inline struct list *list_pop_front(struct list *head)
{
	if (list_empty(head))
		return NULL;
	struct list *node = head->next;
	list_remove(node);
	return node;
}

#endif
