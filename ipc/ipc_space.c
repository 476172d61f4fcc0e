/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_space.c: name spaces: the name table and its reverse hash
 * (invariants E1-E4 in ipc/ipc_space.h).  Entries come from a kmem
 * cache, but a space keeps the last one it freed (is_spare) for its
 * next name; both hashes chain through the entries.  Locking: ipc_lock.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/debug.h>
#include <kern/slab.h>
#include <kern/string.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>

static struct kmem_cache ipc_space_cache;
static struct kmem_cache ipc_entry_cache;
static struct ipc_space ipc_space_kernel_store;
ipc_space_t ipc_space_kernel = &ipc_space_kernel_store;
static struct ipc_space ipc_space_reply_store;
ipc_space_t ipc_space_reply = &ipc_space_reply_store;

void
ipc_space_bootstrap(void)
{
	kmem_cache_init(&ipc_space_cache, "ipc_space",
	    sizeof(struct ipc_space), 0, NULL, 0);
	kmem_cache_init(&ipc_entry_cache, "ipc_entry",
	    sizeof(struct ipc_entry), 0, NULL, 0);
	memset(ipc_space_kernel, 0, sizeof(*ipc_space_kernel));
	ipc_space_kernel->is_active = true;
	memset(ipc_space_reply, 0, sizeof(*ipc_space_reply));
	ipc_space_reply->is_active = true;
}

ipc_space_t
ipc_space_create(struct task *task)
{
	ipc_space_t space = kmem_cache_alloc(&ipc_space_cache);

	if (space == IS_NULL)
		return IS_NULL;
	memset(space, 0, sizeof(*space));
	space->is_active = true;
	space->is_task = task;
	space->is_next_name = 1;
	return space;
}

static inline unsigned int
ipc_space_name_bucket(mach_port_name_t name)
{
	return (name ^ (name >> 8)) % IPC_SPACE_HASH_BUCKETS;
}

static inline unsigned int
ipc_space_object_bucket(const void *object)
{
	uintptr_t v = (uintptr_t)object;

	return ((v >> 4) ^ (v >> 12)) % IPC_SPACE_HASH_BUCKETS;
}

ipc_entry_t
ipc_entry_lookup(ipc_space_t space, mach_port_name_t name)
{
	ipc_entry_t entry;

	ipc_lock_assert_held();
	if (!space->is_active || !MACH_PORT_NAME_VALID(name))
		return IE_NULL;
	entry = space->is_names[ipc_space_name_bucket(name)];
	for (; entry != IE_NULL; entry = entry->ie_next_name) {
		if (entry->ie_name == name)
			return entry;
	}
	return IE_NULL;
}

ipc_entry_t
ipc_entry_lookup_object(ipc_space_t space, void *object)
{
	ipc_entry_t entry;

	ipc_lock_assert_held();
	entry = space->is_objects[ipc_space_object_bucket(object)];
	for (; entry != IE_NULL; entry = entry->ie_next_object) {
		if (entry->ie_object == object)
			return entry;
	}
	return IE_NULL;
}

static ipc_entry_t
ipc_entry_insert(ipc_space_t space, mach_port_name_t name)
{
	ipc_entry_t entry;
	unsigned int bucket = ipc_space_name_bucket(name);

	if (space->is_entries >= IPC_SPACE_MAX_ENTRIES)
		return IE_NULL;
	entry = space->is_spare;
	if (entry != IE_NULL)
		space->is_spare = IE_NULL;
	else if ((entry = kmem_cache_alloc(&ipc_entry_cache)) == IE_NULL)
		return IE_NULL;
	memset(entry, 0, sizeof(*entry));
	entry->ie_name = name;
	entry->ie_next_name = space->is_names[bucket];
	space->is_names[bucket] = entry;
	space->is_entries++;
	return entry;
}

ipc_entry_t
ipc_entry_alloc(ipc_space_t space)
{
	ipc_lock_assert_held();
	if (!space->is_active || space->is_entries >= IPC_SPACE_MAX_ENTRIES)
		return IE_NULL;
	for (;;) {
		mach_port_name_t name = space->is_next_name++;

		if (!MACH_PORT_NAME_VALID(name)) {
			space->is_next_name = 1;
			continue;
		}
		if (ipc_entry_lookup(space, name) == IE_NULL)
			return ipc_entry_insert(space, name);
	}
}

ipc_entry_t
ipc_entry_alloc_name(ipc_space_t space, mach_port_name_t name)
{
	ipc_lock_assert_held();
	if (!space->is_active || !MACH_PORT_NAME_VALID(name) ||
	    ipc_entry_lookup(space, name) != IE_NULL)
		return IE_NULL;
	return ipc_entry_insert(space, name);
}

void
ipc_entry_hash(ipc_space_t space, ipc_entry_t entry)
{
	unsigned int bucket = ipc_space_object_bucket(entry->ie_object);

	assert(ipc_entry_lookup_object(space, entry->ie_object) == IE_NULL);
	entry->ie_next_object = space->is_objects[bucket];
	space->is_objects[bucket] = entry;
}

void
ipc_entry_unhash(ipc_space_t space, ipc_entry_t entry)
{
	ipc_entry_t *link =
	    &space->is_objects[ipc_space_object_bucket(entry->ie_object)];

	for (; *link != IE_NULL; link = &(*link)->ie_next_object) {
		if (*link == entry) {
			*link = entry->ie_next_object;
			entry->ie_next_object = IE_NULL;
			return;
		}
	}
}

void
ipc_entry_dealloc(ipc_space_t space, ipc_entry_t entry)
{
	ipc_entry_t *link = &space->is_names[ipc_space_name_bucket(
	    entry->ie_name)];

	assert(entry->ie_type == MACH_PORT_TYPE_NONE);
	assert(entry->ie_dnrequest == IP_NULL);
	for (; *link != IE_NULL; link = &(*link)->ie_next_name) {
		if (*link == entry) {
			*link = entry->ie_next_name;
			break;
		}
	}
	space->is_entries--;
	/*
	 * Kept for the next ipc_entry_insert(): an RPC's reply right takes
	 * an entry in the server's space and gives it back, every call.
	 */
	if (space->is_spare == IE_NULL && space->is_active)
		space->is_spare = entry;
	else
		kmem_cache_free(&ipc_entry_cache, entry);
}

/* Frees the spare entry (ipc_entry_dealloc). */
static void
ipc_space_free_spare(ipc_space_t space)
{
	if (space->is_spare != IE_NULL) {
		kmem_cache_free(&ipc_entry_cache, space->is_spare);
		space->is_spare = IE_NULL;
	}
}

void
ipc_space_foreach(ipc_space_t space, void (*fn)(ipc_entry_t entry, void *arg),
    void *arg)
{
	for (int i = 0; i < IPC_SPACE_HASH_BUCKETS; i++) {
		for (ipc_entry_t e = space->is_names[i]; e != IE_NULL;
		    e = e->ie_next_name)
			fn(e, arg);
	}
}

/*
 * ipc_space_terminate: the task is going away: every right it holds is
 * destroyed (receive rights destroy their ports, which sends dead-name
 * notifications to others), then the space is empty and inactive.
 * Locks: takes ipc_lock.
 */
void
ipc_space_terminate(ipc_space_t space)
{
	ipc_lock_take();
	if (!space->is_active) {
		ipc_lock_release();
		return;
	}
	for (int i = 0; i < IPC_SPACE_HASH_BUCKETS; i++) {
		while (space->is_names[i] != IE_NULL)
			ipc_right_destroy_entry(space, space->is_names[i]);
	}
	space->is_active = false;
	ipc_space_free_spare(space);
	ipc_lock_release();
}

void
ipc_space_free(ipc_space_t space)
{
	assert(!space->is_active && space->is_entries == 0);
	ipc_space_free_spare(space);
	kmem_cache_free(&ipc_space_cache, space);
}
