/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/queue.h: circular doubly linked lists with a head element, in
 * GNU Mach's vocabulary (queue_chain_t, queue_enter, queue_remove), as
 * static inline functions over an embedded chain.
 */
#ifndef _KERN_QUEUE_H_
#define _KERN_QUEUE_H_

#include <stdbool.h>
#include <stddef.h>

struct queue_entry {
	struct queue_entry	*next, *prev;
};
typedef struct queue_entry queue_head_t;
typedef struct queue_entry queue_chain_t;

#define queue_containing(ptr, type, field) \
	((type *)((char *)(ptr) - offsetof(type, field)))

static inline void
queue_init(queue_head_t *q)
{
	q->next = q->prev = q;
}

static inline bool
queue_empty(const queue_head_t *q)
{
	return q->next == q;
}

/* Appends e at the tail of q. */
static inline void
queue_enter(queue_head_t *q, queue_chain_t *e)
{
	e->prev = q->prev;
	e->next = q;
	q->prev->next = e;
	q->prev = e;
}

/* Inserts e at the head of q. */
static inline void
queue_enter_first(queue_head_t *q, queue_chain_t *e)
{
	e->next = q->next;
	e->prev = q;
	q->next->prev = e;
	q->next = e;
}

static inline void
queue_remove(queue_chain_t *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->next = e->prev = NULL;
}

/* Removes and returns the head of q, or NULL when q is empty. */
static inline queue_chain_t *
queue_dequeue_head(queue_head_t *q)
{
	queue_chain_t *e;

	if (queue_empty(q))
		return NULL;
	e = q->next;
	queue_remove(e);
	return e;
}

static inline bool
queue_linked(const queue_chain_t *e)
{
	return e->next != NULL;
}

#endif /* _KERN_QUEUE_H_ */
