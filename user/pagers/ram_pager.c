/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/pagers/ram_pager.c: the RAM-backed test pager (ram_pager.h).
 *
 * Store: one struct ram_pager_page per page, guarded by rp->lock:
 * RAM_PAGE_PATTERN (the words are ram_pager_word(p, i, seed)),
 * RAM_PAGE_WHOLE (a malloc'd copy), RAM_PAGE_UNAVAILABLE (no data until
 * written), RAM_PAGE_ERROR (reads fail).  read_range answers a range
 * with one kind of answer when all its pages agree, and PAGER_MIXED
 * otherwise (libpager then asks page by page).
 */
#include <cmtest.h>
#include <cthreads.h>
#include "ram_pager.h"

enum ram_page_kind {
	RAM_PAGE_PATTERN,
	RAM_PAGE_WHOLE,
	RAM_PAGE_UNAVAILABLE,
	RAM_PAGE_ERROR,
};

struct ram_pager_page {
	enum ram_page_kind	kind;
	uint64_t		seed;	/* RAM_PAGE_PATTERN */
	uint64_t		*whole;	/* RAM_PAGE_WHOLE */
};

struct ram_pager {
	struct ram_pager_config	config;		/* read-only */
	struct pager		*pager;
	cm_mutex_t		lock;
	struct ram_pager_page	*pages;		/* lock */
	/* Counters, lock. */
	uint64_t		reads;		/* read_range calls */
	uint64_t		writes;		/* write_range calls */
	uint64_t		pages_written_pattern;
	uint64_t		pages_written_whole;
	uint64_t		clears;
};

void
ram_pager_config_init(struct ram_pager_config *c)
{
	memset(c, 0, sizeof(*c));
	c->pages = 16;
	c->error_code = KERN_MEMORY_ERROR;
	c->threads = 2;
	c->log_max = 65536;
}

/* Parses "P+N" into a range.  Returns 1 on success. */
static int
ram_pager_parse_range(const char *s, struct ram_pager_range *r)
{
	const char *plus = strchr(s, '+');

	if (plus == NULL)
		return 0;
	r->first_page = cm_atol(s);
	r->pages = cm_atol(plus + 1);
	return 1;
}

/* If arg starts with name, returns what follows it, else NULL. */
static const char *
ram_pager_switch(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return strncmp(arg, name, n) == 0 ? arg + n : NULL;
}

int
ram_pager_parse_arg(struct ram_pager_config *c, const char *arg)
{
	const char *v;

	if ((v = ram_pager_switch(arg, "--pages=")) != NULL)
		c->pages = cm_atol(v);
	else if ((v = ram_pager_switch(arg, "--mib=")) != NULL)
		c->pages = cm_atol(v) * 256;
	else if ((v = ram_pager_switch(arg, "--unavailable=")) != NULL) {
		if (c->unavailable_count == RAM_PAGER_RANGES_MAX ||
		    !ram_pager_parse_range(v,
		    &c->unavailable[c->unavailable_count]))
			return 0;
		c->unavailable_count++;
	} else if ((v = ram_pager_switch(arg, "--error=")) != NULL) {
		if (c->error_count == RAM_PAGER_RANGES_MAX ||
		    !ram_pager_parse_range(v, &c->error[c->error_count]))
			return 0;
		c->error_count++;
	} else if ((v = ram_pager_switch(arg, "--error-code=")) != NULL)
		c->error_code = cm_atol(v);
	else if ((v = ram_pager_switch(arg, "--delay-swtch=")) != NULL)
		c->delay_swtch = cm_atol(v);
	else if ((v = ram_pager_switch(arg, "--delay-ms=")) != NULL)
		c->delay_ms = cm_atol(v);
	else if ((v = ram_pager_switch(arg, "--die-at=")) != NULL)
		c->die_at = cm_atol(v);
	else if (strcmp(arg, "--write-lock") == 0)
		c->write_lock = 1;
	else if (strcmp(arg, "--supply-reply") == 0)
		c->supply_reply = 1;
	else if (strcmp(arg, "--precious") == 0)
		c->precious = 1;
	else if (strcmp(arg, "--refuse-unlock") == 0)
		c->refuse_unlock = 1;
	else if (strcmp(arg, "--may-cache") == 0)
		c->may_cache = 1;
	else if (strcmp(arg, "--copy-none") == 0)
		c->copy_none = 1;
	else if ((v = ram_pager_switch(arg, "--threads=")) != NULL)
		c->threads = cm_atol(v);
	else if ((v = ram_pager_switch(arg, "--log=")) != NULL)
		c->log_max = cm_atol(v);
	else
		return 0;
	return 1;
}

void
ram_pager_parse_args(struct ram_pager_config *c, int argc, char **argv,
    int first)
{
	int i;

	for (i = first; i < argc; i++)
		(void)ram_pager_parse_arg(c, argv[i]);
}

void
ram_pager_fill(uint64_t *words, uint64_t page, uint64_t seed)
{
	unsigned int i;

	for (i = 0; i < RAM_PAGER_PAGE_WORDS; i++)
		words[i] = ram_pager_word(page, i, seed);
}

unsigned int
ram_pager_check(const uint64_t *words, uint64_t page, uint64_t seed)
{
	unsigned int i, bad = 0;

	for (i = 0; i < RAM_PAGER_PAGE_WORDS; i++)
		bad += words[i] != ram_pager_word(page, i, seed);
	return bad;
}

/* Which answer a page gets.  Locks: rp->lock held. */
static enum ram_page_kind
ram_pager_kind_locked(struct ram_pager *rp, vm_size_t page)
{
	if (page >= rp->config.pages)
		return RAM_PAGE_ERROR;
	return rp->pages[page].kind;
}

/* The answer a page gets: RAM_PAGE_PATTERN stands for data (pattern or
 * whole), else RAM_PAGE_UNAVAILABLE or RAM_PAGE_ERROR.  Locks: rp->lock. */
static enum ram_page_kind
ram_pager_answer_locked(struct ram_pager *rp, vm_size_t page)
{
	enum ram_page_kind k = ram_pager_kind_locked(rp, page);

	return k == RAM_PAGE_WHOLE ? RAM_PAGE_PATTERN : k;
}

/* Copies a data page out of the store.  Locks: rp->lock held. */
static void
ram_pager_copy_out_locked(struct ram_pager *rp, vm_size_t page,
    uint64_t *words)
{
	const struct ram_pager_page *s = &rp->pages[page];

	if (s->kind == RAM_PAGE_WHOLE)
		memcpy(words, s->whole, RAM_PAGER_PAGE_BYTES);
	else
		ram_pager_fill(words, page, s->seed);
}

/* The switches that slow or end a read: delay, then die. */
static void
ram_pager_before_answer(struct ram_pager *rp, uint64_t read_number)
{
	unsigned int i;

	for (i = 0; i < rp->config.delay_swtch; i++)
		swtch();
	if (rp->config.delay_ms != 0)
		pager_sleep_ms(rp->config.delay_ms);
	if (rp->config.die_at != 0 && read_number == rp->config.die_at) {
		printf("ram.dying=%lu\n", (unsigned long)read_number);
		(void)task_terminate(mach_task_self());
		for (;;)
			swtch();
	}
}

static kern_return_t
ram_pager_read(struct pager *pager, vm_offset_t offset, vm_size_t length,
    void **buf, int *write_lock)
{
	struct ram_pager *rp = pager_arg(pager);
	vm_size_t first = offset / RAM_PAGER_PAGE_BYTES;
	vm_size_t n = length / RAM_PAGER_PAGE_BYTES, i;
	enum ram_page_kind kind, k;
	vm_address_t data;
	uint64_t number;

	cm_mutex_lock(&rp->lock);
	number = ++rp->reads;
	cm_mutex_unlock(&rp->lock);
	ram_pager_before_answer(rp, number);
	data = (vm_address_t)pager_read_buffer(pager, length);
	if (data == 0)
		return KERN_RESOURCE_SHORTAGE;
	cm_mutex_lock(&rp->lock);
	kind = ram_pager_answer_locked(rp, first);
	for (i = 0; i < n; i++) {
		k = ram_pager_answer_locked(rp, first + i);
		if (k != kind)
			break;		/* answers differ: PAGER_MIXED */
		if (k == RAM_PAGE_PATTERN)
			ram_pager_copy_out_locked(rp, first + i,
			    (uint64_t *)(data + i * RAM_PAGER_PAGE_BYTES));
	}
	cm_mutex_unlock(&rp->lock);
	if (i < n || kind != RAM_PAGE_PATTERN)
		pager_read_buffer_free(pager, (void *)data, length);
	if (i < n)
		return PAGER_MIXED;
	if (kind == RAM_PAGE_UNAVAILABLE)
		return PAGER_UNAVAILABLE;
	if (kind == RAM_PAGE_ERROR)
		return rp->config.error_code;
	*buf = (void *)data;
	*write_lock = rp->config.write_lock;
	return KERN_SUCCESS;
}

/* Stores one returned page.  Locks: rp->lock held. */
static void
ram_pager_store_locked(struct ram_pager *rp, vm_size_t page,
    const uint64_t *words)
{
	struct ram_pager_page *s = &rp->pages[page];
	uint64_t seed = words[0] ^ ram_pager_word(page, 0, 0);

	if (s->kind == RAM_PAGE_ERROR)
		return;		/* never readable, so never written */
	if (ram_pager_check(words, page, seed) == 0) {
		free(s->whole);
		s->whole = NULL;
		s->kind = RAM_PAGE_PATTERN;
		s->seed = seed;
		rp->pages_written_pattern++;
		return;
	}
	if (s->whole == NULL)
		s->whole = malloc(RAM_PAGER_PAGE_BYTES);
	if (s->whole == NULL)
		return;
	memcpy(s->whole, words, RAM_PAGER_PAGE_BYTES);
	s->kind = RAM_PAGE_WHOLE;
	rp->pages_written_whole++;
}

static kern_return_t
ram_pager_write(struct pager *pager, vm_offset_t offset, vm_size_t length,
    const void *buf)
{
	struct ram_pager *rp = pager_arg(pager);
	vm_size_t first = offset / RAM_PAGER_PAGE_BYTES;
	vm_size_t n = length / RAM_PAGER_PAGE_BYTES, i;
	kern_return_t kr = KERN_SUCCESS;

	cm_mutex_lock(&rp->lock);
	rp->writes++;
	for (i = 0; i < n; i++) {
		if (first + i >= rp->config.pages) {
			kr = KERN_INVALID_ARGUMENT;
			break;
		}
		ram_pager_store_locked(rp, first + i, (const uint64_t *)
		    ((const char *)buf + i * RAM_PAGER_PAGE_BYTES));
	}
	cm_mutex_unlock(&rp->lock);
	return kr;
}

static void
ram_pager_clear(struct pager *pager)
{
	struct ram_pager *rp = pager_arg(pager);

	cm_mutex_lock(&rp->lock);
	rp->clears++;
	cm_mutex_unlock(&rp->lock);
}

/* With --refuse-unlock, no access is ever unlocked. */
static kern_return_t
ram_pager_unlock(struct pager *pager, vm_offset_t offset, vm_size_t length,
    vm_prot_t access)
{
	struct ram_pager *rp = pager_arg(pager);

	(void)offset;
	(void)length;
	(void)access;
	return rp->config.refuse_unlock ? KERN_PROTECTION_FAILURE :
	    KERN_SUCCESS;
}

static const struct pager_ops ram_pager_ops = {
	.read_range = ram_pager_read,
	.write_range = ram_pager_write,
	.unlock_range = ram_pager_unlock,
	.clear = ram_pager_clear,
};

/* Marks the configured ranges in a new store. */
static void
ram_pager_mark(struct ram_pager *rp, const struct ram_pager_range *ranges,
    int count, enum ram_page_kind kind)
{
	vm_size_t p;
	int i;

	for (i = 0; i < count; i++) {
		for (p = ranges[i].first_page; p < ranges[i].first_page +
		    ranges[i].pages && p < rp->config.pages; p++)
			rp->pages[p].kind = kind;
	}
}

struct ram_pager *
ram_pager_create(const struct ram_pager_config *config)
{
	struct ram_pager *rp = malloc(sizeof(*rp));
	size_t store_bytes = config->pages * sizeof(struct ram_pager_page);

	if (rp == NULL || config->pages == 0)
		goto fail;
	memset(rp, 0, sizeof(*rp));
	rp->config = *config;
	rp->pages = malloc(store_bytes);
	if (rp->pages == NULL)
		goto fail;
	memset(rp->pages, 0, store_bytes);	/* PATTERN, seed 0 */
	ram_pager_mark(rp, config->unavailable, config->unavailable_count,
	    RAM_PAGE_UNAVAILABLE);
	ram_pager_mark(rp, config->error, config->error_count,
	    RAM_PAGE_ERROR);
	rp->pager = pager_create(&ram_pager_ops, rp,
	    config->may_cache ? TRUE : FALSE, config->copy_none ?
	    MEMORY_OBJECT_COPY_NONE : MEMORY_OBJECT_COPY_DELAY);
	if (rp->pager == NULL)
		goto fail;
	if (config->log_max != 0)
		pager_log_enable(rp->pager, config->log_max);
	pager_set_supply_reply(rp->pager, config->supply_reply);
	pager_set_precious(rp->pager, config->precious);
	return rp;
fail:
	if (rp != NULL)
		free(rp->pages);
	free(rp);
	return NULL;
}

struct pager *
ram_pager_pager(struct ram_pager *rp)
{
	return rp->pager;
}

const struct ram_pager_config *
ram_pager_config(struct ram_pager *rp)
{
	return &rp->config;
}

int
ram_pager_page_state(struct ram_pager *rp, vm_size_t page, uint64_t *seed)
{
	int state;

	if (page >= rp->config.pages)
		return -1;
	cm_mutex_lock(&rp->lock);
	state = (int)rp->pages[page].kind;
	if (seed != NULL)
		*seed = rp->pages[page].seed;
	cm_mutex_unlock(&rp->lock);
	return state;
}

int
ram_pager_set_seed(struct ram_pager *rp, vm_size_t page, uint64_t seed)
{
	struct ram_pager_page *s;

	if (page >= rp->config.pages)
		return -1;
	cm_mutex_lock(&rp->lock);
	s = &rp->pages[page];
	free(s->whole);
	s->whole = NULL;
	s->kind = RAM_PAGE_PATTERN;
	s->seed = seed;
	cm_mutex_unlock(&rp->lock);
	return 0;
}

uint64_t
ram_pager_checksum(struct ram_pager *rp)
{
	static uint64_t words[RAM_PAGER_PAGE_WORDS];
	static cm_mutex_t words_lock = CM_MUTEX_INITIALIZER;
	uint64_t sum = 0;
	vm_size_t p;
	unsigned int i;

	cm_mutex_lock(&words_lock);
	for (p = 0; p < rp->config.pages; p++) {
		cm_mutex_lock(&rp->lock);
		if (rp->pages[p].kind <= RAM_PAGE_WHOLE)
			ram_pager_copy_out_locked(rp, p, words);
		else
			memset(words, 0, sizeof(words));
		cm_mutex_unlock(&rp->lock);
		for (i = 0; i < RAM_PAGER_PAGE_WORDS; i++)
			sum = (sum ^ words[i]) * 0x100000001b3ULL + p;
	}
	cm_mutex_unlock(&words_lock);
	return sum;
}

void
ram_pager_print(struct ram_pager *rp, const char *prefix)
{
	cm_mutex_lock(&rp->lock);
	printf("%s.ram_reads=%lu\n", prefix, (unsigned long)rp->reads);
	printf("%s.ram_writes=%lu\n", prefix, (unsigned long)rp->writes);
	printf("%s.ram_pages_written_pattern=%lu\n", prefix,
	    (unsigned long)rp->pages_written_pattern);
	printf("%s.ram_pages_written_whole=%lu\n", prefix,
	    (unsigned long)rp->pages_written_whole);
	printf("%s.ram_clears=%lu\n", prefix, (unsigned long)rp->clears);
	cm_mutex_unlock(&rp->lock);
	pager_print_log(rp->pager, prefix);
	pager_print_stats(rp->pager, prefix);
}
