/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/libpager/pager_priv.h: struct pager and the library's internals.
 *
 * Files: pager.c (creation, the port table, the demux, turns, waits,
 * log and counters), pager_object.c (init, terminate, no-senders,
 * completions, lock requests), pager_data.c (data_request, data_unlock,
 * data_return, hold).
 *
 * Locking: pager_table_lock, then one pager's lock; nothing else is
 * taken with either, and neither is held across an RPC or a callback.
 */
#ifndef _CM_LIBPAGER_PAGER_PRIV_H_
#define _CM_LIBPAGER_PAGER_PRIV_H_

#include <cmuser.h>
#include <cmtest.h>
#include <cthreads.h>
#include "pager.h"

#define PAGER_PAGE_BYTES	4096UL

/* Writes in progress at once per pager; more wait for a slot. */
#define PAGER_WRITES_MAX	32

/* Lock requests waited for at once per pager. */
#define PAGER_LOCK_WAITS_MAX	8

/* Send urefs to the control port that requests brought and that are
 * kept, to be given back in one mach_port_mod_refs: a request's own
 * mach_port_deallocate cost about 2,250 instructions (design/11). */
#define PAGER_CONTROL_UREFS_BATCH	64

/* Largest message a server thread receives: memory_object messages are
 * at most 112 bytes (data comes out of line), notifications smaller. */
#define PAGER_MSG_MAX_BYTES	1024

struct pager_range {
	vm_offset_t	offset;
	vm_size_t	length;
	int		in_use;
};

struct pager_held {
	vm_offset_t	offset;
	vm_size_t	length;
	mach_port_t	control;	/* holds one send uref */
};

struct pager_lock_wait {
	vm_offset_t	offset;
	vm_size_t	length;
	int		in_use;
	int		done;
};

/*
 * struct pager: one memory object.  LP1: messages of the object have
 * their bookkeeping done in port sequence order: a handler runs its
 * checks and state changes between pager_turn_take(seqno) and
 * pager_turn_release(), and next_seqno is the next one allowed in.
 */
struct pager {
	/* Set by pager_create(); read-only afterwards. */
	const struct pager_ops	*ops;
	void			*arg;
	mach_port_t		port;		/* receive right, in the set */
	memory_object_copy_strategy_t copy_strategy;
	/* Set by pager_set_supply_reply() and pager_set_precious() before
	 * serving; read-only then. */
	int			supply_reply;
	int			precious;

	/* Guarded by lock. */
	cm_mutex_t		lock;
	boolean_t		may_cache;	/* what ready says */
	enum pager_state	state;
	mach_port_seqno_t	next_seqno;	/* LP1 */
	mach_port_t		control;	/* from init: one send uref */
	unsigned int		control_urefs_kept; /* more, from requests */
	mach_port_t		name;		/* from init: one send uref */
	mach_port_mscount_t	mscount;	/* send rights made */
	int			busy;		/* reads/writes in flight */
	struct pager_range	writes[PAGER_WRITES_MAX];
	struct pager_lock_wait	lock_waits[PAGER_LOCK_WAITS_MAX];
	int			hold;
	struct pager_held	*held;
	unsigned int		held_count, held_max;
	struct pager_stats	stats;
	struct pager_log_entry	*log;
	unsigned int		log_count, log_max, log_dropped;

	/* Bumped (under lock) at every change a waiter may be waiting
	 * for: a turn released, a write or read done, a lock request
	 * completed, a state change; gsync_wake'd only if waiters > 0. */
	volatile unsigned int	wake_word;
	unsigned int		waiters;	/* in pager_wait_locked */
};

/* The demux of the MIG server stub made from memory_object.defs with
 * SEQNOS (user/Makefrag.am); its header declares only the handlers. */
boolean_t
seqnos_memory_object_server(mach_msg_header_t *in, mach_msg_header_t *out);

/* pager.c */
struct pager *
pager_lookup(mach_port_t port);

void
pager_turn_take(struct pager *p, mach_port_seqno_t seqno);

void
pager_turn_release(struct pager *p, mach_port_seqno_t seqno);

void
pager_wait_locked(struct pager *p);

void
pager_wake_locked(struct pager *p);

void
pager_log_add_locked(struct pager *p, enum pager_log_kind kind,
    vm_offset_t offset, vm_size_t length);

int
pager_check_range(struct pager *p, const char *what, mach_port_t control,
    vm_offset_t offset, vm_size_t length);

void
pager_table_remove(struct pager *p);

void
pager_control_release_locked(struct pager *p, mach_port_t control,
    mach_port_t *release, unsigned int *release_urefs);

void
pager_control_release_finish(mach_port_t release, unsigned int release_urefs);

/* pager_data.c */
int
pager_read_buffer_is_kept(const void *buf);

void
pager_answer_read(struct pager *p, mach_port_t control, vm_offset_t offset,
    vm_size_t length);

/* pager_object.c */
void
pager_no_senders(struct pager *p, mach_port_seqno_t seqno,
    mach_port_mscount_t mscount);

#endif /* _CM_LIBPAGER_PAGER_PRIV_H_ */
