/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_kmsg.c: a message's way between user and kernel form (see
 * ipc/ipc_kmsg.h): get, copyin, copyout, put, destroy.
 *
 * The body is a sequence of (type descriptor, data) pairs.  On x86_64 a
 * descriptor is 8 bytes (mach_msg_type_t; the long form has the same
 * fields), inline data follows padded to 8 bytes, and out-of-line data
 * is an 8-byte address.  ipc_kmsg_desc_parse() reads one pair and checks
 * it against the message's end; every pass over a body uses it.
 *
 * Locking: ipc_lock held by the caller of copyin/copyout/destroy.
 * ipc_kmsg_copyin drops it around every touch of the sender's memory
 * (out-of-line data, out-of-line port arrays, their deallocation):
 * those may fault (and block) or end a pager's object (and send to the
 * pager), neither of which may happen under ipc_lock (L2, L3 in
 * design/locking.md).  Copyout never touches user memory.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/kalloc.h>
#include <kern/lock.h>
#include <kern/string.h>
#include <mach/kern_return.h>
#include <vm/vm_map.h>
#include <vm/vm_user.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <x86_64/copyio.h>

uint64_t ipc_kmsgs_live;

#define KMSG_ALIGN	8

struct ipc_kmsg_desc {
	mach_msg_type_name_t	name;
	uint32_t		size_bits;
	uint32_t		number;
	bool			is_inline;
	bool			deallocate;
	bool			is_port;	/* a right, not a name */
	uint64_t		length;		/* bytes of data */
	vm_size_t		type_offset;	/* of the descriptor */
	vm_size_t		data_offset;	/* of the data or the address */
	vm_size_t		next_offset;
};

/*
 * Small messages (a null RPC's request and reply, notifications, most
 * MIG replies) come from a per-CPU pool of IKM_POOL_SLOTS buffers of
 * IKM_POOL_MSG_SIZE bytes, not from kalloc: taking a slot is a bit in a
 * word, where kalloc+kfree cost about 330 instructions a message (GNU
 * Mach keeps one such kmsg per CPU, ikm_cache).  The buffers are static,
 * so kalloc's byte count (the tests' balance) never sees them; a slot
 * is taken on its own CPU with interrupts masked and given back with an
 * atomic and from any CPU.  Messages in slots count in ipc_kmsgs_live
 * like any other.
 */
#define IKM_POOL_SLOTS		4
#define IKM_POOL_MSG_SIZE	256

struct ipc_kmsg_slot {
	struct ipc_kmsg		kmsg;
	char			body[IKM_POOL_MSG_SIZE -
				    sizeof(mach_msg_header_t)];
};

static struct ipc_kmsg_slot ipc_kmsg_pool[NCPUS][IKM_POOL_SLOTS];
static uint32_t ipc_kmsg_pool_busy[NCPUS];	/* bit i: slot i in use */

void
ipc_kmsg_bootstrap(void)
{
	ipc_kmsgs_live = 0;
}

/* A free slot of this CPU's pool, or IKM_NULL if all are in use. */
static ipc_kmsg_t
ipc_kmsg_pool_take(void)
{
	int cpu = cpu_number();
	ipc_kmsg_t kmsg = IKM_NULL;
	uint32_t busy;
	spl_t s = splsched();

	busy = ipc_kmsg_pool_busy[cpu];
	if (busy != (1u << IKM_POOL_SLOTS) - 1) {
		int slot = __builtin_ctz(~busy);

		__atomic_or_fetch(&ipc_kmsg_pool_busy[cpu], 1u << slot,
		    __ATOMIC_RELAXED);
		kmsg = &ipc_kmsg_pool[cpu][slot].kmsg;
	}
	splx(s);
	return kmsg;
}

/* Returns: true if kmsg was a pool slot (now free again). */
static bool
ipc_kmsg_pool_give(ipc_kmsg_t kmsg)
{
	struct ipc_kmsg_slot *first = &ipc_kmsg_pool[0][0];
	struct ipc_kmsg_slot *slot = (struct ipc_kmsg_slot *)kmsg;
	size_t index;

	if (slot < first || slot >= first + NCPUS * IKM_POOL_SLOTS)
		return false;
	index = (size_t)(slot - first);
	__atomic_and_fetch(&ipc_kmsg_pool_busy[index / IKM_POOL_SLOTS],
	    ~(1u << (index % IKM_POOL_SLOTS)), __ATOMIC_RELEASE);
	return true;
}

ipc_kmsg_t
ipc_kmsg_alloc(vm_size_t size)
{
	ipc_kmsg_t kmsg = IKM_NULL;

	if (size < sizeof(mach_msg_header_t) || size > IPC_KMSG_MAX_SIZE)
		return IKM_NULL;
	if (size <= IKM_POOL_MSG_SIZE) {
		kmsg = ipc_kmsg_pool_take();
		if (kmsg != IKM_NULL)
			size = IKM_POOL_MSG_SIZE;
	}
	if (kmsg == IKM_NULL)
		kmsg = kalloc(offsetof(struct ipc_kmsg, ikm_header) + size);
	if (kmsg == IKM_NULL)
		return IKM_NULL;
	kmsg->ikm_size = size;
	kmsg->ikm_link.next = kmsg->ikm_link.prev = NULL;
	__atomic_add_fetch(&ipc_kmsgs_live, 1, __ATOMIC_RELAXED);
	return kmsg;
}

void
ipc_kmsg_free(ipc_kmsg_t kmsg)
{
	__atomic_sub_fetch(&ipc_kmsgs_live, 1, __ATOMIC_RELAXED);
	if (ipc_kmsg_pool_give(kmsg))
		return;
	kfree(kmsg, offsetof(struct ipc_kmsg, ikm_header) + kmsg->ikm_size);
}

static inline char *
ipc_kmsg_bytes(ipc_kmsg_t kmsg)
{
	return (char *)&kmsg->ikm_header;
}

mach_msg_return_t
ipc_kmsg_get(struct vm_map *map, uint64_t msg_addr, mach_msg_size_t size,
    ipc_kmsg_t *kmsgp)
{
	ipc_kmsg_t kmsg;

	if (size < sizeof(mach_msg_header_t) ||
	    mach_msg_user_is_misaligned(size))
		return MACH_SEND_MSG_TOO_SMALL;
	if (size > IPC_KMSG_MAX_SIZE)
		return MACH_SEND_NO_BUFFER;
	kmsg = ipc_kmsg_alloc(size);
	if (kmsg == IKM_NULL)
		return MACH_SEND_NO_BUFFER;
	if (!copyin(map, msg_addr, &kmsg->ikm_header, size)) {
		ipc_kmsg_free(kmsg);
		return MACH_SEND_INVALID_DATA;
	}
	/* The sender's msgh_size is not trusted: the trap's size is. */
	kmsg->ikm_header.msgh_size = size;
	*kmsgp = kmsg;
	return MACH_MSG_SUCCESS;
}

mach_msg_return_t
ipc_kmsg_put(struct vm_map *map, uint64_t msg_addr, ipc_kmsg_t kmsg)
{
	return ipc_kmsg_put_size(map, msg_addr, kmsg,
	    kmsg->ikm_header.msgh_size);
}

mach_msg_return_t
ipc_kmsg_put_size(struct vm_map *map, uint64_t msg_addr, ipc_kmsg_t kmsg,
    mach_msg_size_t size)
{
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (!copyout(map, &kmsg->ikm_header, msg_addr, size))
		mr = MACH_RCV_INVALID_DATA;
	ipc_kmsg_free(kmsg);
	return mr;
}

/*
 * ipc_kmsg_desc_parse: reads the descriptor at offset of a message of
 * `end` bytes.  `user` says which form: out-of-line port arrays have
 * 32-bit names in user form, 64-bit pointers in kernel form.
 * Returns: MACH_MSG_SUCCESS, MACH_SEND_MSG_TOO_SMALL (truncated) or
 * MACH_SEND_INVALID_TYPE.
 */
static mach_msg_return_t
ipc_kmsg_desc_parse(const char *base, vm_size_t offset, vm_size_t end,
    bool user, struct ipc_kmsg_desc *d)
{
	const mach_msg_type_long_t *type;
	vm_size_t space;

	if (end - offset < sizeof(mach_msg_type_t))
		return MACH_SEND_MSG_TOO_SMALL;
	type = (const mach_msg_type_long_t *)(base + offset);
	d->name = type->msgtl_name;
	d->size_bits = type->msgtl_size;
	d->number = type->msgtl_number;
	d->is_inline = type->msgtl_inline;
	d->deallocate = type->msgtl_deallocate;
	d->is_port = MACH_MSG_TYPE_PORT_ANY(d->name);
	d->type_offset = offset;
	d->data_offset = offset + sizeof(mach_msg_type_t);
	d->length = ((uint64_t)d->number * d->size_bits + 7) / 8;
	/*
	 * As GNU Mach's ipc_kmsg_copyin_body: the unused bits must be 0,
	 * and only out-of-line data can be deallocated.  User form only:
	 * kernel stubs may mark inline rights so (ipc_kmsg_kernel.c).
	 */
	if (user && (type->msgtl_unused != 0 ||
	    (d->deallocate && d->is_inline)))
		return MACH_SEND_INVALID_TYPE;
	if (d->is_port) {
		uint32_t want = (!d->is_inline && user) ? 32 : 64;

		if (d->size_bits != want)
			return MACH_SEND_INVALID_TYPE;
	}
	space = end - d->data_offset;
	if (d->is_inline) {
		uint64_t padded = (d->length + KMSG_ALIGN - 1) &
		    ~(uint64_t)(KMSG_ALIGN - 1);

		if (padded > space)
			return MACH_SEND_MSG_TOO_SMALL;
		d->next_offset = d->data_offset + padded;
	} else {
		if (space < sizeof(uint64_t))
			return MACH_SEND_MSG_TOO_SMALL;
		if (d->is_port && d->number > IPC_KMSG_MAX_OOL_PORTS)
			return MACH_SEND_INVALID_TYPE;
		d->next_offset = d->data_offset + sizeof(uint64_t);
	}
	return MACH_MSG_SUCCESS;
}

static inline uint64_t *
ipc_kmsg_slot(ipc_kmsg_t kmsg, vm_size_t offset)
{
	return (uint64_t *)(ipc_kmsg_bytes(kmsg) + offset);
}

/* Releases what a kernel-form descriptor holds. */
static void
ipc_kmsg_clean_desc(ipc_kmsg_t kmsg, const struct ipc_kmsg_desc *d)
{
	uint64_t *slot = ipc_kmsg_slot(kmsg, d->data_offset);

	if (d->is_port && d->is_inline) {
		mach_port_name_inlined_t *ports =
		    (mach_port_name_inlined_t *)slot;

		for (uint32_t i = 0; i < d->number; i++)
			ipc_right_release((ipc_port_t)ports[i].kernel_port,
			    d->name);
	} else if (d->is_port) {
		ipc_port_t *ports = (ipc_port_t *)*slot;

		if (ports == NULL)
			return;
		for (uint32_t i = 0; i < d->number; i++)
			ipc_right_release(ports[i], d->name);
		kfree(ports, (vm_size_t)d->number * sizeof(ipc_port_t));
	} else if (!d->is_inline && *slot != 0) {
		vm_map_copy_discard((vm_map_copy_t)*slot);
	}
}

/* Releases the kernel-form body from its start up to `upto`. */
static void
ipc_kmsg_clean_body(ipc_kmsg_t kmsg, vm_size_t upto)
{
	vm_size_t offset = sizeof(mach_msg_header_t);
	struct ipc_kmsg_desc d;

	while (offset < upto) {
		if (ipc_kmsg_desc_parse(ipc_kmsg_bytes(kmsg), offset,
		    kmsg->ikm_header.msgh_size, false, &d) != MACH_MSG_SUCCESS)
			panic("ipc_kmsg_clean_body: kernel-form body corrupt");
		ipc_kmsg_clean_desc(kmsg, &d);
		offset = d.next_offset;
	}
}

static void
ipc_kmsg_clean_header(ipc_kmsg_t kmsg)
{
	mach_msg_bits_t bits = kmsg->ikm_header.msgh_bits;

	ipc_right_release((ipc_port_t)kmsg->ikm_header.msgh_remote_port,
	    MACH_MSGH_BITS_REMOTE(bits));
	ipc_right_release((ipc_port_t)kmsg->ikm_header.msgh_local_port,
	    MACH_MSGH_BITS_LOCAL(bits));
}

/*
 * Destroying a message can destroy others: a receive right in it dies,
 * and with its port the messages queued there, which may carry receive
 * rights of their own, and so on (a chain of 2,000 ports, each queued
 * in a message on the one before, took 2,000 nested frames and
 * overflowed the 16 KiB kernel stack).  So ipc_kmsg_destroy() only
 * queues the message here; the outermost call, the one that found
 * ipc_kmsg_destroying false, cleans and frees every queued message in
 * a loop, and the nested calls its cleaning makes return at once (GNU
 * Mach queues on the current thread's ith_messages in ipc_kmsg_destroy
 * for the same reason).  Both are guarded by ipc_lock, which no
 * cleaning step drops, so one queue for the whole kernel is enough
 * while ipc_lock is one lock; with per-port locks it becomes per
 * thread.  ikm_link is free for it: a message being destroyed is on no
 * port's queue.
 */
static queue_head_t ipc_kmsg_destroy_queue = {
	&ipc_kmsg_destroy_queue, &ipc_kmsg_destroy_queue
};
static bool ipc_kmsg_destroying;

/* Releases every right and region a kernel-form message holds. */
static void
ipc_kmsg_clean(ipc_kmsg_t kmsg)
{
	ipc_kmsg_clean_header(kmsg);
	if (kmsg->ikm_header.msgh_bits & MACH_MSGH_BITS_COMPLEX)
		ipc_kmsg_clean_body(kmsg, kmsg->ikm_header.msgh_size);
}

void
ipc_kmsg_destroy(ipc_kmsg_t kmsg)
{
	queue_chain_t *e;

	ipc_lock_assert_held();
	queue_enter(&ipc_kmsg_destroy_queue, &kmsg->ikm_link);
	if (ipc_kmsg_destroying)
		return;		/* the outermost call below cleans it */
	ipc_kmsg_destroying = true;
	while ((e = queue_dequeue_head(&ipc_kmsg_destroy_queue)) != NULL) {
		kmsg = queue_containing(e, struct ipc_kmsg, ikm_link);
		ipc_kmsg_clean(kmsg);
		ipc_kmsg_free(kmsg);
	}
	ipc_kmsg_destroying = false;
}

/*
 * ipc_kmsg_copyin_header_one_name: whether one name can give both the
 * destination's right (dest_type) and the reply's (reply_type).  A move
 * of its only send uref would leave nothing for the other (a move or a
 * copy of send) to take, and a send-once right cannot serve twice.
 * Locks: ipc_lock held.  Returns: true if both can be taken.
 */
static bool
ipc_kmsg_copyin_header_one_name(ipc_entry_t entry,
    mach_msg_type_name_t dest_type, mach_msg_type_name_t reply_type)
{
	int moves = (dest_type == MACH_MSG_TYPE_MOVE_SEND) +
	    (reply_type == MACH_MSG_TYPE_MOVE_SEND);
	int copies = (dest_type == MACH_MSG_TYPE_COPY_SEND) +
	    (reply_type == MACH_MSG_TYPE_COPY_SEND);

	if (moves > 0 && moves + copies > 1 && entry->ie_urefs < 2)
		return false;
	return dest_type != MACH_MSG_TYPE_MOVE_SEND_ONCE &&
	    reply_type != MACH_MSG_TYPE_MOVE_SEND_ONCE;
}

/*
 * ipc_kmsg_copyin_header: the destination and reply rights.  Nothing
 * changes in the space unless both can be taken.
 * Locks: ipc_lock held.
 * Returns: MACH_MSG_SUCCESS; MACH_SEND_INVALID_HEADER,
 * MACH_SEND_INVALID_DEST or MACH_SEND_INVALID_REPLY with the space
 * unchanged; MACH_SEND_INVALID_DEST with both rights taken when the
 * destination is dead (the caller destroys the message).
 */
static mach_msg_return_t
ipc_kmsg_copyin_header(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_bits_t bits = h->msgh_bits;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(bits);
	mach_port_name_t dest_name = (mach_port_name_t)h->msgh_remote_port;
	mach_port_name_t reply_name = (mach_port_name_t)h->msgh_local_port;
	ipc_entry_t dest_entry, reply_entry = IE_NULL;
	ipc_port_t dest, reply = IP_NULL;

	if (bits & MACH_MSGH_BITS_UNUSED)
		return MACH_SEND_INVALID_HEADER;
	if (!MACH_MSG_TYPE_PORT_ANY_SEND(dest_type))
		return MACH_SEND_INVALID_HEADER;
	/* GNU Mach's rule: no reply type, no reply name; else a send. */
	if (reply_type == 0 ? reply_name != MACH_PORT_NAME_NULL :
	    !MACH_MSG_TYPE_PORT_ANY_SEND(reply_type))
		return MACH_SEND_INVALID_HEADER;
	/* Each name is looked up once: checked here, taken below. */
	dest_entry = MACH_PORT_NAME_VALID(dest_name) ?
	    ipc_entry_lookup(space, dest_name) : IE_NULL;
	if (ipc_right_copyin_check_entry(space, dest_entry, dest_type) !=
	    KERN_SUCCESS)
		return MACH_SEND_INVALID_DEST;
	if (MACH_PORT_NAME_VALID(reply_name)) {
		reply_entry = reply_name == dest_name ? dest_entry :
		    ipc_entry_lookup(space, reply_name);
		if (ipc_right_copyin_check_entry(space, reply_entry,
		    reply_type) != KERN_SUCCESS)
			return MACH_SEND_INVALID_REPLY;
	}
	/*
	 * MACH_PORT_DEAD as the reply goes through as a dead port, as in
	 * GNU Mach (invalid_name_to_port): the receiver sees the dead name.
	 */
	if (reply_name == MACH_PORT_NAME_DEAD)
		reply = IP_DEAD;
	if (dest_name == reply_name &&
	    !ipc_kmsg_copyin_header_one_name(dest_entry, dest_type,
	    reply_type))
		return MACH_SEND_INVALID_REPLY;

	ipc_right_copyin_entry(space, dest_entry, dest_type, &dest);
	if (reply_entry != IE_NULL) {
		/*
		 * The same name's entry may have changed (or, in principle,
		 * gone) with the destination's copyin: check it again.
		 */
		if (reply_name == dest_name)
			reply_entry = ipc_entry_lookup(space, reply_name);
		if (ipc_right_copyin_check_entry(space, reply_entry,
		    reply_type) != KERN_SUCCESS)
			panic("ipc_kmsg_copyin_header: checked reply failed");
		ipc_right_copyin_entry(space, reply_entry, reply_type,
		    &reply);
	}
	h->msgh_remote_port = (mach_port_t)dest;
	h->msgh_local_port = (mach_port_t)reply;
	h->msgh_bits = (bits & MACH_MSGH_BITS_COMPLEX) |
	    MACH_MSGH_BITS(ipc_right_copyin_type(dest_type),
	    reply_type != 0 ? ipc_right_copyin_type(reply_type) : 0);
	if (dest == IP_DEAD)
		return MACH_SEND_INVALID_DEST;	/* caller destroys */
	return MACH_MSG_SUCCESS;
}

/*
 * ipc_kmsg_transit: see ipc/ipc_kmsg.h.  The circular message would be
 * the only way to reach the port (the port itself, or a port whose
 * receive right is in a message queued on it): mach_msg destroys it
 * rather than let both live forever (GNU Mach's ipc_kmsg_copyin_body).
 * MACH_MSG_TYPE_MOVE_RECEIVE is MACH_MSG_TYPE_PORT_RECEIVE: either
 * form of the type will do.
 */
void
ipc_kmsg_transit(ipc_kmsg_t kmsg, ipc_port_t port, mach_msg_type_name_t type)
{
	if (type == MACH_MSG_TYPE_PORT_RECEIVE && IP_VALID(port) &&
	    ipc_port_check_circularity_locked(port, ipc_kmsg_dest(kmsg)))
		kmsg->ikm_header.msgh_bits |= MACH_MSGH_BITS_CIRCULAR;
}

/* Copies in the inline port rights of one descriptor, in place. */
static mach_msg_return_t
ipc_kmsg_copyin_inline_ports(ipc_kmsg_t kmsg, ipc_space_t space,
    struct ipc_kmsg_desc *d)
{
	mach_port_name_inlined_t *ports =
	    (mach_port_name_inlined_t *)ipc_kmsg_slot(kmsg, d->data_offset);

	for (uint32_t i = 0; i < d->number; i++) {
		mach_port_name_t name = ports[i].name;
		ipc_port_t port = IP_NULL;

		if (name == MACH_PORT_NAME_DEAD)
			port = IP_DEAD;
		else if (name != MACH_PORT_NAME_NULL &&
		    ipc_right_copyin(space, name, d->name, &port) !=
		    KERN_SUCCESS) {
			/* Undo this descriptor's rights; the rest are names. */
			for (uint32_t j = 0; j < i; j++)
				ipc_right_release(
				    (ipc_port_t)ports[j].kernel_port,
				    ipc_right_copyin_type(d->name));
			for (uint32_t j = i; j < d->number; j++)
				ports[j].kernel_port = 0;
			return MACH_SEND_INVALID_RIGHT;
		}
		ports[i].kernel_port = (mach_port_t)port;
		ipc_kmsg_transit(kmsg, port, d->name);
	}
	return MACH_MSG_SUCCESS;
}

/*
 * ipc_kmsg_copyin_user: copyin of bytes from the sender's memory with
 * ipc_lock dropped: a pager's page there may have to be faulted in,
 * and the fault blocks (L2 in design/locking.md).
 * Locks: ipc_lock held on entry and return; dropped while it blocks.
 */
static bool
ipc_kmsg_copyin_user(struct vm_map *map, vm_offset_t addr, void *buf,
    vm_size_t len)
{
	bool ok;

	ipc_lock_release();
	ok = copyin(map, addr, buf, len);
	ipc_lock_take();
	return ok;
}

/*
 * ipc_kmsg_copyin_port_names: the rights named by names[] into ports[];
 * on failure none is left taken.  Locks: ipc_lock held.
 */
static mach_msg_return_t
ipc_kmsg_copyin_port_names(ipc_kmsg_t kmsg, ipc_space_t space,
    const struct ipc_kmsg_desc *d, const mach_port_name_t *names,
    ipc_port_t *ports)
{
	for (uint32_t i = 0; i < d->number; i++) {
		ports[i] = IP_NULL;
		if (names[i] == MACH_PORT_NAME_DEAD)
			ports[i] = IP_DEAD;
		else if (names[i] != MACH_PORT_NAME_NULL &&
		    ipc_right_copyin(space, names[i], d->name, &ports[i]) !=
		    KERN_SUCCESS) {
			for (uint32_t j = 0; j < i; j++)
				ipc_right_release(ports[j],
				    ipc_right_copyin_type(d->name));
			return MACH_SEND_INVALID_RIGHT;
		}
		ipc_kmsg_transit(kmsg, ports[i], d->name);
	}
	return MACH_MSG_SUCCESS;
}

/*
 * ipc_kmsg_copyin_ool_ports: an out-of-line array of rights into a
 * kernel array.  The names are read, and the sender's array
 * deallocated, with ipc_lock dropped (L2, L3 in design/locking.md).
 * Locks: ipc_lock held on entry and return; dropped while it blocks.
 */
static mach_msg_return_t
ipc_kmsg_copyin_ool_ports(ipc_kmsg_t kmsg, ipc_space_t space,
    struct vm_map *map, struct ipc_kmsg_desc *d)
{
	uint64_t *slot = ipc_kmsg_slot(kmsg, d->data_offset);
	vm_offset_t addr = *slot;
	vm_size_t bytes = (vm_size_t)d->number * sizeof(ipc_port_t);
	vm_size_t names_bytes = (vm_size_t)d->number * sizeof(mach_port_name_t);
	mach_port_name_t *names;
	ipc_port_t *ports;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	*slot = 0;
	if (d->number == 0)
		return MACH_MSG_SUCCESS;
	ports = kalloc(bytes);
	names = kalloc(names_bytes);
	if (ports == NULL || names == NULL)
		mr = MACH_SEND_NO_BUFFER;
	else if (!ipc_kmsg_copyin_user(map, addr, names, names_bytes))
		mr = MACH_SEND_INVALID_MEMORY;
	else
		mr = ipc_kmsg_copyin_port_names(kmsg, space, d, names, ports);
	if (names != NULL)
		kfree(names, names_bytes);
	if (mr != MACH_MSG_SUCCESS) {
		if (ports != NULL)
			kfree(ports, bytes);
		return mr;
	}
	*slot = (uint64_t)ports;
	/* Deallocate of the sender's array is honoured (its names only). */
	if (d->deallocate) {
		ipc_lock_release();
		(void)vm_deallocate(map, trunc_page(addr),
		    round_page(addr + names_bytes) - trunc_page(addr));
		ipc_lock_take();
	}
	return MACH_MSG_SUCCESS;
}

/*
 * ipc_kmsg_copyin_memory: one out-of-line region into a copy, with
 * ipc_lock dropped: vm_map_copyin_resident faults in a pager's pages
 * that are not resident (C1 in vm/vm_map.c), which blocks (L2), and
 * with deallocate removes the sender's mapping, which may end an
 * object whose pager then gets memory_object_data_return and
 * memory_object_terminate, sent through ipc_lock (L3).  What the
 * message holds so far (its header's rights, earlier descriptors)
 * stays its own meanwhile, as in any message in flight; the space may
 * change, and later descriptors look their names up after it does.
 * Locks: ipc_lock held on entry and return; dropped in between.
 * Returns: as vm_map_copyin_resident.
 */
static kern_return_t
ipc_kmsg_copyin_memory(struct vm_map *map, vm_offset_t addr, vm_size_t len,
    bool deallocate, vm_map_copy_t *copy)
{
	kern_return_t kr;

	ipc_lock_release();
	kr = vm_map_copyin_resident(map, addr, len, deallocate, copy);
	ipc_lock_take();
	return kr;
}

static mach_msg_return_t
ipc_kmsg_copyin_desc(ipc_kmsg_t kmsg, ipc_space_t space, struct vm_map *map,
    struct ipc_kmsg_desc *d)
{
	uint64_t *slot = ipc_kmsg_slot(kmsg, d->data_offset);
	mach_msg_type_long_t *type =
	    (mach_msg_type_long_t *)ipc_kmsg_slot(kmsg, d->type_offset);
	vm_map_copy_t copy;

	if (d->is_port) {
		mach_msg_return_t mr;

		if (!ipc_right_disposition_valid(d->name))
			return MACH_SEND_INVALID_TYPE;
		if (d->is_inline)
			mr = ipc_kmsg_copyin_inline_ports(kmsg, space, d);
		else
			mr = ipc_kmsg_copyin_ool_ports(kmsg, space, map, d);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
		/* Kernel form: the rights' types, pointers of 64 bits. */
		type->msgtl_name = ipc_right_copyin_type(d->name);
		type->msgtl_size = 64;
		return MACH_MSG_SUCCESS;
	}
	if (d->is_inline)
		return MACH_MSG_SUCCESS;
	if (d->length == 0) {
		*slot = 0;
		return MACH_MSG_SUCCESS;
	}
	if (ipc_kmsg_copyin_memory(map, *slot, d->length, d->deallocate,
	    &copy) != KERN_SUCCESS) {
		*slot = 0;
		return MACH_SEND_INVALID_MEMORY;
	}
	*slot = (uint64_t)copy;
	return MACH_MSG_SUCCESS;
}

/* Checks every descriptor before anything is taken. */
static mach_msg_return_t
ipc_kmsg_check_body(ipc_kmsg_t kmsg)
{
	vm_size_t offset = sizeof(mach_msg_header_t);
	vm_size_t end = kmsg->ikm_header.msgh_size;
	struct ipc_kmsg_desc d;
	mach_msg_return_t mr;

	while (offset < end) {
		mr = ipc_kmsg_desc_parse(ipc_kmsg_bytes(kmsg), offset, end,
		    true, &d);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
		if (d.is_port && !ipc_right_disposition_valid(d.name))
			return MACH_SEND_INVALID_TYPE;
		offset = d.next_offset;
	}
	return MACH_MSG_SUCCESS;
}

mach_msg_return_t
ipc_kmsg_copyin(ipc_kmsg_t kmsg, ipc_space_t space, struct vm_map *map,
    bool *destroyed)
{
	bool complex = kmsg->ikm_header.msgh_bits & MACH_MSGH_BITS_COMPLEX;
	vm_size_t offset = sizeof(mach_msg_header_t);
	vm_size_t end = kmsg->ikm_header.msgh_size;
	struct ipc_kmsg_desc d;
	mach_msg_return_t mr;

	ipc_lock_assert_held();
	*destroyed = false;
	if (complex) {
		mr = ipc_kmsg_check_body(kmsg);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	mr = ipc_kmsg_copyin_header(kmsg, space);
	if (mr != MACH_MSG_SUCCESS) {
		if (mr == MACH_SEND_INVALID_DEST &&
		    ipc_kmsg_dest(kmsg) == IP_DEAD) {
			/* Rights were taken: a dead destination eats them. */
			kmsg->ikm_header.msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
			ipc_kmsg_destroy(kmsg);
			*destroyed = true;
			return MACH_SEND_INVALID_DEST;
		}
		return mr;
	}
	while (complex && offset < end) {
		(void)ipc_kmsg_desc_parse(ipc_kmsg_bytes(kmsg), offset, end,
		    true, &d);
		mr = ipc_kmsg_copyin_desc(kmsg, space, map, &d);
		if (mr != MACH_MSG_SUCCESS) {
			/* Body error: the message is destroyed (GNU Mach). */
			ipc_kmsg_clean_body(kmsg, offset);
			kmsg->ikm_header.msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
			ipc_kmsg_destroy(kmsg);
			*destroyed = true;
			return mr;
		}
		offset = d.next_offset;
	}
	return MACH_MSG_SUCCESS;
}

/*
 * ipc_kmsg_copyout_right: one right of a message into space.  A
 * receive right leaves its message (P6: no destination any more).
 * Returns: MACH_MSG_SUCCESS, or MACH_MSG_IPC_SPACE (no room for a
 * name: the right is destroyed, *namep null).  Locks: ipc_lock held.
 */
static mach_msg_return_t
ipc_kmsg_copyout_right(ipc_space_t space, ipc_port_t port,
    mach_msg_type_name_t type, mach_port_name_t *namep)
{
	if (type == MACH_MSG_TYPE_PORT_RECEIVE && IP_VALID(port))
		ipc_port_clear_destination(port);
	if (ipc_right_copyout(space, port, type, namep) != KERN_SUCCESS)
		return MACH_MSG_IPC_SPACE;
	return MACH_MSG_SUCCESS;
}

/* The special bit of a vm_map_copyout failure (GNU Mach's). */
static mach_msg_return_t
ipc_kmsg_copyout_vm_error(kern_return_t kr)
{
	return kr == KERN_RESOURCE_SHORTAGE ? MACH_MSG_VM_KERNEL :
	    MACH_MSG_VM_SPACE;
}

static mach_msg_return_t
ipc_kmsg_copyout_inline_ports(ipc_kmsg_t kmsg, ipc_space_t space,
    const struct ipc_kmsg_desc *d)
{
	mach_port_name_inlined_t *ports =
	    (mach_port_name_inlined_t *)ipc_kmsg_slot(kmsg, d->data_offset);
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	for (uint32_t i = 0; i < d->number; i++) {
		ipc_port_t port = (ipc_port_t)ports[i].kernel_port;
		mach_port_name_t name;

		mr |= ipc_kmsg_copyout_right(space, port, d->name, &name);
		ports[i].kernel_port = 0;
		ports[i].name = name;
	}
	return mr;
}

/*
 * ipc_kmsg_copyout_ool_ports_room: room in map for an array's names,
 * found before any of its rights enters the space: GNU Mach's
 * ipc_kmsg_copyout_body allocates the region first and, without one,
 * destroys the rights.  The region is only reserved: taken here, given
 * back just before the names' copy is mapped (ipc_lock is held from
 * one to the other, so on one CPU nobody takes the room in between).
 * Neither touches user memory or blocks: the region is new and
 * anonymous, and nothing in it is ever faulted in (L1).
 * Returns: KERN_SUCCESS and *addr, or vm_allocate's error.
 * Locks: ipc_lock held.
 */
static kern_return_t
ipc_kmsg_copyout_ool_ports_room(struct vm_map *map, vm_size_t names_bytes,
    vm_offset_t *addr)
{
	*addr = 0;
	return vm_allocate(map, addr, names_bytes, TRUE);
}

/*
 * ipc_kmsg_copyout_ool_ports: the rights of a kernel array into space,
 * their names into a fresh region of map.  Nothing here touches user
 * memory or blocks (vm_map_copyout only enters a new region).
 * Returns: MACH_MSG_SUCCESS or special bits: MACH_MSG_IPC_SPACE (a
 * right did not fit), MACH_MSG_VM_SPACE / MACH_MSG_VM_KERNEL (the names
 * did not: address 0, size 0, and the rights were destroyed, never in
 * the space; only a kernel memory shortage after they entered it, in
 * the names' copy, leaves them there).
 * Locks: ipc_lock held.
 */
static mach_msg_return_t
ipc_kmsg_copyout_ool_ports(ipc_kmsg_t kmsg, ipc_space_t space,
    struct vm_map *map, const struct ipc_kmsg_desc *d)
{
	uint64_t *slot = ipc_kmsg_slot(kmsg, d->data_offset);
	mach_msg_type_long_t *type =
	    (mach_msg_type_long_t *)ipc_kmsg_slot(kmsg, d->type_offset);
	ipc_port_t *ports = (ipc_port_t *)*slot;
	vm_size_t names_bytes = (vm_size_t)d->number * sizeof(mach_port_name_t);
	mach_port_name_t *names;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	vm_map_copy_t copy;
	vm_offset_t addr = 0;
	kern_return_t kr;

	if (ports == NULL || d->number == 0) {
		type->msgtl_size = 32;		/* user names again */
		*slot = 0;
		return MACH_MSG_SUCCESS;
	}
	names = kalloc(names_bytes);
	kr = names == NULL ? KERN_RESOURCE_SHORTAGE :
	    ipc_kmsg_copyout_ool_ports_room(map, names_bytes, &addr);
	if (kr != KERN_SUCCESS) {
		ipc_kmsg_clean_desc(kmsg, d);	/* rights and array */
		goto fail;
	}
	for (uint32_t i = 0; i < d->number; i++)
		mr |= ipc_kmsg_copyout_right(space, ports[i], d->name,
		    &names[i]);
	kfree(ports, (vm_size_t)d->number * sizeof(ipc_port_t));
	(void)vm_deallocate(map, addr, names_bytes);
	kr = vm_map_copyin_kernel_buffer(names, names_bytes, &copy);
	if (kr == KERN_SUCCESS) {
		kr = vm_map_copyout(map, &addr, copy);
		if (kr != KERN_SUCCESS)
			vm_map_copy_discard(copy);
	}
	if (kr != KERN_SUCCESS)
		goto fail;
	kfree(names, names_bytes);
	type->msgtl_size = 32;
	*slot = addr;
	return mr;

fail:
	if (names != NULL)
		kfree(names, names_bytes);
	type->msgtl_size = 0;
	*slot = 0;
	return mr | ipc_kmsg_copyout_vm_error(kr);
}

/*
 * ipc_kmsg_copyout_desc: one descriptor into space and map.  Out-of-line
 * data that does not fit is discarded (address 0, size 0, as GNU Mach's
 * ipc_kmsg_copyout_body).  vm_map_copy_discard under ipc_lock is safe:
 * a copy's object chain is wholly anonymous, a shared one's too
 * (vm_map_copyin_shareable; design/locking.md, L1).
 * Returns: MACH_MSG_SUCCESS or special bits.  Locks: ipc_lock held.
 */
static mach_msg_return_t
ipc_kmsg_copyout_desc(ipc_kmsg_t kmsg, ipc_space_t space, struct vm_map *map,
    const struct ipc_kmsg_desc *d)
{
	uint64_t *slot = ipc_kmsg_slot(kmsg, d->data_offset);
	mach_msg_type_long_t *type =
	    (mach_msg_type_long_t *)ipc_kmsg_slot(kmsg, d->type_offset);
	vm_offset_t addr = 0;
	kern_return_t kr;

	if (d->is_port && d->is_inline)
		return ipc_kmsg_copyout_inline_ports(kmsg, space, d);
	if (d->is_port)
		return ipc_kmsg_copyout_ool_ports(kmsg, space, map, d);
	if (d->is_inline || *slot == 0)
		return MACH_MSG_SUCCESS;
	kr = vm_map_copyout(map, &addr, (vm_map_copy_t)*slot);
	if (kr == KERN_SUCCESS) {
		*slot = addr;
		return MACH_MSG_SUCCESS;
	}
	vm_map_copy_discard((vm_map_copy_t)*slot);
	*slot = 0;
	type->msgtl_size = 0;
	return ipc_kmsg_copyout_vm_error(kr);
}

/*
 * ipc_kmsg_copyout_header: the reply right becomes a name in space; the
 * destination right is consumed by the delivery, or, for a pseudo-
 * receive (a send that failed), copied back out as a right too.
 * Returns: MACH_MSG_SUCCESS; MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE
 * when the reply right does not fit (it is destroyed); for a pseudo-
 * receive, the bare special bits.  Locks: ipc_lock held.
 */
static mach_msg_return_t
ipc_kmsg_copyout_header(ipc_kmsg_t kmsg, ipc_space_t space, bool pseudo)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_bits_t bits = h->msgh_bits;
	mach_msg_bits_t other = bits & MACH_MSGH_BITS_COMPLEX;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(bits);
	ipc_port_t dest = (ipc_port_t)h->msgh_remote_port;
	ipc_port_t reply = (ipc_port_t)h->msgh_local_port;
	mach_port_name_t dest_name, reply_name = MACH_PORT_NAME_NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (reply != IP_NULL)
		mr = ipc_kmsg_copyout_right(space, reply, reply_type,
		    &reply_name);
	if (pseudo) {
		mr |= ipc_kmsg_copyout_right(space, dest, dest_type,
		    &dest_name);
		h->msgh_remote_port = dest_name;
		h->msgh_local_port = reply_name;
		h->msgh_bits = other | MACH_MSGH_BITS(dest_type, reply_type);
		return mr;
	}
	/* The destination: the name the receiver knows the port by. */
	dest_name = dest->ip_active && dest->ip_receiver == space ?
	    dest->ip_receiver_name : MACH_PORT_NAME_NULL;
	/* Delivery consumes the right the message was sent with. */
	if (dest_type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		ipc_port_release_sonce(dest);
	else
		ipc_port_release_send(dest);
	h->msgh_remote_port = reply_name;
	h->msgh_local_port = dest_name;
	/* The reply's type stays with a null or dead reply (GNU Mach's). */
	h->msgh_bits = other | MACH_MSGH_BITS(mr == MACH_MSG_SUCCESS ?
	    reply_type : 0, dest_type);
	return mr == MACH_MSG_SUCCESS ? mr : MACH_RCV_HEADER_ERROR | mr;
}

/*
 * ipc_kmsg_copyout_dest: the header of a message its receiver does not
 * get (MACH_RCV_TOO_LARGE without MACH_RCV_LARGE), in the receiver's
 * names, so that it learns the size, id and seqno: the destination
 * right is consumed and named as the receiver knows the port (null if
 * it does not receive it, MACH_PORT_NAME_DEAD if the port died), the
 * reply right and the whole body are destroyed (GNU Mach's
 * ipc_kmsg_copyout_dest).  The caller writes out the header only.
 * Locks: ipc_lock held.
 */
void
ipc_kmsg_copyout_dest(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_bits_t bits = h->msgh_bits;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(bits);
	ipc_port_t dest = (ipc_port_t)h->msgh_remote_port;
	ipc_port_t reply = (ipc_port_t)h->msgh_local_port;
	mach_port_name_t dest_name, reply_name = MACH_PORT_NAME_NULL;

	ipc_lock_assert_held();
	if (!dest->ip_active)
		dest_name = MACH_PORT_NAME_DEAD;
	else if (dest->ip_receiver == space)
		dest_name = dest->ip_receiver_name;
	else
		dest_name = MACH_PORT_NAME_NULL;
	ipc_right_release(dest, dest_type);
	if (IP_VALID(reply))
		ipc_right_release(reply, reply_type);
	else if (reply == IP_DEAD)
		reply_name = MACH_PORT_NAME_DEAD;
	if (bits & MACH_MSGH_BITS_COMPLEX)
		ipc_kmsg_clean_body(kmsg, h->msgh_size);
	h->msgh_bits = (bits & ~(MACH_MSGH_BITS_PORTS_MASK |
	    MACH_MSGH_BITS_CIRCULAR)) | MACH_MSGH_BITS(reply_type, dest_type);
	h->msgh_remote_port = reply_name;
	h->msgh_local_port = dest_name;
}

/*
 * ipc_kmsg_copyout: kernel form to the receiver's user form, with GNU
 * Mach's results (ipc_kmsg_copyout, _header, _body):
 *
 *   MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE   the reply right did
 *       not fit: it is destroyed, and so is the body (rights released,
 *       memory discarded); only the header goes to the user
 *       (mach_msg_receive_finish writes just the header).
 *   MACH_RCV_BODY_ERROR | special bits   the header is delivered; of
 *       the body, rights that did not fit are destroyed (IPC_SPACE),
 *       memory that did not fit is discarded (VM_SPACE, VM_KERNEL), the
 *       rest is delivered.
 *
 * With pseudo, the message goes back to its sender (see above): the
 * bare special bits, the copyout going on despite them.
 * Locks: ipc_lock held.  Never blocks and never touches user memory:
 * ipc_kmsg_put writes the message out after ipc_lock is dropped (L2).
 */
mach_msg_return_t
ipc_kmsg_copyout(ipc_kmsg_t kmsg, ipc_space_t space, struct vm_map *map,
    bool pseudo)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	vm_size_t offset = sizeof(mach_msg_header_t);
	struct ipc_kmsg_desc d;
	mach_msg_return_t mr, body = MACH_MSG_SUCCESS;

	ipc_lock_assert_held();
	h->msgh_bits &= ~MACH_MSGH_BITS_CIRCULAR;
	mr = ipc_kmsg_copyout_header(kmsg, space, pseudo);
	if (!pseudo && mr != MACH_MSG_SUCCESS) {
		if (h->msgh_bits & MACH_MSGH_BITS_COMPLEX)
			ipc_kmsg_clean_body(kmsg, h->msgh_size);
		h->msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
		return mr;
	}
	while ((h->msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	    offset < h->msgh_size) {
		if (ipc_kmsg_desc_parse(ipc_kmsg_bytes(kmsg), offset,
		    h->msgh_size, false, &d) != MACH_MSG_SUCCESS)
			panic("ipc_kmsg_copyout: kernel-form body corrupt");
		body |= ipc_kmsg_copyout_desc(kmsg, space, map, &d);
		offset = d.next_offset;
	}
	if (pseudo)
		return mr | body;
	return body == MACH_MSG_SUCCESS ? body : MACH_RCV_BODY_ERROR | body;
}
