/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/lib/malloc.c: malloc and free over a static arena.
 *
 * The arena is CM_HEAP_BYTES of .bss.  Blocks come in power-of-two size
 * classes from 16 bytes up; each carries a 16-byte header naming its
 * class.  malloc takes a block from its class's free list, else carves a
 * new one off the arena's unused end; free pushes the block back on its
 * class list.  Memory never returns to the arena and classes never merge:
 * enough for test programs, which allocate little and exit.
 *
 * Single-threaded: no lock.  Once vm_allocate() can be called (issue 4,
 * with the MIG stubs) the arena can grow from the kernel instead.
 */
#include <cmuser.h>

#define MALLOC_MIN_SHIFT	4	/* smallest block: 16 bytes */
#define MALLOC_CLASSES		32	/* 16 << 31 bytes: beyond any arena */
#define MALLOC_HEADER_BYTES	16	/* keeps pointers 16-aligned */

struct malloc_header {
	union {
		struct malloc_header	*next;	/* while free */
		unsigned long		class;	/* while allocated */
	};
	unsigned long	magic;		/* MALLOC_MAGIC when valid */
};

#define MALLOC_MAGIC	0x636d616c6c6f6321UL	/* "cmalloc!" */

_Static_assert(sizeof(struct malloc_header) == MALLOC_HEADER_BYTES,
    "malloc header must keep user pointers 16-byte aligned");

static unsigned char malloc_arena[CM_HEAP_BYTES]
    __attribute__((aligned(16)));
static size_t malloc_arena_used_bytes;
static struct malloc_header *malloc_free_list[MALLOC_CLASSES];

/* Returns the smallest class whose blocks hold size_bytes plus header. */
static unsigned int
malloc_class_of(size_t size_bytes)
{
	unsigned int class = 0;
	size_t block_bytes = (size_t)1 << MALLOC_MIN_SHIFT;

	while (block_bytes < size_bytes + MALLOC_HEADER_BYTES &&
	    class + 1 < MALLOC_CLASSES) {
		block_bytes <<= 1;
		class++;
	}
	return class;
}

/* Returns NULL when the arena is used up or size_bytes is absurd. */
void *
malloc(size_t size_bytes)
{
	unsigned int class;
	size_t block_bytes;
	struct malloc_header *h;

	if (size_bytes > CM_HEAP_BYTES)
		return NULL;
	class = malloc_class_of(size_bytes);
	block_bytes = (size_t)1 << (class + MALLOC_MIN_SHIFT);
	h = malloc_free_list[class];
	if (h != NULL) {
		malloc_free_list[class] = h->next;
	} else {
		if (block_bytes > CM_HEAP_BYTES - malloc_arena_used_bytes)
			return NULL;
		h = (struct malloc_header *)
		    (malloc_arena + malloc_arena_used_bytes);
		malloc_arena_used_bytes += block_bytes;
	}
	h->class = class;
	h->magic = MALLOC_MAGIC;
	return (unsigned char *)h + MALLOC_HEADER_BYTES;
}

/* free(NULL) does nothing; a pointer malloc did not return is ignored. */
void
free(void *p)
{
	struct malloc_header *h;
	unsigned long class;

	if (p == NULL)
		return;
	if ((unsigned char *)p < malloc_arena + MALLOC_HEADER_BYTES ||
	    (unsigned char *)p >= malloc_arena + malloc_arena_used_bytes) {
		printf("malloc: free(%p): not in the heap\n", p);
		return;
	}
	h = (struct malloc_header *)((unsigned char *)p - MALLOC_HEADER_BYTES);
	if (h->magic != MALLOC_MAGIC || h->class >= MALLOC_CLASSES) {
		printf("malloc: free(%p): not a heap block\n", p);
		return;
	}
	class = h->class;
	h->magic = 0;
	h->next = malloc_free_list[class];
	malloc_free_list[class] = h;
}
