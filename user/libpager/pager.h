/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/libpager/pager.h: a pager library for user-space memory managers,
 * in the role of the Hurd's libpager.
 *
 * A pager backs one memory object.  pager_create() makes the object's
 * port (a receive right in the library's port set); pager_get_port()
 * makes a send right for a client, who maps it with vm_map().  The
 * kernel then talks memory_object.defs to the port and the library turns
 * each message into calls of the pager's operations:
 *
 *   data_request(offset, length)  ->  read_range()  ->  data_supply,
 *                                     data_unavailable or data_error,
 *                                     covering every page of the request
 *   data_return(offset, data)     ->  write_range()
 *   data_unlock(offset, length)   ->  unlock_range() -> lock_request
 *   no-senders (last mapping gone, object terminated)  ->  clear()
 *
 * Ranges: offset and length are page multiples; a request may be longer
 * than a page (clustered paging), and the library answers every page of
 * it: read_range() may answer a whole range with data, "unavailable" or
 * an error, or say its answer differs inside the range (PAGER_MIXED),
 * and is then asked again page by page.
 *
 * Threads: pager_serve_start(n) runs n threads on the port set; any of
 * them may serve any pager.  Messages of one object are dispatched in
 * the order of their port sequence numbers (the bookkeeping of message
 * k+1 starts after that of message k); the reads and writes themselves
 * run in parallel, except that a read waits for a write of the same page
 * in progress.  Callbacks may block; they must not call pager_return_range()
 * with wait (it waits for a message only a server thread can take).
 *
 * Rights: the library owns the object's receive right and the control
 * and name ports the kernel gives it; the caller owns each send right
 * pager_get_port() returns (deallocate it after vm_map).
 *
 * Design: design/07-pager-protocol.md, "The pager side (user/libpager)".
 */
#ifndef _CM_LIBPAGER_PAGER_H_
#define _CM_LIBPAGER_PAGER_H_

#include <mach.h>
#include <mach/memory_object.h>

struct pager;

/*
 * Results of read_range() besides KERN_SUCCESS (data) and an error code
 * (answered with memory_object_data_error).  Values chosen outside every
 * kern_return_t, MACH_* and MIG_* code, so they never collide.
 */
#define PAGER_UNAVAILABLE	((kern_return_t)0x7a000001)	/* zeros */
#define PAGER_MIXED		((kern_return_t)0x7a000002)	/* split it */

struct pager_ops {
	/*
	 * Reads [offset, offset + length).  Returns KERN_SUCCESS with *buf
	 * set to `length` bytes of page-aligned memory, from
	 * pager_read_buffer() (best) or from vm_allocate (the library gives
	 * those to the kernel, which unmaps them), and *write_lock nonzero
	 * if the data must be read-only until unlocked;
	 * PAGER_UNAVAILABLE (the kernel fills zeros); PAGER_MIXED (the
	 * answer differs inside the range; only for ranges over one page);
	 * or an error code, sent with memory_object_data_error.
	 */
	kern_return_t	(*read_range)(struct pager *pager, vm_offset_t offset,
			    vm_size_t length, void **buf, int *write_lock);
	/*
	 * Writes [offset, offset + length) from buf (the library frees buf
	 * afterwards).  An error is counted and logged; the data is lost.
	 */
	kern_return_t	(*write_range)(struct pager *pager, vm_offset_t offset,
			    vm_size_t length, const void *buf);
	/* Optional.  Allows `access` to a write-locked range; KERN_SUCCESS
	 * unlocks it, anything else answers with data_error.  NULL: allow. */
	kern_return_t	(*unlock_range)(struct pager *pager,
			    vm_offset_t offset, vm_size_t length,
			    vm_prot_t access);
	/* Optional.  The object is gone (no senders left): free what arg
	 * holds.  Runs once, in a server thread, after every other call. */
	void		(*clear)(struct pager *pager);
};

/* Life of a pager (struct pager's state). */
enum pager_state {
	PAGER_STATE_NOT_INIT,	/* created, or terminated: no kernel object */
	PAGER_STATE_READY,	/* init answered with memory_object_ready */
	PAGER_STATE_FREED,	/* no senders: port destroyed, clear() ran */
};

/* Counters, each counting one kind of message or answer. */
struct pager_stats {
	uint64_t	inits;			/* memory_object_init */
	uint64_t	terminates;		/* memory_object_terminate */
	uint64_t	data_requests;		/* memory_object_data_request,
						   accepted (bad ones: bad_messages) */
	uint64_t	pages_requested;	/* pages in those */
	uint64_t	read_calls;		/* read_range() calls */
	uint64_t	supplies;		/* data_supply sent */
	uint64_t	pages_supplied;
	uint64_t	unavailables;		/* data_unavailable sent */
	uint64_t	pages_unavailable;
	uint64_t	errors;			/* data_error sent */
	uint64_t	pages_error;
	uint64_t	unlocks;		/* memory_object_data_unlock */
	uint64_t	data_returns;		/* memory_object_data_return */
	uint64_t	pages_returned;		/* pages in those */
	uint64_t	pages_returned_clean;	/* of those, dirty == FALSE */
	uint64_t	write_errors;		/* write_range() failed */
	uint64_t	lock_completions;	/* memory_object_lock_completed */
	uint64_t	supply_completions;	/* memory_object_supply_completed */
	uint64_t	supply_refusals;	/* of those, result not KERN_SUCCESS */
	uint64_t	change_completions;	/* memory_object_change_completed */
	uint64_t	no_senders;		/* no-senders notifications */
	uint64_t	bad_messages;		/* rejected: wrong control, range,
						   state, or unknown id */
	uint64_t	send_errors;		/* an answer could not be sent */
};

/* One line of the request log (pager_log_enable). */
enum pager_log_kind {
	PAGER_LOG_REQUEST,	/* data_request */
	PAGER_LOG_RETURN,	/* data_return */
	PAGER_LOG_UNLOCK,	/* data_unlock */
};

struct pager_log_entry {
	enum pager_log_kind	kind;
	vm_offset_t		offset;
	vm_size_t		length;
};

/*
 * Creates a pager for `ops` with the caller's `arg` (pager_arg()), its
 * port in the library's port set; may_cache and copy_strategy are what
 * memory_object_ready will say.  Returns NULL on failure.
 */
struct pager *
pager_create(const struct pager_ops *ops, void *arg, boolean_t may_cache,
    memory_object_copy_strategy_t copy_strategy);

void *
pager_arg(struct pager *pager);

/* A new send right to the object port (the caller owns it), or NULL. */
mach_port_t
pager_get_port(struct pager *pager);

/* Starts `threads` server threads on the port set; the count started. */
int
pager_serve_start(int threads);

/* Serves in the calling thread; returns only on a receive error. */
mach_msg_return_t
pager_serve(void);

enum pager_state
pager_get_state(struct pager *pager);

void
pager_get_stats(struct pager *pager, struct pager_stats *stats);

/* Prints every counter as <prefix>.<name>=<value>. */
void
pager_print_stats(struct pager *pager, const char *prefix);

/*
 * With reply nonzero, every data_supply asks the kernel for a
 * memory_object_supply_completed (reply_to: a send-once right to the
 * object port); completions and refusals are counted.  Call before
 * serving starts.
 */
void
pager_set_supply_reply(struct pager *pager, int reply);

/*
 * With precious nonzero, data is supplied precious: the kernel returns
 * every such page before dropping it, even clean (data_return with
 * dirty FALSE).  Call before serving starts.
 */
void
pager_set_precious(struct pager *pager, int precious);

/* Keeps the first max_entries requests, returns and unlocks. */
void
pager_log_enable(struct pager *pager, unsigned int max_entries);

/* Number of entries kept; *entry gets entry i.  Returns 0 past the end. */
unsigned int
pager_log_count(struct pager *pager);

int
pager_log_get(struct pager *pager, unsigned int i,
    struct pager_log_entry *entry);

/* Prints the log as <prefix>.request=<offset>,<length> (and .return=,
 * .unlock=) lines, in arrival order, then <prefix>.log_dropped=N. */
void
pager_print_log(struct pager *pager, const char *prefix);

/*
 * Hold: while set, data_requests are recorded and kept unanswered (no
 * thread waits for them); clearing it answers the kept ones, in order,
 * in the calling thread.
 */
void
pager_set_hold(struct pager *pager, int hold);

/* Requests kept by hold right now. */
unsigned int
pager_held_count(struct pager *pager);

/*
 * Asks the kernel to send back the dirty pages of [offset, offset+length)
 * (memory_object_lock_request, MEMORY_OBJECT_RETURN_DIRTY) and, with
 * flush, to discard its copies.  With wait, returns after
 * memory_object_lock_completed (server threads must be running).
 */
kern_return_t
pager_return_range(struct pager *pager, vm_offset_t offset,
    vm_size_t length, int flush, int wait);

/*
 * Sets may_cache, for the kernel object if there is one (by
 * memory_object_change_attributes; with wait, returns after the
 * kernel's memory_object_change_completed, so server threads must be
 * running) and for every later memory_object_ready.  With may_cache
 * FALSE the kernel terminates a cached object at once, and a mapped one
 * when its last mapping goes.  Returns the send's result.
 */
kern_return_t
pager_change_attributes(struct pager *pager, boolean_t may_cache, int wait);

/* Waits until the pager reaches `state` or timeout_ms passes; returns
 * whether it did. */
int
pager_wait_state(struct pager *pager, enum pager_state state,
    unsigned int timeout_ms);

/* Frees the structure of a PAGER_STATE_FREED pager (never before). */
void
pager_free(struct pager *pager);

/*
 * A buffer for read_range() to fill with `length` bytes and return as
 * *buf.  One page: the calling thread's own, kept across requests; the
 * answer is sent without deallocate (the kernel copies the page, as it
 * would with deallocate too) and no vm_allocate or zero-fill fault is
 * paid again.  Longer: new memory from vm_allocate, sent with deallocate
 * (the kernel moves the pages).  NULL if no memory.  A buffer not
 * returned to the library goes back with pager_read_buffer_free().
 */
void *
pager_read_buffer(struct pager *pager, vm_size_t length);

void
pager_read_buffer_free(struct pager *pager, void *buf, vm_size_t length);

/* Sleeps about ms milliseconds (a receive that times out). */
void
pager_sleep_ms(unsigned int ms);

#endif /* _CM_LIBPAGER_PAGER_H_ */
