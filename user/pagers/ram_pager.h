/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/pagers/ram_pager.h: a RAM-backed pager for tests (user/libpager).
 *
 * The object is `pages` pages.  Word i (64 bits) of page p holds
 * ram_pager_word(p, i, seed), where a page's seed starts at 0 and
 * changes when a written page comes back (data_return) whose words all
 * follow the pattern with some other seed; a page written with anything
 * else is stored whole.  So the store costs 16 bytes a page for patterned
 * data, and an object far larger than memory fits (pager_pageout).
 *
 * Switches (ram_pager_parse_arg, from a program's argv):
 *   --pages=N             object size in pages (default 16)
 *   --mib=N               object size in MiB
 *   --unavailable=P+N     pages [P, P+N) answer data_unavailable until
 *                         written (zeros); may repeat
 *   --error=P+N           pages [P, P+N) answer data_error; may repeat
 *   --error-code=K        the error value sent (default KERN_MEMORY_ERROR)
 *   --delay-swtch=N       swtch() N times before each answer
 *   --delay-ms=N          wait N ms before each answer
 *   --die-at=N            at the Nth read, after the delay, print
 *                         ram.dying=N and task_terminate our own task
 *   --write-lock          supply data write-locked (writes then unlock)
 *   --precious            supply data precious (returned even when clean)
 *   --refuse-unlock       answer every data_unlock with data_error
 *                         (KERN_PROTECTION_FAILURE)
 *   --supply-reply        ask the kernel for memory_object_supply_completed
 *                         after every data_supply (counted by libpager)
 *   --may-cache           say may_cache TRUE in memory_object_ready: the
 *                         kernel may keep the object after its last
 *                         mapping (the object cache)
 *   --copy-none           say MEMORY_OBJECT_COPY_NONE in memory_object_ready
 *                         (the kernel copies eagerly; default: COPY_DELAY)
 *   --threads=N           server threads (default 2)
 *   --log=N               keep the first N requests (default 65536)
 */
#ifndef _CM_RAM_PAGER_H_
#define _CM_RAM_PAGER_H_

#include <pager.h>

#define RAM_PAGER_PAGE_BYTES	4096UL
#define RAM_PAGER_PAGE_WORDS	(RAM_PAGER_PAGE_BYTES / 8)
#define RAM_PAGER_RANGES_MAX	8

struct ram_pager_range {
	vm_size_t	first_page;
	vm_size_t	pages;
};

struct ram_pager_config {
	vm_size_t		pages;
	struct ram_pager_range	unavailable[RAM_PAGER_RANGES_MAX];
	int			unavailable_count;
	struct ram_pager_range	error[RAM_PAGER_RANGES_MAX];
	int			error_count;
	kern_return_t		error_code;
	unsigned int		delay_swtch;
	unsigned int		delay_ms;
	unsigned long		die_at;		/* 0: never */
	int			write_lock;
	int			supply_reply;
	int			precious;
	int			refuse_unlock;
	int			may_cache;
	int			copy_none;
	int			threads;
	unsigned int		log_max;
};

struct ram_pager;

void
ram_pager_config_init(struct ram_pager_config *config);

/* Takes one argv word if it is a switch above; returns whether it was. */
int
ram_pager_parse_arg(struct ram_pager_config *config, const char *arg);

/* Every switch of argv[first..argc) (others are ignored). */
void
ram_pager_parse_args(struct ram_pager_config *config, int argc, char **argv,
    int first);

/* Creates the pager (may_cache FALSE unless --may-cache,
 * MEMORY_OBJECT_COPY_DELAY unless --copy-none) and its store; does not
 * start server
 * threads.  NULL on failure. */
struct ram_pager *
ram_pager_create(const struct ram_pager_config *config);

struct pager *
ram_pager_pager(struct ram_pager *rp);

const struct ram_pager_config *
ram_pager_config(struct ram_pager *rp);

/* The pattern: word `word` of page `page` under `seed`. */
static inline uint64_t
ram_pager_word(uint64_t page, uint64_t word, uint64_t seed)
{
	uint64_t x = (page << 9) + word + 0x9e3779b97f4a7c15ULL;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return (x ^ (x >> 31)) ^ seed;
}

/* Fills a page's 512 words with the pattern. */
void
ram_pager_fill(uint64_t *words, uint64_t page, uint64_t seed);

/* Words of `words` that differ from the pattern (0..512). */
unsigned int
ram_pager_check(const uint64_t *words, uint64_t page, uint64_t seed);

/* What the store holds for a page: 0 pattern (*seed set), 1 stored whole,
 * 2 unavailable (never written), 3 error, -1 out of range. */
int
ram_pager_page_state(struct ram_pager *rp, vm_size_t page, uint64_t *seed);

/* The store's own change of a page (what a write(2) to a file does to
 * ext2fs's data): it now holds the pattern of seed, whatever the kernel
 * holds.  Returns 0, or -1 for a page out of range. */
int
ram_pager_set_seed(struct ram_pager *rp, vm_size_t page, uint64_t seed);

/* A checksum of the whole store's contents (as reads would see them). */
uint64_t
ram_pager_checksum(struct ram_pager *rp);

/* Prints ram.* counters, the pager's log and its counters. */
void
ram_pager_print(struct ram_pager *rp, const char *prefix);

#endif /* _CM_RAM_PAGER_H_ */
