/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_object.c: anonymous memory objects and the resident page table.
 *
 * Owns struct vm_object (see vm/vm_object.h for what it is and is not
 * yet), its kmem cache, and the hash from (object, offset) to struct vm_page
 * that GNU Mach keeps in vm/vm_resident.c (it moves there with issue 5,
 * when pages also join the active/inactive queues).
 *
 * Invariants (design/05-vm-lite.md):
 *   O1  a page is in an object (m->tabled) exactly when it is on that
 *       object's memq and in the hash; offsets are page aligned and
 *       below object->size; one page per (object, offset).
 *   O2  an object that is not `shared' is mapped by entries of one map
 *       whose offset ranges do not overlap, so the pages of a range
 *       belong to that range alone: deallocating the range may free
 *       them and vm_map_copyin() may move them.
 *   O3  an absent page of an internal object reads as zeroes.
 *
 * Locking: object->lock guards the object's fields and the resident
 * fields (object, offset, listq, tabled) of its pages.
 * vm_page_bucket_lock guards the hash chains; a leaf taken inside an
 * object lock.  Neither is taken with spl raised: no interrupt handler
 * touches objects.  Never held across thread_block().
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/debug.h>
#include <kern/slab.h>
#include <kern/string.h>
#include <ipc/ipc_port.h>
#include <mach/vm_param.h>
#include <vm/memory_object.h>
#include <vm/vm_object.h>
#include <vm/vm_object_cache.h>
#include <vm/vm_pageout.h>

/* 4096 chains: 1 MiB messages (256 pages) stay a few pages per chain. */
#define VM_PAGE_BUCKETS		4096

static struct vm_page *vm_page_buckets[VM_PAGE_BUCKETS];
static simple_lock_data_t vm_page_bucket_lock =
    SIMPLE_LOCK_INITIALIZER("vm_page_bucket");
static struct kmem_cache vm_object_cache;
static unsigned long vm_object_live;		/* atomic */
unsigned long vm_page_resident_count;		/* atomic */

void
vm_object_bootstrap(void)
{
	kmem_cache_init(&vm_object_cache, "vm_object",
	    sizeof(struct vm_object), 0, NULL, 0);
}

static inline unsigned int
vm_page_hash(vm_object_t object, vm_offset_t offset)
{
	uint64_t h = ((uint64_t)(uintptr_t)object >> 6) +
	    (offset >> PAGE_SHIFT) * 0x9e3779b97f4a7c15ULL;

	return (unsigned int)((h ^ (h >> 29)) % VM_PAGE_BUCKETS);
}

/*
 * vm_page_lookup: the resident page of object at offset.
 * Locks: object locked; takes the bucket lock.
 * Returns: the page, or NULL if absent.
 */
struct vm_page *
vm_page_lookup(vm_object_t object, vm_offset_t offset)
{
	struct vm_page *m;

	assert(simple_lock_taken(&object->lock));
	simple_lock(&vm_page_bucket_lock);
	for (m = vm_page_buckets[vm_page_hash(object, offset)]; m != NULL;
	    m = m->hash_next)
		if (m->object == object && m->offset == offset)
			break;
	simple_unlock(&vm_page_bucket_lock);
	return m;
}

/*
 * vm_page_insert: put m (not in any object) at (object, offset).
 * Locks: object locked; takes the bucket lock.
 */
void
vm_page_insert(struct vm_page *m, vm_object_t object, vm_offset_t offset)
{
	struct vm_page **bucket;

	assert(simple_lock_taken(&object->lock));
	assert(!m->tabled && (offset & PAGE_MASK) == 0 &&
	    offset < object->size);
	m->object = object;
	m->offset = offset;
	bucket = &vm_page_buckets[vm_page_hash(object, offset)];
	simple_lock(&vm_page_bucket_lock);
	m->hash_next = *bucket;
	*bucket = m;
	simple_unlock(&vm_page_bucket_lock);
	m->listq_prev = NULL;
	m->listq_next = object->memq;
	if (object->memq != NULL)
		object->memq->listq_prev = m;
	object->memq = m;
	object->resident_page_count++;
	m->tabled = 1;
	__atomic_add_fetch(&vm_page_resident_count, 1, __ATOMIC_RELAXED);
}

/*
 * vm_page_remove: take m out of its object (the page stays allocated).
 * Locks: m's object locked; takes the bucket lock.
 */
void
vm_page_remove(struct vm_page *m)
{
	vm_object_t object = m->object;
	struct vm_page **link;

	assert(m->tabled && object != NULL);
	assert(simple_lock_taken(&object->lock));
	vm_page_dequeue(m);		/* off the pageout queues */
	simple_lock(&vm_page_bucket_lock);
	for (link = &vm_page_buckets[vm_page_hash(object, m->offset)];
	    *link != m; link = &(*link)->hash_next)
		assert(*link != NULL);
	*link = m->hash_next;
	simple_unlock(&vm_page_bucket_lock);
	if (m->listq_prev != NULL)
		m->listq_prev->listq_next = m->listq_next;
	else
		object->memq = m->listq_next;
	if (m->listq_next != NULL)
		m->listq_next->listq_prev = m->listq_prev;
	object->resident_page_count--;
	m->hash_next = m->listq_next = m->listq_prev = NULL;
	m->object = NULL;
	m->offset = 0;
	m->tabled = 0;
	__atomic_sub_fetch(&vm_page_resident_count, 1, __ATOMIC_RELAXED);
}

/*
 * vm_page_rename: move m to (new_object, new_offset) without touching
 * its contents: how out-of-line pages change hands.
 * Locks: both objects locked.
 */
void
vm_page_rename(struct vm_page *m, vm_object_t new_object,
    vm_offset_t new_offset)
{
	vm_page_remove(m);
	vm_page_insert(m, new_object, new_offset);
}

/*
 * vm_page_alloc_zero: a zeroed page at (object, offset).
 * Locks: object locked; takes vm_page_lock inside.
 * Returns: the page, or NULL when memory is exhausted.
 */
struct vm_page *
vm_page_alloc_zero(vm_object_t object, vm_offset_t offset)
{
	struct vm_page *m = vm_page_grab();

	if (m == NULL)
		return NULL;
	vm_page_zero(m);
	vm_page_insert(m, object, offset);
	return m;
}

/*
 * vm_page_free: remove m from its object and free it.
 * Locks: m's object locked.
 */
void
vm_page_free(struct vm_page *m)
{
	vm_page_remove(m);
	if (m->wire_count != 0)		/* W1 says never: keep the count */
		__atomic_sub_fetch(&vm_page_wire_count, 1, __ATOMIC_RELAXED);
	m->wire_count = 0;
	m->busy = m->absent = m->wanted = m->error = 0;
	m->dirty = m->precious = 0;
	m->page_lock = m->unlock_request = VM_PROT_NONE;
	m->unlock_refused = 0;
	vm_page_release(m);
}

/*
 * vm_object_allocate: a new internal object of size bytes (rounded up
 * to pages), all pages absent (zero), one reference.
 * Locks: none held needed; takes a cache lock.
 * Returns: the object, or NULL when memory is exhausted.
 */
vm_object_t
vm_object_allocate(vm_size_t size)
{
	vm_object_t object = kmem_cache_alloc(&vm_object_cache);

	if (object == NULL)
		return VM_OBJECT_NULL;
	memset(object, 0, sizeof(*object));
	simple_lock_init(&object->lock, "vm_object");
	object->size = round_page(size);
	object->internal = true;
	object->ref_count = 1;
	__atomic_add_fetch(&vm_object_live, 1, __ATOMIC_RELAXED);
	return object;
}

/*
 * vm_object_reference: one more reference.
 * Locks: takes and drops object->lock.
 */
void
vm_object_reference(vm_object_t object)
{
	if (object == VM_OBJECT_NULL)
		return;
	simple_lock(&object->lock);
	/* A cached object stays cached: a transient reference (C1). */
	assert(object->ref_count > 0 || object->cached);
	object->ref_count++;
	simple_unlock(&object->lock);
}

/* One page of vm_object_page_remove.  Object locked. */
static void
vm_object_page_remove_one(vm_object_t object, struct vm_page *m, void *arg)
{
	(void)object;
	(void)arg;
	vm_page_free(m);
}

/*
 * vm_object_page_remove: free every resident page in [start, end),
 * through vm_object_page_walk: a small range of a big object and a big
 * sparse range are both cheap.  Locks: object locked.
 */
void
vm_object_page_remove(vm_object_t object, vm_offset_t start,
    vm_offset_t end)
{
	vm_object_page_walk(object, start, end - start,
	    vm_object_page_remove_one, NULL);
}

/*
 * vm_object_name_release: an anonymous object's name port (made by
 * vm_object_name) goes with the object.  ipc_lock is taken unless this
 * thread holds it already (a message destroyed under it may hold the
 * last reference); vm_object_collapse frees a backing object with the
 * upper one locked, the one place ipc_lock follows an object lock
 * (design/locking.md, "What SMP would change").
 */
static void
vm_object_name_release(vm_object_t object)
{
	bool held = simple_lock_held_here(&ipc_lock);

	if (!object->internal || object->pager_name == IP_NULL)
		return;
	if (!held)
		ipc_lock_take();
	ipc_port_dealloc_kernel(object->pager_name);
	if (!held)
		ipc_lock_release();
	object->pager_name = IP_NULL;
}

void
vm_object_free(vm_object_t object)
{
	vm_object_name_release(object);
	simple_lock(&object->lock);
	assert(object->ref_count == 0 && !object->cached);
	while (object->memq != NULL)
		vm_page_free(object->memq);
	simple_unlock(&object->lock);
	kmem_cache_free(&vm_object_cache, object);
	__atomic_sub_fetch(&vm_object_live, 1, __ATOMIC_RELAXED);
}

/*
 * vm_object_deallocate: drop a reference; the last frees every page and
 * the object, unless the object cache keeps it.
 * Locks: takes and drops object->lock; the caller holds no object lock.
 */
void
vm_object_deallocate(vm_object_t object)
{
	vm_object_t shadow;
	bool cached;

	if (object == VM_OBJECT_NULL)
		return;
	simple_lock(&object->lock);
	assert(object->ref_count > 0);
	if (--object->ref_count > 0) {
		/*
		 * One holder left: the objects below may be down to one
		 * holder too (vm/vm_object_collapse.c).
		 */
		if (object->ref_count == 1 && object->internal &&
		    object->shadow != VM_OBJECT_NULL)
			vm_object_collapse(object);
		simple_unlock(&object->lock);
		return;
	}
	cached = vm_object_cache_insert(object);
	simple_unlock(&object->lock);
	if (cached) {
		vm_object_cache_trim();
		return;
	}
	/*
	 * External: dirty pages go back, the pager learns the end; or, short
	 * of memory for that, the pageout daemon finishes and frees it.
	 */
	if (!object->internal && object->pager != NULL &&
	    !memory_object_release(object))
		return;
	shadow = object->shadow;
	if (object->internal && shadow != VM_OBJECT_NULL)
		vm_object_copy_unlink(object);	/* K4: before the free */
	vm_object_free(object);
	vm_object_deallocate(shadow);
}

/*
 * vm_object_shadow_create: a new internal object over object: pages it
 * lacks are read from object at offset + the same offset, and a write
 * copies the page up first (vm/vm_fault.c).  Takes over the caller's
 * reference to object.
 * Returns: the shadow, or NULL without memory (the reference is then
 * dropped).
 */
vm_object_t
vm_object_shadow_create(vm_object_t object, vm_offset_t offset,
    vm_size_t size)
{
	vm_object_t shadow = vm_object_allocate(size);

	if (shadow == VM_OBJECT_NULL) {
		vm_object_deallocate(object);
		return VM_OBJECT_NULL;
	}
	shadow->shadow = object;
	shadow->shadow_offset = offset;
	return shadow;
}

/*
 * vm_object_lookup_chain: the page at (object, offset) as a fault that
 * need not wait would find it: in object, else in its shadows while
 * they are anonymous (whose pages are never paged out, so resident or
 * never written).  Stops at an external object: its pages may need a
 * pager, which only vm_fault() can wait for.
 * Locks: object locked on entry and on return; *page_object (when it
 * is not object) is returned locked too, and the caller unlocks both.
 * Returns: the page (*page_object set), or NULL: *page_object is then
 * object if the whole chain is anonymous and lacks the page (a zero
 * fill belongs in object), or VM_OBJECT_NULL if a pager is involved.
 */
struct vm_page *
vm_object_lookup_chain(vm_object_t object, vm_offset_t offset,
    vm_object_t *page_object)
{
	vm_object_t cur = object, next;
	struct vm_page *m;

	assert(simple_lock_taken(&object->lock));
	for (;;) {
		m = vm_page_lookup(cur, offset);
		if (m != NULL || !cur->internal || cur->shadow == NULL)
			break;
		next = cur->shadow;
		offset += cur->shadow_offset;
		simple_lock(&next->lock);	/* top before shadow */
		if (cur != object)
			simple_unlock(&cur->lock);
		cur = next;
	}
	if (m != NULL) {
		*page_object = cur;
		return m;
	}
	if (cur != object)
		simple_unlock(&cur->lock);
	*page_object = cur->internal ? object : VM_OBJECT_NULL;
	return NULL;
}

unsigned long
vm_object_count(void)
{
	return __atomic_load_n(&vm_object_live, __ATOMIC_RELAXED);
}

/* The bottom of object's shadow chain, locked.  Locks: object unlocked. */
static vm_object_t
vm_object_chain_bottom(vm_object_t object)
{
	vm_object_t next;

	simple_lock(&object->lock);
	while ((next = object->shadow) != VM_OBJECT_NULL) {
		simple_lock(&next->lock);	/* top before shadow */
		simple_unlock(&object->lock);
		object = next;
	}
	return object;
}

/*
 * vm_object_name: see vm/vm_object.h.  An anonymous object gets its
 * name port the first time one is asked for (GNU Mach makes one with
 * every object); the port is made with no lock held and given to the
 * object under ipc_lock, or dropped if another thread was first.
 */
ipc_port_t
vm_object_name(vm_object_t object)
{
	ipc_port_t port, fresh = IP_NULL;
	vm_object_t bottom;

	for (;;) {
		ipc_lock_take();
		bottom = vm_object_chain_bottom(object);
		if (bottom->internal && bottom->pager_name == IP_NULL &&
		    fresh != IP_NULL) {
			fresh->ip_kobject = bottom;
			bottom->pager_name = fresh;
			fresh = IP_NULL;
		}
		if (!bottom->internal || bottom->pager_name != IP_NULL)
			break;
		simple_unlock(&bottom->lock);
		ipc_lock_release();
		fresh = ipc_port_alloc_kernel(IKOT_PAGING_NAME, NULL);
		if (fresh == IP_NULL)
			return IP_NULL;
	}
	port = ipc_port_make_send(bottom->pager_name);
	simple_unlock(&bottom->lock);
	if (fresh != IP_NULL)
		ipc_port_dealloc_kernel(fresh);
	ipc_lock_release();
	return port;
}
