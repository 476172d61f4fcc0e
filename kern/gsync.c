/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/gsync.c: gsync_wait / gsync_wake / gsync_requeue (gnumach.defs),
 * the sleeping half of user-space locks.
 *
 * A waiter names a 32-bit word by (task, address).  gsync_wait sleeps
 * only if the word still holds the value the caller saw (two words with
 * GSYNC_QUAD); gsync_wake wakes one waiter of the word, or all of them
 * (GSYNC_BROADCAST), after storing a new value if asked (GSYNC_MUTATE);
 * gsync_requeue moves the waiters of one word to another.
 *
 * The key of a word is (map, address) for a task-local word, and
 * (GSYNC_KEY_PHYSICAL, physical address) with GSYNC_SHARED, so that tasks
 * sharing the page find each other.  GNU Mach keys shared words by
 * (vm_object, offset); our simple VM never pages out, so a mapped page
 * keeps its physical address and the physical address is the simpler
 * equal.  Issue 5 (pageout) must go back to (object, offset).
 *
 * Waiters sit in a small hash of queues, one struct gsync_waiter each on
 * the waiting thread's stack (the wait keeps the stack: thread_block()
 * without a continuation; the MIG stub above us needs its frame back).
 * Each waits on its own event, the address of its gsync_waiter.
 *
 *   G1. A waiter is on the queue of the bucket of its key iff it has
 *       been neither woken nor given up (woken == false and linked).
 *   G2. The value check and the enqueue happen under gsync_lock, and
 *       gsync_wake stores and wakes under gsync_lock: a wake that follows
 *       the store of a new value cannot miss a waiter that saw the old one.
 *
 * Locking: gsync_lock (one simple lock for all buckets; a uniprocessor
 * needs no finer one) -> map lock (taken inside copyin/copyout and
 * vm_map_resolve) -> sched_lock (inside assert_wait and the wakeups).
 * Nothing is held across thread_block().
 * Design: design/13-kernel-objects.md, "gsync".
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/assert.h>
#include <kern/cpu.h>
#include <kern/gsync.h>
#include <kern/lock.h>
#include <kern/mig/gnumach_server.h>
#include <kern/queue.h>
#include <kern/sched_prim.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <mach/vm_prot.h>
#include <vm/vm_map.h>
#include <x86_64/copyio.h>
#include <x86_64/pic.h>

/* Buckets of the waiter hash; a power of two.  64 is plenty for tests. */
#define GSYNC_BUCKETS		64
/* First half of a shared word's key: never a map's address. */
#define GSYNC_KEY_PHYSICAL	((uintptr_t)1)

struct gsync_key {
	uintptr_t	space;	/* the map, or GSYNC_KEY_PHYSICAL */
	uintptr_t	address;	/* user address, or physical address */
};

struct gsync_waiter {
	queue_chain_t		links;	/* on its bucket (G1) */
	struct gsync_key	key;
	bool			woken;	/* by the waker, under gsync_lock */
};

static simple_lock_data_t gsync_lock = SIMPLE_LOCK_INITIALIZER("gsync");
/* Guarded by gsync_lock. */
static queue_head_t gsync_buckets[GSYNC_BUCKETS];
static bool gsync_buckets_ready;
unsigned long gsync_waiters_current;

static queue_head_t *
gsync_bucket(const struct gsync_key *key)
{
	uint64_t h = (key->space ^ (key->address >> 2)) * 0x9e3779b97f4a7c15ull;

	if (!gsync_buckets_ready) {
		for (int i = 0; i < GSYNC_BUCKETS; i++)
			queue_init(&gsync_buckets[i]);
		gsync_buckets_ready = true;
	}
	return &gsync_buckets[h >> 58];	/* top 6 bits: 64 buckets */
}

static bool
gsync_key_equal(const struct gsync_key *a, const struct gsync_key *b)
{
	return a->space == b->space && a->address == b->address;
}

/*
 * gsync_key_make: the key of the word at addr in task, which must be
 * mapped with access (demand-zero pages are filled on the way).
 * Returns: KERN_SUCCESS; KERN_INVALID_TASK; KERN_INVALID_ADDRESS
 * (unaligned, unmapped, or without access).
 * Locks: none needed; takes the map lock.
 */
static kern_return_t
gsync_key_make(task_t task, vm_offset_t addr, int flags, vm_prot_t access,
    struct gsync_key *key)
{
	phys_addr_t pa;

	if (task == TASK_NULL)
		return KERN_INVALID_TASK;
	if (addr % sizeof(uint32_t) != 0)
		return KERN_INVALID_ADDRESS;
	if (vm_map_resolve(task->map, addr, access, &pa) != KERN_SUCCESS)
		return KERN_INVALID_ADDRESS;
	if (flags & GSYNC_QUAD) {
		phys_addr_t pa2;

		if (vm_map_resolve(task->map, addr + sizeof(uint32_t), access,
		    &pa2) != KERN_SUCCESS)
			return KERN_INVALID_ADDRESS;
	}
	if (flags & GSYNC_SHARED) {
		key->space = GSYNC_KEY_PHYSICAL;
		key->address = (uintptr_t)pa;
	} else {
		key->space = (uintptr_t)task->map;
		key->address = addr;
	}
	return KERN_SUCCESS;
}

/* Clock ticks for a timeout of msec milliseconds: rounded up, at least 1. */
static uint64_t
gsync_timeout_ticks(natural_t msec)
{
	uint64_t ticks = ((uint64_t)msec * CLOCK_HZ + 999) / 1000;

	return ticks > 0 ? ticks : 1;
}

/* Wakes waiter (gsync_lock held): G1 ends for it. */
static void
gsync_waiter_wake(struct gsync_waiter *waiter)
{
	queue_remove(&waiter->links);
	waiter->woken = true;
	gsync_waiters_current--;
	thread_wakeup_one((event_t)waiter);
}

/*
 * gsync_wait: sleeps until a gsync_wake on the word at addr, if the word
 * holds val1 (and the next one val2 with GSYNC_QUAD).
 * Returns: KERN_SUCCESS when woken; KERN_INVALID_ARGUMENT if the value
 * differs (at once, GNU Mach's answer); KERN_TIMEDOUT (GSYNC_TIMED, msec
 * passed); KERN_INTERRUPTED (thread_abort, termination);
 * KERN_INVALID_TASK; KERN_INVALID_ADDRESS.
 * Blocks: yes, without a continuation (see the top of this file).
 */
kern_return_t
gsync_wait(task_t task, vm_address_t addr, unsigned val1, unsigned val2,
    natural_t msec, int flags)
{
	struct gsync_waiter waiter = { .woken = false };
	uint32_t value[2] = { 0, 0 };
	size_t len = (flags & GSYNC_QUAD) ? 8 : 4;
	thread_t self = current_thread();
	kern_return_t kr;

	kr = gsync_key_make(task, addr, flags, VM_PROT_READ, &waiter.key);
	if (kr != KERN_SUCCESS)
		return kr;
	simple_lock(&gsync_lock);
	if (!copyin(task->map, addr, value, len)) {
		simple_unlock(&gsync_lock);
		return KERN_INVALID_ADDRESS;
	}
	if (value[0] != val1 || ((flags & GSYNC_QUAD) && value[1] != val2)) {
		simple_unlock(&gsync_lock);
		return KERN_INVALID_ARGUMENT;
	}
	queue_enter(gsync_bucket(&waiter.key), &waiter.links);
	gsync_waiters_current++;
	assert_wait((event_t)&waiter, true);
	if (flags & GSYNC_TIMED)
		thread_set_timeout(gsync_timeout_ticks(msec));
	simple_unlock(&gsync_lock);
	thread_block(NULL);

	simple_lock(&gsync_lock);
	if (waiter.woken) {
		kr = KERN_SUCCESS;	/* even if a timeout raced the wake */
	} else {
		queue_remove(&waiter.links);
		gsync_waiters_current--;
		kr = self->wait_result == THREAD_TIMED_OUT ? KERN_TIMEDOUT :
		    KERN_INTERRUPTED;
	}
	simple_unlock(&gsync_lock);
	return kr;
}

/*
 * gsync_wake: wakes the first waiter of the word at addr (every one with
 * GSYNC_BROADCAST), after storing val there with GSYNC_MUTATE.
 * Returns: KERN_SUCCESS if it woke a thread; KERN_INVALID_ARGUMENT if
 * none waited (the store is done anyway, as on GNU Mach);
 * KERN_INVALID_TASK; KERN_INVALID_ADDRESS.
 */
kern_return_t
gsync_wake(task_t task, vm_address_t addr, unsigned val, int flags)
{
	struct gsync_key key;
	queue_head_t *bucket;
	queue_chain_t *e, *next;
	uint32_t value = val;
	kern_return_t kr;
	bool woke = false;

	kr = gsync_key_make(task, addr, flags & ~GSYNC_QUAD,
	    (flags & GSYNC_MUTATE) ? VM_PROT_READ | VM_PROT_WRITE :
	    VM_PROT_READ, &key);
	if (kr != KERN_SUCCESS)
		return kr;
	simple_lock(&gsync_lock);
	if ((flags & GSYNC_MUTATE) &&
	    !copyout(task->map, &value, addr, sizeof(value))) {
		simple_unlock(&gsync_lock);
		return KERN_INVALID_ADDRESS;
	}
	bucket = gsync_bucket(&key);
	for (e = bucket->next; e != bucket; e = next) {
		struct gsync_waiter *waiter =
		    queue_containing(e, struct gsync_waiter, links);

		next = e->next;
		if (!gsync_key_equal(&waiter->key, &key))
			continue;
		gsync_waiter_wake(waiter);
		woke = true;
		if (!(flags & GSYNC_BROADCAST))
			break;
	}
	simple_unlock(&gsync_lock);
	return woke ? KERN_SUCCESS : KERN_INVALID_ARGUMENT;
}

/*
 * gsync_requeue: moves every waiter of the word at src_addr to the word
 * at dst_addr, first waking one of them if wake_one.
 * Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT if nobody waited on src;
 * KERN_INVALID_TASK; KERN_INVALID_ADDRESS.
 */
kern_return_t
gsync_requeue(task_t task, vm_address_t src_addr, vm_address_t dst_addr,
    boolean_t wake_one, int flags)
{
	struct gsync_key src, dst;
	queue_head_t *src_bucket, *dst_bucket;
	queue_chain_t *e, *next;
	bool found = false;
	kern_return_t kr;

	kr = gsync_key_make(task, src_addr, flags & ~GSYNC_QUAD, VM_PROT_READ,
	    &src);
	if (kr == KERN_SUCCESS)
		kr = gsync_key_make(task, dst_addr, flags & ~GSYNC_QUAD,
		    VM_PROT_READ, &dst);
	if (kr != KERN_SUCCESS)
		return kr;
	simple_lock(&gsync_lock);
	src_bucket = gsync_bucket(&src);
	dst_bucket = gsync_bucket(&dst);
	for (e = src_bucket->next; e != src_bucket; e = next) {
		struct gsync_waiter *waiter =
		    queue_containing(e, struct gsync_waiter, links);

		next = e->next;
		if (!gsync_key_equal(&waiter->key, &src))
			continue;
		if (!found && wake_one) {
			gsync_waiter_wake(waiter);
		} else if (!gsync_key_equal(&src, &dst)) {
			/* Waiters keep their order on the new word. */
			queue_remove(&waiter->links);
			waiter->key = dst;
			queue_enter(dst_bucket, &waiter->links);
		}
		found = true;
	}
	simple_unlock(&gsync_lock);
	return found ? KERN_SUCCESS : KERN_INVALID_ARGUMENT;
}
