/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/lib/malloc.c: malloc and free over vm_allocate.
 *
 * Small blocks come in power-of-two size classes, 16 bytes to
 * MALLOC_SMALL_MAX_BYTES, each with a 16-byte header naming its class.
 * malloc takes a block from its class's free list, else carves one off
 * the current chunk, a MALLOC_CHUNK_BYTES region from vm_allocate (a new
 * chunk when the current one is used up; the tail of the old one is
 * wasted).  free pushes a block back on its class list; classes never
 * merge and chunks never go back to the kernel.
 *
 * Large blocks (above MALLOC_SMALL_MAX_BYTES) get their own vm_allocate'd
 * region; their header keeps the region's size and free gives it back
 * with vm_deallocate.
 *
 * Before the kernel has vm_allocate (and on any failure of it) small
 * blocks come from a static fallback arena in .bss, so printf-only
 * programs work on any kernel.
 *
 * Thread safe: one spin lock (malloc_lock) guards the lists and chunks.
 */
#include <cmuser.h>
#include <cthreads.h>

#define MALLOC_MIN_SHIFT	4		/* smallest block: 16 bytes */
#define MALLOC_CLASSES		13		/* 16 B .. 64 KiB */
#define MALLOC_SMALL_MAX_BYTES	(16UL << (MALLOC_CLASSES - 1))
#define MALLOC_HEADER_BYTES	16		/* keeps pointers 16-aligned */
#define MALLOC_CHUNK_BYTES	(256UL * 1024)
#define MALLOC_FALLBACK_BYTES	(64UL * 1024)
#define MALLOC_CLASS_LARGE	0xffffUL	/* header: a vm_allocate'd block */
#define MALLOC_PAGE_BYTES	4096UL

struct malloc_header {
	union {
		struct malloc_header	*next;	/* while free */
		unsigned long		class;	/* while allocated */
	};
	union {
		unsigned long	magic;		/* small: MALLOC_MAGIC */
		unsigned long	region_bytes;	/* large: the whole region */
	};
};

#define MALLOC_MAGIC	0x636d616c6c6f6321UL	/* "cmalloc!" */

_Static_assert(sizeof(struct malloc_header) == MALLOC_HEADER_BYTES,
    "malloc header must keep user pointers 16-byte aligned");

static cm_spin_lock_t malloc_lock = CM_SPIN_LOCK_INITIALIZER;
static struct malloc_header *malloc_free_list[MALLOC_CLASSES];
static unsigned char *malloc_chunk_next;	/* unused part of the chunk */
static size_t malloc_chunk_left_bytes;
static unsigned char malloc_fallback[MALLOC_FALLBACK_BYTES]
    __attribute__((aligned(16)));
static int malloc_fallback_used;

/* Returns the smallest class whose blocks hold size_bytes plus header. */
static unsigned int
malloc_class_of(size_t size_bytes)
{
	unsigned int class = 0;
	size_t block_bytes = (size_t)1 << MALLOC_MIN_SHIFT;

	while (block_bytes < size_bytes + MALLOC_HEADER_BYTES) {
		block_bytes <<= 1;
		class++;
	}
	return class;
}

/* Makes a new current chunk.  Locks: malloc_lock held. */
static int
malloc_chunk_grow(void)
{
	vm_address_t addr = 0;

	if (vm_allocate(mach_task_self(), &addr, MALLOC_CHUNK_BYTES, TRUE) ==
	    KERN_SUCCESS) {
		malloc_chunk_next = (unsigned char *)addr;
		malloc_chunk_left_bytes = MALLOC_CHUNK_BYTES;
		return 1;
	}
	if (malloc_fallback_used)
		return 0;
	malloc_fallback_used = 1;
	malloc_chunk_next = malloc_fallback;
	malloc_chunk_left_bytes = sizeof(malloc_fallback);
	return 1;
}

/* Locks: malloc_lock held.  Returns NULL when memory is out. */
static struct malloc_header *
malloc_small(unsigned int class)
{
	size_t block_bytes = (size_t)1 << (class + MALLOC_MIN_SHIFT);
	struct malloc_header *h = malloc_free_list[class];

	if (h != NULL) {
		malloc_free_list[class] = h->next;
		return h;
	}
	if (block_bytes > malloc_chunk_left_bytes && !malloc_chunk_grow())
		return NULL;
	if (block_bytes > malloc_chunk_left_bytes)
		return NULL;
	h = (struct malloc_header *)malloc_chunk_next;
	malloc_chunk_next += block_bytes;
	malloc_chunk_left_bytes -= block_bytes;
	return h;
}

static void *
malloc_large(size_t size_bytes)
{
	vm_address_t addr = 0;
	size_t region_bytes = (size_bytes + MALLOC_HEADER_BYTES +
	    MALLOC_PAGE_BYTES - 1) & ~(MALLOC_PAGE_BYTES - 1);
	struct malloc_header *h;

	if (vm_allocate(mach_task_self(), &addr, region_bytes, TRUE) !=
	    KERN_SUCCESS)
		return NULL;
	h = (struct malloc_header *)addr;
	h->class = MALLOC_CLASS_LARGE;
	h->region_bytes = region_bytes;
	return (unsigned char *)h + MALLOC_HEADER_BYTES;
}

void *
malloc(size_t size_bytes)
{
	struct malloc_header *h;
	unsigned int class;

	if (size_bytes > ((size_t)1 << 46))
		return NULL;
	if (size_bytes + MALLOC_HEADER_BYTES > MALLOC_SMALL_MAX_BYTES)
		return malloc_large(size_bytes);
	class = malloc_class_of(size_bytes);
	cm_spin_lock(&malloc_lock);
	h = malloc_small(class);
	cm_spin_unlock(&malloc_lock);
	if (h == NULL)
		return NULL;
	h->class = class;
	h->magic = MALLOC_MAGIC;
	return (unsigned char *)h + MALLOC_HEADER_BYTES;
}

/* free(NULL) does nothing; a pointer malloc did not return is reported. */
void
free(void *p)
{
	struct malloc_header *h;
	unsigned long class;

	if (p == NULL)
		return;
	h = (struct malloc_header *)((unsigned char *)p - MALLOC_HEADER_BYTES);
	if (h->class == MALLOC_CLASS_LARGE) {
		(void)vm_deallocate(mach_task_self(), (vm_address_t)h,
		    h->region_bytes);
		return;
	}
	if (h->magic != MALLOC_MAGIC || h->class >= MALLOC_CLASSES) {
		printf("malloc: free(%p): not a heap block\n", p);
		return;
	}
	class = h->class;
	h->magic = 0;
	cm_spin_lock(&malloc_lock);
	h->next = malloc_free_list[class];
	malloc_free_list[class] = h;
	cm_spin_unlock(&malloc_lock);
}
