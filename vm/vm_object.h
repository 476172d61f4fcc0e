/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_object.h: memory objects: internal (anonymous) ones and external
 * ones backed by a pager (vm/memory_object.c).
 *
 * A vm_object is a container of resident pages indexed by byte offset.
 * Map entries point at (object, offset).  An internal object reads as
 * zeroes where it has no page and no shadow; an external one asks its
 * pager (vm/vm_fault.c).  An object may shadow another: pages it lacks
 * are read from the shadow and copied up on a write (copy-on-write of
 * task_create and of copy mappings; chains kept short by
 * vm/vm_object_collapse.c).  An object that others can write may have
 * a copy object (`copy', vm/vm_object_copy.c): a snapshot that keeps
 * the old contents of each page the object writes after the copy was
 * made (design/05-fault.md, "Copies of memory others can write",
 * K1-K6).  Unused external objects stay in the object cache
 * (vm/vm_object_cache.c).  Design: design/05-vm-lite.md (O1-O3),
 * design/05-fault.md, design/07-pager-protocol.md.
 *
 * Locking: object->lock (a simple lock, no spl) guards the fields so
 * marked below and the resident fields of the object's pages.  The page
 * hash (vm_page_lookup) has its own leaf lock, vm_page_bucket_lock,
 * taken inside the object lock.  Order: map lock -> object lock (an
 * object before its shadow: a copy before its source) -> pmap lock ->
 * bucket lock -> vm_page_lock.  Nothing here blocks.
 */
#ifndef _VM_VM_OBJECT_H_
#define _VM_VM_OBJECT_H_

#include <stdbool.h>
#include <stdint.h>
#include <kern/assert.h>
#include <kern/lock.h>
#include <mach/kern_return.h>
#include <mach/machine/vm_types.h>
#include <mach/vm_param.h>
#include <vm/vm_page.h>

struct ipc_port;

/*
 * Bound on an object's placeholders waiting for its pager (GNU Mach's
 * vm_object_absent_max): a fault beyond it waits for one to end, so a
 * slow pager cannot make the kernel hold unbounded memory for it.
 * 256: above the 200 concurrent faults the tests hold on one object.
 */
#define VM_OBJECT_ABSENT_MAX	256

struct vm_object {
	/* Set at creation, read-only after. */
	vm_size_t		size;		/* bytes, page multiple */
	bool			internal;	/* anonymous, no pager */
	/*
	 * External objects (vm/memory_object.c): the pager's memory object
	 * (a send right), and the two kernel ports the pager knows the
	 * object by: the control port (IKOT_PAGER) and the name port.
	 */
	struct ipc_port		*pager;
	struct ipc_port		*pager_request;
	struct ipc_port		*pager_name;
	/*
	 * Absent pages come from here (read-only).  Changed only by a
	 * collapse (both locked) and, for a copy object, by the next copy
	 * of its source (vm_object_copy_delayed, with this object locked).
	 */
	struct vm_object	*shadow;	/* holds a reference */
	vm_offset_t		shadow_offset;

	/* Guarded by lock. */
	simple_lock_data_t	lock;
	int			ref_count;	/* map entries and copies */
	struct vm_page		*memq;		/* resident pages (listq) */
	unsigned long		resident_page_count;
	/*
	 * Mapped by entries of more than one map (VM_INHERIT_SHARE):
	 * its pages may not be moved out by vm_map_copyin() nor freed by
	 * one map's vm_deallocate() (invariant O2).  Never cleared.
	 */
	bool			shared;
	/*
	 * The newest copy object of this object (K1): not a reference (the
	 * copy holds one on this object as its shadow); cleared when the
	 * copy dies.  Changed with this object and the old copy locked.
	 */
	struct vm_object	*copy;
	/* External objects only, guarded by lock. */
	bool			pager_ready;	/* memory_object_ready came */
	bool			pager_dead;	/* its port died: no answers */
	bool			pager_may_cache;
	int			copy_strategy;
	unsigned int		paging_in_progress; /* requests in flight */
	unsigned int		absent_count;	/* placeholders waiting */
	struct vm_object	*pager_next;	/* vm_object_pager_list */
	/*
	 * The object cache (vm/vm_object_cache.c): kept after its last
	 * reference.  Changed with both object->lock and the cache lock
	 * held; read under either.
	 */
	bool			cached;
	struct vm_object	*cached_next, *cached_prev; /* cache lock */
};

typedef struct vm_object *vm_object_t;
#define VM_OBJECT_NULL	((vm_object_t)0)

void		vm_object_bootstrap(void);
/* A new anonymous object of size bytes, one reference; or NULL. */
vm_object_t	vm_object_allocate(vm_size_t size);
void		vm_object_reference(vm_object_t object);
/*
 * Drops a reference; the last one frees the object and its pages, or
 * puts an external object in the object cache (vm/vm_object_cache.h).
 */
void		vm_object_deallocate(vm_object_t object);
/*
 * Frees the resident pages and the object itself; the caller has dealt
 * with its pager ports and its shadow.  Locks: none held but possibly
 * ipc_lock; the object is unreferenced and unreachable.
 */
void		vm_object_free(vm_object_t object);
/*
 * vm_object_page_walk: calls fn(object, m, arg) for each resident page m
 * of [offset, offset + size), looking pages up by offset or walking memq,
 * whichever is shorter, so the work is bounded by the object's resident
 * pages however large the range (MO1: a mapping at a huge offset makes
 * a huge object).  In offset order when looking up, memq's otherwise.
 * fn may free m or move it to another object, no other page of object.
 * Locks: object locked.
 */
typedef void	(*vm_object_page_fn)(vm_object_t object, struct vm_page *m,
		    void *arg);
static inline void	vm_object_page_walk(vm_object_t object,
			    vm_offset_t offset, vm_size_t size,
			    vm_object_page_fn fn, void *arg);
/* Frees the resident pages in [start, end) (object locked). */
void		vm_object_page_remove(vm_object_t object, vm_offset_t start,
		    vm_offset_t end);
/* Live objects (for leak checks in tests). */
unsigned long	vm_object_count(void);
/*
 * The object of a pager's memory object port: found, or made (and
 * memory_object_init sent).  One more reference either way.  Returns
 * KERN_SUCCESS, KERN_INVALID_ARGUMENT (not a port), or
 * KERN_RESOURCE_SHORTAGE.  Locks: none held; takes ipc_lock briefly.
 */
kern_return_t	vm_object_enter(struct ipc_port *pager, vm_size_t size,
		    vm_object_t *objectp);
/* A new internal object that shadows (copies on write) object. */
vm_object_t	vm_object_shadow_create(vm_object_t object, vm_offset_t offset,
		    vm_size_t size);

/*
 * Shadow chains (vm/vm_object_collapse.c): collapse or bypass object's
 * anonymous shadows while that changes nothing anyone sees; object
 * locked, never unlocked.  The depth of the chain below object.
 */
void		vm_object_collapse(vm_object_t object);
unsigned int	vm_object_shadow_depth(vm_object_t object);

/*
 * Copies of memory others can write (vm/vm_object_copy.c, K1-K6).
 *
 * vm_object_copy_strategically: a private copy of [offset, offset +
 * size) of object, as of now, to map at offset 0 of *result (a new
 * object, one reference): delayed (a copy object, K1) or, for a pager
 * that asked for MEMORY_OBJECT_COPY_NONE and for wired ranges (eager),
 * page by page now.  Never blocks: KERN_ABORTED when an eager copy
 * needs a page that is not resident (the caller, holding no lock,
 * calls vm_object_copy_refault and tries again); else KERN_SUCCESS or
 * KERN_RESOURCE_SHORTAGE.  Locks: none, or map locks; takes object's.
 */
kern_return_t	vm_object_copy_strategically(vm_object_t object,
		    vm_offset_t offset, vm_size_t size, bool eager,
		    vm_object_t *result);
/* Whether a copy of object must be eager (K5).  Takes object's lock. */
bool		vm_object_copy_is_eager(vm_object_t object, bool wired);
/*
 * vm_object_copy_refault: make resident, through the fault path, the
 * pages an eager copy of the range would read; *tries counts the calls
 * of one copy and the VM_MAP_COPYIN_REFAULTS_MAX-th is refused.
 * Locks: none held.  Blocks: yes (vm_fault_object_page).
 * Returns: KERN_SUCCESS (try again), the fault's error, or
 * KERN_MEMORY_FAILURE when the pages keep leaving.
 */
kern_return_t	vm_object_copy_refault(vm_object_t object,
		    vm_offset_t offset, vm_size_t size, unsigned int *tries);
/*
 * vm_object_copy: vm_object_copy_strategically for callers that hold
 * no lock: waits for an external object's memory_object_ready (its
 * copy strategy), and refaults until an eager copy succeeds.
 * Blocks: yes.  Returns as above, never KERN_ABORTED but when the wait
 * was interrupted.
 */
kern_return_t	vm_object_copy(vm_object_t object, vm_offset_t offset,
		    vm_size_t size, vm_object_t *result);
/*
 * vm_object_copy_push: object's page at offset is about to be written
 * (or to become writable): give object's copy, if it has one and lacks
 * that offset, the page's present contents (`contents', a page whose
 * bytes are what object shows at offset).  Object locked throughout.
 */
enum vm_object_push_result {
	VM_OBJECT_PUSH_DONE,		/* nothing to do, or pushed */
	VM_OBJECT_PUSH_NO_PAGE,		/* no free page: wait or fail */
	VM_OBJECT_PUSH_RETRY,		/* copy's lock busy: look again */
};
enum vm_object_push_result vm_object_copy_push(vm_object_t object,
		    vm_offset_t offset, const struct vm_page *contents);
/* Whether object is the live copy of its shadow (K1).  Object locked. */
static inline bool
vm_object_copy_is_live(const struct vm_object *object)
{
	return object->shadow != NULL && object->shadow->copy == object;
}
/* A copy object is dying: its source forgets it (K4).  Unlocked. */
void		vm_object_copy_unlink(vm_object_t object);

/*
 * vm_object_name: a send right to the name port of the object at the
 * bottom of object's shadow chain (GNU Mach's vm_object_name: what
 * vm_region reports, the same port for every mapping of that object):
 * a pager's object has one from vm_object_enter, IP_NULL once its
 * pager is terminated; an anonymous object gets one on first use.
 * Locks: none held, object referenced; takes ipc_lock, then the object
 * locks.  Returns: the right, or IP_NULL (none, or no memory).
 */
struct ipc_port	*vm_object_name(vm_object_t object);

/* The page of object's anonymous shadow chain at offset (vm_object.c). */
struct vm_page	*vm_object_lookup_chain(vm_object_t object, vm_offset_t offset,
		    vm_object_t *page_object);

/*
 * The resident page table: (object, offset) -> page.  All with the
 * object locked.  Pages in objects are counted in vm_page_resident_count.
 */
struct vm_page	*vm_page_lookup(vm_object_t object, vm_offset_t offset);
void		vm_page_insert(struct vm_page *m, vm_object_t object,
		    vm_offset_t offset);
void		vm_page_remove(struct vm_page *m);
/* Moves m from its object to (new_object, new_offset); both locked. */
void		vm_page_rename(struct vm_page *m, vm_object_t new_object,
		    vm_offset_t new_offset);
/* A zeroed page inserted at (object, offset), or NULL (no memory). */
struct vm_page	*vm_page_alloc_zero(vm_object_t object, vm_offset_t offset);
/* Removes m from its object and gives it back to the free lists. */
void		vm_page_free(struct vm_page *m);

extern unsigned long vm_page_resident_count;

/*
 * vm_object_page_walk (declared above): inline, so that each caller's
 * fn is inlined into its loop (the out-of-line move and the page frees
 * of vm_deallocate run it once a page).
 */
static inline void
vm_object_page_walk(vm_object_t object, vm_offset_t offset, vm_size_t size,
    vm_object_page_fn fn, void *arg)
{
	struct vm_page *m, *next;

	assert(simple_lock_taken(&object->lock));
	if (size / PAGE_SIZE < object->resident_page_count) {
		for (vm_offset_t pos = 0; pos < size; pos += PAGE_SIZE) {
			m = vm_page_lookup(object, offset + pos);
			if (m != NULL)
				fn(object, m, arg);
		}
		return;
	}
	for (m = object->memq; m != NULL; m = next) {
		next = m->listq_next;
		if (m->offset >= offset && m->offset - offset < size)
			fn(object, m, arg);
	}
}

#endif /* _VM_VM_OBJECT_H_ */
