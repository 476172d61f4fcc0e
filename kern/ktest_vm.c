/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ktest_vm.c: self-tests of the simple VM of issue 4
 * (design/05-vm-lite.md).
 *
 *   ktest=vm_map   on scratch maps (never activated): vm_allocate /
 *                  deallocate / protect / inherit / region with good and
 *                  bad arguments; vm_fault zero fill and refusals; size
 *                  limits; wiring; out-of-line copies of 100 bytes,
 *                  1 page, 16 pages, 1 MiB (copied without deallocate,
 *                  moved with it, byte for byte checked in the receiving
 *                  map, counters checked exactly), unaligned and untouched
 *                  regions, failures that leave the copy intact;
 *                  vm_read / vm_write; vm_map_fork's inheritance.  The
 *                  whole scenario runs twice: the first run warms the
 *                  object caches, the second must give every page and
 *                  object back (free pages equal before and after).
 *
 * Key=value lines are read by tests/harness/test_vm_lite.py.  Nothing
 * here blocks; all runs on the bootstrap thread.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/debug.h>
#include <kern/kalloc.h>
#include <kern/ktest.h>
#include <kern/string.h>
#include <ipc/ipc_port.h>
#include <mach/vm_param.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_pageout.h>
#include <vm/vm_stats.h>
#include <vm/vm_user.h>
#include <x86_64/copyio.h>
#include <x86_64/pmap.h>

#define KTEST_VM_MIB		(1UL << 20)
#define KTEST_VM_MIB_PAGES	(KTEST_VM_MIB / PAGE_SIZE)

static char ktest_vm_why[160];
/* Scratch buffers for patterns and read-backs (1 MiB each, kalloc'd). */
static unsigned char *ktest_vm_buf, *ktest_vm_back;

#define CHECK(cond)	KTEST_CHECK(ktest_vm_why, cond)

#define CHECK_KR(expr, want) do {					\
	kern_return_t kr_ = (expr);					\
	if (kr_ != (want)) {						\
		snprintf(ktest_vm_why, sizeof(ktest_vm_why),		\
		    "line %d: %s gave %d, not %d", __LINE__, #expr,	\
		    kr_, (want));					\
		return ktest_vm_why;					\
	}								\
} while (0)

#define TRY(call)	KTEST_TRY(call)

static unsigned char
ktest_vm_pattern(unsigned int seed, vm_size_t i)
{
	return (unsigned char)(i * 131 + seed * 7 + (i >> 12) * 17 + 1);
}

static void
ktest_vm_fill_buf(unsigned int seed, vm_size_t len)
{
	for (vm_size_t i = 0; i < len; i++)
		ktest_vm_buf[i] = ktest_vm_pattern(seed, i);
}

/* Writes the pattern of seed over [addr, addr + len) of map. */
static const char *
ktest_vm_fill(vm_map_t map, vm_offset_t addr, vm_size_t len, unsigned seed)
{
	ktest_vm_fill_buf(seed, len);
	CHECK(copyout(map, ktest_vm_buf, addr, len));
	return NULL;
}

/* [addr, addr + len) of map holds the pattern of seed. */
static const char *
ktest_vm_verify(vm_map_t map, vm_offset_t addr, vm_size_t len, unsigned seed)
{
	CHECK(copyin(map, addr, ktest_vm_back, len));
	for (vm_size_t i = 0; i < len; i++)
		if (ktest_vm_back[i] != ktest_vm_pattern(seed, i)) {
			snprintf(ktest_vm_why, sizeof(ktest_vm_why),
			    "byte %lu of 0x%lx: 0x%x, not 0x%x",
			    (unsigned long)i, (unsigned long)addr,
			    ktest_vm_back[i], ktest_vm_pattern(seed, i));
			return ktest_vm_why;
		}
	return NULL;
}

static bool
ktest_vm_mapped(vm_map_t map, vm_offset_t addr)
{
	vm_map_entry_t entry;
	bool found;

	vm_map_lock(map);
	found = vm_map_lookup_entry(map, addr, &entry);
	vm_map_unlock(map);
	return found;
}

/* Argument checks of the vm_* routines, region and protections. */
static const char *
ktest_vm_routines(vm_map_t map, bool report)
{
	vm_offset_t addr, a2, reg;
	vm_size_t size, cur, max;
	vm_prot_t prot, maxprot;
	vm_inherit_t inh;
	boolean_t shared;
	ipc_port_t name, first_name;
	vm_offset_t off;
	uint64_t zero_fills;

	CHECK_KR(vm_allocate(map, &addr, 16 * PAGE_SIZE, TRUE), KERN_SUCCESS);
	CHECK(addr >= VM_MAP_USER_MIN && (addr & PAGE_MASK) == 0);
	reg = 0;
	CHECK_KR(vm_region(map, &reg, &size, &prot, &maxprot, &inh, &shared,
	    &name, &off), KERN_SUCCESS);
	CHECK(reg == addr && size == 16 * PAGE_SIZE);
	CHECK(prot == VM_PROT_DEFAULT && maxprot == VM_PROT_ALL);
	/* GNU Mach's vm_region: a name for the object, kept for its life. */
	CHECK(inh == VM_INHERIT_COPY && !shared && name != IP_NULL);
	first_name = name;

	/* Bad input. */
	a2 = 0;
	CHECK_KR(vm_allocate(map, &a2, PAGE_SIZE, FALSE), KERN_INVALID_ADDRESS);
	a2 = addr + PAGE_SIZE;
	CHECK_KR(vm_allocate(map, &a2, PAGE_SIZE, FALSE), KERN_NO_SPACE);
	CHECK_KR(vm_allocate(map, &a2, ~(vm_size_t)0, TRUE), KERN_NO_SPACE);
	a2 = VM_MAX_ADDRESS - PAGE_SIZE;
	CHECK_KR(vm_allocate(map, &a2, 2 * PAGE_SIZE, FALSE),
	    KERN_INVALID_ADDRESS);
	CHECK_KR(vm_allocate(VM_MAP_NULL, &a2, PAGE_SIZE, TRUE),
	    KERN_INVALID_ARGUMENT);
	CHECK_KR(vm_deallocate(map, ~(vm_offset_t)0 - 10, 100),
	    KERN_INVALID_ADDRESS);
	CHECK_KR(vm_protect(map, addr, PAGE_SIZE, FALSE, 0x100),
	    KERN_INVALID_ARGUMENT);
	CHECK_KR(vm_protect(map, addr + 16 * PAGE_SIZE, PAGE_SIZE, FALSE,
	    VM_PROT_READ), KERN_INVALID_ADDRESS);
	CHECK_KR(vm_inherit(map, addr, PAGE_SIZE, 7), KERN_INVALID_ARGUMENT);

	/* Faults: zero fill, refusals. */
	zero_fills = vm_counters.zero_fills;
	CHECK_KR(vm_fault(map, addr + 5, VM_PROT_READ), KERN_SUCCESS);
	CHECK(vm_counters.zero_fills == zero_fills + 1);
	CHECK_KR(vm_fault(map, addr + 7, VM_PROT_WRITE), KERN_SUCCESS);
	CHECK(vm_counters.zero_fills == zero_fills + 1);	/* resident */
	CHECK_KR(vm_fault(map, addr + 16 * PAGE_SIZE, VM_PROT_READ),
	    KERN_INVALID_ADDRESS);
	CHECK_KR(vm_fault(map, addr, VM_PROT_EXECUTE),
	    KERN_PROTECTION_FAILURE);

	/* Protection: lower the maximum, then try to raise past it. */
	CHECK_KR(vm_protect(map, addr + PAGE_SIZE, PAGE_SIZE, TRUE,
	    VM_PROT_READ), KERN_SUCCESS);
	CHECK_KR(vm_fault(map, addr + PAGE_SIZE, VM_PROT_WRITE),
	    KERN_PROTECTION_FAILURE);
	CHECK(!copyout(map, "x", addr + PAGE_SIZE, 1));
	CHECK_KR(vm_protect(map, addr + PAGE_SIZE, PAGE_SIZE, FALSE,
	    VM_PROT_DEFAULT), KERN_PROTECTION_FAILURE);
	CHECK(vm_map_entry_count(map) == 3);	/* clipped in three */
	reg = addr + PAGE_SIZE;
	CHECK_KR(vm_region(map, &reg, &size, &prot, &maxprot, &inh, &shared,
	    &name, &off), KERN_SUCCESS);
	CHECK(reg == addr + PAGE_SIZE && size == PAGE_SIZE &&
	    prot == VM_PROT_READ && maxprot == VM_PROT_READ &&
	    off == PAGE_SIZE);
	CHECK(name == first_name);	/* a clip of the same object */
	ipc_port_release_send_unlocked(name);
	ipc_port_release_send_unlocked(first_name);
	CHECK_KR(vm_protect(map, addr, PAGE_SIZE, FALSE, VM_PROT_NONE),
	    KERN_SUCCESS);
	CHECK_KR(vm_fault(map, addr, VM_PROT_READ), KERN_PROTECTION_FAILURE);

	/* Deallocate a middle page, then the rest (holes are fine). */
	CHECK_KR(vm_deallocate(map, addr + 8 * PAGE_SIZE, PAGE_SIZE),
	    KERN_SUCCESS);
	CHECK(!ktest_vm_mapped(map, addr + 8 * PAGE_SIZE));
	CHECK(ktest_vm_mapped(map, addr + 9 * PAGE_SIZE));
	CHECK_KR(vm_deallocate(map, addr, 16 * PAGE_SIZE), KERN_SUCCESS);
	CHECK(vm_map_entry_count(map) == 0 && map->size == 0);

	/* Size limits. */
	CHECK_KR(vm_set_size_limit_access(VM_HOST_PLAIN, map, 64 * PAGE_SIZE,
	    64 * PAGE_SIZE), KERN_SUCCESS);
	CHECK_KR(vm_allocate(map, &a2, 65 * PAGE_SIZE, TRUE), KERN_NO_SPACE);
	CHECK_KR(vm_allocate(map, &a2, 64 * PAGE_SIZE, TRUE), KERN_SUCCESS);
	CHECK_KR(vm_allocate(map, &addr, PAGE_SIZE, TRUE), KERN_NO_SPACE);
	CHECK_KR(vm_deallocate(map, a2, 64 * PAGE_SIZE), KERN_SUCCESS);
	CHECK_KR(vm_set_size_limit_access(VM_HOST_PLAIN, map, 64 * PAGE_SIZE,
	    128 * PAGE_SIZE), KERN_NO_ACCESS);
	CHECK_KR(vm_set_size_limit_access(VM_HOST_PLAIN, map, 65 * PAGE_SIZE,
	    64 * PAGE_SIZE), KERN_INVALID_ARGUMENT);
	CHECK_KR(vm_set_size_limit_access(VM_HOST_NONE, map, PAGE_SIZE,
	    PAGE_SIZE), KERN_INVALID_HOST);
	CHECK_KR(vm_set_size_limit_access(VM_HOST_PRIV, map, 1UL << 30,
	    1UL << 30), KERN_SUCCESS);
	CHECK_KR(vm_get_size_limit(map, &cur, &max), KERN_SUCCESS);
	CHECK(cur == 1UL << 30 && max == 1UL << 30);

	/* Wiring: every page resident and counted. */
	CHECK_KR(vm_allocate(map, &addr, 8 * PAGE_SIZE, TRUE), KERN_SUCCESS);
	{
		unsigned long wired = vm_page_wire_count;
		unsigned long resident = vm_page_resident_count;

		CHECK_KR(vm_wire_access(VM_HOST_PLAIN, map, addr, 8 * PAGE_SIZE,
		    VM_PROT_READ | VM_PROT_WRITE), KERN_SUCCESS);
		CHECK(vm_page_wire_count == wired + 8);
		CHECK(vm_page_resident_count == resident + 8);
		CHECK_KR(vm_wire_access(VM_HOST_PLAIN, map, addr, 16UL << 20,
		    VM_PROT_READ), KERN_NO_ACCESS);
		CHECK_KR(vm_wire_all_access(VM_HOST_PLAIN, map, VM_WIRE_ALL),
		    KERN_INVALID_HOST);
		CHECK_KR(vm_wire_all_access(VM_HOST_PRIV, map, 4), KERN_INVALID_ARGUMENT);
		CHECK_KR(vm_wire_access(VM_HOST_PLAIN, map, addr, 8 * PAGE_SIZE,
		    VM_PROT_NONE), KERN_SUCCESS);
		CHECK(vm_page_wire_count == wired);
		CHECK_KR(vm_wire_all_access(VM_HOST_PRIV, map, VM_WIRE_FUTURE),
		    KERN_SUCCESS);
		CHECK_KR(vm_allocate(map, &a2, 4 * PAGE_SIZE, TRUE),
		    KERN_SUCCESS);
		CHECK(vm_page_wire_count == wired + 4);
		CHECK_KR(vm_wire_all_access(VM_HOST_PRIV, map, VM_WIRE_NONE),
		    KERN_SUCCESS);
		CHECK(vm_page_wire_count == wired);
		CHECK_KR(vm_deallocate(map, a2, 4 * PAGE_SIZE), KERN_SUCCESS);
		CHECK_KR(vm_deallocate(map, addr, 8 * PAGE_SIZE), KERN_SUCCESS);
		CHECK(vm_page_resident_count == resident);
	}

	/* Statistics. */
	{
		vm_statistics_data_t st;

		CHECK_KR(vm_statistics(map, &st), KERN_SUCCESS);
		CHECK(st.pagesize == PAGE_SIZE);
		CHECK(st.free_count > 0 &&
		    (unsigned long)st.free_count <= vm_page_total_count());
		CHECK((uint64_t)st.zero_fill_count >= zero_fills + 1);
		if (report)
			printf("vm_stat_pagesize=%d\nvm_stat_faults=%d\n"
			    "vm_stat_zero_fill=%d\n", st.pagesize, st.faults,
			    st.zero_fill_count);
	}
	return NULL;
}

/*
 * One out-of-line transfer of len bytes from map1 at page offset `skew'
 * to map2, with or without deallocate; checks contents and counters.
 */
static const char *
ktest_vm_ool(vm_map_t map1, vm_map_t map2, vm_size_t len, vm_offset_t skew,
    bool destroy, const char *label, bool report)
{
	struct vm_counters s0, s1, s2;
	vm_offset_t src, dst;
	vm_map_copy_t copy;
	unsigned int seed = (unsigned int)(len + skew + destroy);
	vm_size_t npages = round_page(skew + len) / PAGE_SIZE;
	bool moved, shared;

	CHECK_KR(vm_allocate(map1, &src, skew + len, TRUE), KERN_SUCCESS);
	TRY(ktest_vm_fill(map1, src + skew, len, seed));
	vm_counters_read(&s0);
	CHECK_KR(vm_map_copyin(map1, src + skew, len, destroy, &copy),
	    KERN_SUCCESS);
	vm_counters_read(&s1);
	CHECK(vm_map_copy_size(copy) == len);
	CHECK(s1.copies_current == s0.copies_current + 1);
	moved = skew == 0 && (len & PAGE_MASK) == 0 &&
	    len >= VM_MAP_COPY_MOVE_MIN_PAGES * PAGE_SIZE;
	shared = moved && !destroy;	/* copy-on-write, N5 of vm_map.c */
	moved = moved && destroy;
	CHECK(s1.pages_shared - s0.pages_shared == (shared ? npages : 0));
	if (moved || shared) {
		CHECK(s1.pages_moved - s0.pages_moved == (moved ? npages : 0));
		CHECK(s1.bytes_copied == s0.bytes_copied);
		CHECK(s1.pages_copied == s0.pages_copied);
	} else {
		CHECK(s1.pages_moved == s0.pages_moved);
		CHECK(s1.bytes_copied - s0.bytes_copied == len);
	}
	/*
	 * The sender keeps its data without deallocate, loses it with;
	 * what it writes after the copy is not the copy's.
	 */
	if (destroy) {
		CHECK(!ktest_vm_mapped(map1, src));
		CHECK(!ktest_vm_mapped(map1, src + skew + len - 1));
	} else {
		TRY(ktest_vm_verify(map1, src + skew, len, seed));
		TRY(ktest_vm_fill(map1, src + skew, len, seed + 1));
	}

	CHECK_KR(vm_map_copyout(map2, &dst, copy), KERN_SUCCESS);
	vm_counters_read(&s2);
	CHECK(s2.copies_current == s0.copies_current);
	CHECK((dst & PAGE_MASK) == (len < PAGE_SIZE ? 0 : skew));
	/* Object copies are mapped as they are; small ones copied once. */
	if (len >= PAGE_SIZE)
		CHECK(s2.bytes_copied == s1.bytes_copied);
	else
		CHECK(s2.bytes_copied - s1.bytes_copied == len);
	TRY(ktest_vm_verify(map2, dst, len, seed));
	if (report)
		printf("ool_%s_pages_moved=%lu\nool_%s_bytes_copied=%lu\n"
		    "ool_%s_pages_shared=%lu\n",
		    label, (unsigned long)(s2.pages_moved - s0.pages_moved),
		    label, (unsigned long)(s2.bytes_copied - s0.bytes_copied),
		    label, (unsigned long)(s2.pages_shared - s0.pages_shared));
	/* And the receiver's writes are not the sender's. */
	if (!destroy) {
		TRY(ktest_vm_fill(map2, dst, len, seed + 2));
		TRY(ktest_vm_verify(map1, src + skew, len, seed + 1));
		TRY(ktest_vm_verify(map2, dst, len, seed + 2));
	}
	CHECK_KR(vm_deallocate(map2, dst, len), KERN_SUCCESS);
	if (!destroy)
		CHECK_KR(vm_deallocate(map1, src, skew + len), KERN_SUCCESS);
	return NULL;
}

/* Out-of-line edge cases: zero pages, bad ranges, failed copyout. */
static const char *
ktest_vm_ool_edges(vm_map_t map1, vm_map_t map2, bool report)
{
	struct vm_counters s0, s1;
	vm_offset_t src, dst;
	vm_map_copy_t copy;
	vm_size_t cur, max;

	/* Never-touched pages travel as zero, allocating nothing. */
	CHECK_KR(vm_allocate(map1, &src, 4 * PAGE_SIZE, TRUE), KERN_SUCCESS);
	vm_counters_read(&s0);
	unsigned long free0 = vm_page_free_count();
	CHECK_KR(vm_map_copyin(map1, src, 4 * PAGE_SIZE, TRUE, &copy),
	    KERN_SUCCESS);
	vm_counters_read(&s1);
	CHECK(s1.pages_moved == s0.pages_moved);
	CHECK(s1.copy_zero_pages - s0.copy_zero_pages == 4);
	CHECK_KR(vm_map_copyout(map2, &dst, copy), KERN_SUCCESS);
	CHECK(copyin(map2, dst, ktest_vm_back, 4 * PAGE_SIZE));
	for (vm_size_t i = 0; i < 4 * PAGE_SIZE; i++)
		CHECK(ktest_vm_back[i] == 0);
	CHECK_KR(vm_deallocate(map2, dst, 4 * PAGE_SIZE), KERN_SUCCESS);
	/* Slab pages may come and go; the data pages all came back. */
	CHECK(vm_page_free_count() + 2 >= free0);

	/* Bad ranges: nothing changes. */
	CHECK_KR(vm_allocate(map1, &src, 4 * PAGE_SIZE, TRUE), KERN_SUCCESS);
	CHECK_KR(vm_map_copyin(map1, src, 5 * PAGE_SIZE, TRUE, &copy),
	    KERN_INVALID_ADDRESS);
	CHECK(ktest_vm_mapped(map1, src));
	CHECK_KR(vm_map_copyin(map1, ~(vm_offset_t)0 - 10, 100, FALSE, &copy),
	    KERN_INVALID_ADDRESS);
	CHECK_KR(vm_map_copyin(map1, 0, 100, FALSE, &copy),
	    KERN_INVALID_ADDRESS);
	CHECK_KR(vm_protect(map1, src + PAGE_SIZE, PAGE_SIZE, FALSE,
	    VM_PROT_NONE), KERN_SUCCESS);
	CHECK_KR(vm_map_copyin(map1, src, 4 * PAGE_SIZE, TRUE, &copy),
	    KERN_PROTECTION_FAILURE);
	CHECK(ktest_vm_mapped(map1, src) &&
	    ktest_vm_mapped(map1, src + 3 * PAGE_SIZE));
	CHECK_KR(vm_map_copyin(map1, src, 0, TRUE, &copy), KERN_SUCCESS);
	CHECK(copy == VM_MAP_COPY_NULL);
	CHECK_KR(vm_map_copyout(map2, &dst, copy), KERN_SUCCESS);
	CHECK(dst == 0);

	/* A failed copyout leaves the copy whole (X1). */
	TRY(ktest_vm_fill(map1, src + 2 * PAGE_SIZE, 2 * PAGE_SIZE, 9));
	CHECK_KR(vm_map_copyin(map1, src + 2 * PAGE_SIZE, 2 * PAGE_SIZE, TRUE,
	    &copy), KERN_SUCCESS);
	CHECK_KR(vm_get_size_limit(map2, &cur, &max), KERN_SUCCESS);
	CHECK_KR(vm_set_size_limit_access(VM_HOST_PLAIN, map2, PAGE_SIZE,
	    max), KERN_SUCCESS);
	CHECK_KR(vm_map_copyout(map2, &dst, copy), KERN_NO_SPACE);
	CHECK_KR(vm_set_size_limit_access(VM_HOST_PLAIN, map2, cur, max),
	    KERN_SUCCESS);
	CHECK_KR(vm_map_copy_read(copy, ktest_vm_back, 2 * PAGE_SIZE),
	    KERN_SUCCESS);
	ktest_vm_fill_buf(9, 2 * PAGE_SIZE);
	CHECK(memcmp(ktest_vm_back, ktest_vm_buf, 2 * PAGE_SIZE) == 0);
	CHECK_KR(vm_map_copy_read(copy, ktest_vm_back, 2 * PAGE_SIZE + 1),
	    KERN_INVALID_ARGUMENT);
	vm_map_copy_discard(copy);
	CHECK_KR(vm_deallocate(map1, src, 4 * PAGE_SIZE), KERN_SUCCESS);

	/* vm_write of kernel data, vm_read back; read-only refuses. */
	CHECK_KR(vm_allocate(map1, &src, 3 * PAGE_SIZE, TRUE), KERN_SUCCESS);
	ktest_vm_fill_buf(5, 5000);
	CHECK_KR(vm_map_copyin_kernel_buffer(ktest_vm_buf, 5000, &copy),
	    KERN_SUCCESS);
	CHECK_KR(vm_write(map1, src + 100, (pointer_t)copy, 4999),
	    KERN_INVALID_ARGUMENT);
	CHECK_KR(vm_write(map1, src + 100, (pointer_t)copy, 5000),
	    KERN_SUCCESS);
	TRY(ktest_vm_verify(map1, src + 100, 5000, 5));
	{
		pointer_t data;
		mach_msg_type_number_t count;

		CHECK_KR(vm_read(map1, src + 100, 5000, &data, &count),
		    KERN_SUCCESS);
		CHECK(count == 5000);
		CHECK_KR(vm_map_copy_read((vm_map_copy_t)data, ktest_vm_back,
		    5000), KERN_SUCCESS);
		CHECK(memcmp(ktest_vm_back, ktest_vm_buf, 5000) == 0);
		CHECK_KR(vm_protect(map1, src, 3 * PAGE_SIZE, FALSE,
		    VM_PROT_READ), KERN_SUCCESS);
		CHECK_KR(vm_write(map1, src, data, 5000),
		    KERN_PROTECTION_FAILURE);
		vm_map_copy_discard((vm_map_copy_t)data);
	}
	CHECK_KR(vm_deallocate(map1, src, 3 * PAGE_SIZE), KERN_SUCCESS);
	if (report) {
		struct vm_counters s;

		vm_counters_read(&s);
		printf("copies_in_flight=%ld\n", (long)s.copies_current);
	}
	return NULL;
}

/* vm_map_fork honours each entry's inheritance. */
static const char *
ktest_vm_fork(vm_map_t map)
{
	vm_offset_t a_copy, a_share, a_none;
	vm_map_t child;
	unsigned char c;

	CHECK_KR(vm_allocate(map, &a_copy, 2 * PAGE_SIZE, TRUE), KERN_SUCCESS);
	CHECK_KR(vm_allocate(map, &a_share, 2 * PAGE_SIZE, TRUE),
	    KERN_SUCCESS);
	CHECK_KR(vm_allocate(map, &a_none, PAGE_SIZE, TRUE), KERN_SUCCESS);
	CHECK_KR(vm_inherit(map, a_share, 2 * PAGE_SIZE, VM_INHERIT_SHARE),
	    KERN_SUCCESS);
	CHECK_KR(vm_inherit(map, a_none, PAGE_SIZE, VM_INHERIT_NONE),
	    KERN_SUCCESS);
	TRY(ktest_vm_fill(map, a_copy, 2 * PAGE_SIZE, 3));
	TRY(ktest_vm_fill(map, a_share, PAGE_SIZE, 4));
	CHECK_KR(vm_map_fork(map, &child), KERN_SUCCESS);
	TRY(ktest_vm_verify(child, a_copy, 2 * PAGE_SIZE, 3));
	TRY(ktest_vm_verify(child, a_share, PAGE_SIZE, 4));
	CHECK(!ktest_vm_mapped(child, a_none));
	/* Copy: private.  Share: both see writes, untouched pages too. */
	CHECK(copyout(child, "C", a_copy, 1));
	CHECK(copyin(map, a_copy, &c, 1) && c == ktest_vm_pattern(3, 0));
	CHECK(copyout(child, "S", a_share, 1));
	CHECK(copyin(map, a_share, &c, 1) && c == 'S');
	CHECK(copyout(map, "T", a_share + PAGE_SIZE, 1));
	CHECK(copyin(child, a_share + PAGE_SIZE, &c, 1) && c == 'T');
	/* A shared object's pages are copied, never moved out. */
	{
		struct vm_counters s0, s1;
		vm_map_copy_t copy;

		vm_counters_read(&s0);
		CHECK_KR(vm_map_copyin(map, a_share, 2 * PAGE_SIZE, TRUE,
		    &copy), KERN_SUCCESS);
		vm_counters_read(&s1);
		CHECK(s1.pages_moved == s0.pages_moved);
		CHECK(copyin(child, a_share, &c, 1) && c == 'S');
		vm_map_copy_discard(copy);
	}
	vm_map_deallocate(child);
	CHECK_KR(vm_deallocate(map, a_copy, 2 * PAGE_SIZE), KERN_SUCCESS);
	CHECK_KR(vm_deallocate(map, a_none, PAGE_SIZE), KERN_SUCCESS);
	return NULL;
}

static const char *
ktest_vm_scenario(bool report)
{
	vm_map_t map1, map2;

	map1 = ktest_map_create();
	map2 = ktest_map_create();
	CHECK(map1 != VM_MAP_NULL && map2 != VM_MAP_NULL);
	TRY(ktest_vm_routines(map1, report));
	TRY(ktest_vm_ool(map1, map2, 100, 10, false, "small", report));
	TRY(ktest_vm_ool(map1, map2, 100, 10, true, "small_dealloc", report));
	TRY(ktest_vm_ool(map1, map2, PAGE_SIZE, 0, false, "1page", report));
	TRY(ktest_vm_ool(map1, map2, PAGE_SIZE, 0, true, "1page_dealloc",
	    report));
	TRY(ktest_vm_ool(map1, map2, 16 * PAGE_SIZE, 0, false, "16pages",
	    report));
	TRY(ktest_vm_ool(map1, map2, 16 * PAGE_SIZE, 0, true,
	    "16pages_dealloc", report));
	TRY(ktest_vm_ool(map1, map2, KTEST_VM_MIB, 0, false, "1mib", report));
	TRY(ktest_vm_ool(map1, map2, KTEST_VM_MIB, 0, true, "1mib_dealloc",
	    report));
	TRY(ktest_vm_ool(map1, map2, 3 * PAGE_SIZE, 100, true,
	    "unaligned_dealloc", report));
	TRY(ktest_vm_ool_edges(map1, map2, report));
	TRY(ktest_vm_fork(map1));
	vm_map_deallocate(map1);
	vm_map_deallocate(map2);
	return NULL;
}

static const char *
ktest_vm_map(void)
{
	unsigned long free_before, free_after, objects_before, objects_after;
	struct vm_counters s;

	ktest_vm_buf = kalloc(KTEST_VM_MIB);
	ktest_vm_back = kalloc(KTEST_VM_MIB);
	CHECK(ktest_vm_buf != NULL && ktest_vm_back != NULL);
	TRY(ktest_vm_scenario(false));		/* warms the caches */
	free_before = vm_page_free_count();
	objects_before = vm_object_count();
	TRY(ktest_vm_scenario(true));
	free_after = vm_page_free_count();
	objects_after = vm_object_count();
	vm_counters_read(&s);
	printf("free_pages_before=%lu\nfree_pages_after=%lu\n"
	    "objects_before=%lu\nobjects_after=%lu\n"
	    "copies_in_flight_end=%ld\npages_moved_total=%lu\n"
	    "bytes_copied_total=%lu\npages_copied_total=%lu\n",
	    free_before, free_after, objects_before, objects_after,
	    (long)s.copies_current, (unsigned long)s.pages_moved,
	    (unsigned long)s.bytes_copied, (unsigned long)s.pages_copied);
	CHECK(free_after == free_before);
	CHECK(objects_after == objects_before);
	CHECK(s.copies_current == 0);
	kfree(ktest_vm_buf, KTEST_VM_MIB);
	kfree(ktest_vm_back, KTEST_VM_MIB);
	return NULL;
}

KTEST("vm_map", ktest_vm_map);

/* ---- ktest=vm_collapse -------------------------------------------- */

/*
 * ktest=vm_collapse: shadow chains made by vm_map_fork's copy-on-write
 * stay short (vm/vm_object_collapse.c).  Each scenario forks a fresh
 * map of one region of KTEST_COLLAPSE_PAGES pages KTEST_COLLAPSE_FORKS
 * times, checks what every map reads, the chain depth below each map's
 * object, and the exact collapse counters; the scenarios run twice and
 * the second run must give every page and object back.
 *
 *   die      write, fork, child checked and gone, write again...: a
 *            fork shares the object (needs_copy on both entries, no
 *            shadow: depth 0); the first write after it gives the
 *            parent its shadow, copies one page up and collapses the
 *            object the dead child shared (N - 1 pages moved, 1 freed)
 *   live     write, fork, write...; every child kept: the parent's last
 *            copy-up hides the whole shared object, which it bypasses
 *   idle     fork and let the child go, never writing: no object is
 *            made at all until the one write at the end
 *   unwind   forks without writes, children kept, then they go in
 *            order: all maps share one object; the final write shadows
 *            it once and takes its pages up
 * Every scenario also counts cow_shadows: one per first write of an
 * entry after a fork, none for a fork or a read.
 */
#define KTEST_COLLAPSE_PAGES	8
#define KTEST_COLLAPSE_FORKS	12
#define KTEST_COLLAPSE_BYTES	(KTEST_COLLAPSE_PAGES * PAGE_SIZE)

/* The collapse counters a scenario changed. */
struct ktest_collapse_delta {
	uint64_t	collapses, bypasses, moved, freed, cow_faults;
	uint64_t	cow_shadows;
};

static struct vm_counters ktest_collapse_start;

/*
 * The counters changed since ktest_collapse_map() are exactly want;
 * printed as collapse.<name>.<counter>=N when report is set.
 */
static const char *
ktest_collapse_check(bool report, const char *name,
    const struct ktest_collapse_delta *want)
{
	struct ktest_collapse_delta d;
	struct vm_counters now;

	vm_counters_read(&now);
	d.collapses = now.collapses - ktest_collapse_start.collapses;
	d.bypasses = now.bypasses - ktest_collapse_start.bypasses;
	d.moved = now.collapse_pages_moved -
	    ktest_collapse_start.collapse_pages_moved;
	d.freed = now.collapse_pages_freed -
	    ktest_collapse_start.collapse_pages_freed;
	d.cow_faults = now.cow_faults - ktest_collapse_start.cow_faults;
	d.cow_shadows = now.cow_shadows - ktest_collapse_start.cow_shadows;
	if (report)
		printf("collapse.%s.collapses=%lu\ncollapse.%s.bypasses=%lu\n"
		    "collapse.%s.pages_moved=%lu\n"
		    "collapse.%s.pages_freed=%lu\n"
		    "collapse.%s.cow_faults=%lu\n"
		    "collapse.%s.cow_shadows=%lu\n",
		    name, (unsigned long)d.collapses, name,
		    (unsigned long)d.bypasses, name, (unsigned long)d.moved,
		    name, (unsigned long)d.freed, name,
		    (unsigned long)d.cow_faults, name,
		    (unsigned long)d.cow_shadows);
	if (memcmp(&d, want, sizeof(d)) == 0)
		return NULL;
	snprintf(ktest_vm_why, sizeof(ktest_vm_why), "%s: collapses %lu "
	    "bypasses %lu moved %lu freed %lu cow_faults %lu shadows %lu, "
	    "not %lu %lu %lu %lu %lu %lu", name, (unsigned long)d.collapses,
	    (unsigned long)d.bypasses, (unsigned long)d.moved,
	    (unsigned long)d.freed, (unsigned long)d.cow_faults,
	    (unsigned long)d.cow_shadows,
	    (unsigned long)want->collapses, (unsigned long)want->bypasses,
	    (unsigned long)want->moved, (unsigned long)want->freed,
	    (unsigned long)want->cow_faults,
	    (unsigned long)want->cow_shadows);
	return ktest_vm_why;
}

/* The shadow chain depth below the object mapped at addr, or -1. */
static long
ktest_collapse_depth(vm_map_t map, vm_offset_t addr)
{
	vm_map_entry_t entry;
	long depth = -1;

	vm_map_lock(map);
	if (vm_map_lookup_entry(map, addr, &entry)) {
		simple_lock(&entry->object->lock);
		depth = (long)vm_object_shadow_depth(entry->object);
		simple_unlock(&entry->object->lock);
	}
	vm_map_unlock(map);
	return depth;
}

/*
 * A fresh map with the one region, filled with the pattern of seed 0;
 * the counters are taken then, for ktest_collapse_check().
 */
static const char *
ktest_collapse_map(vm_map_t *map, vm_offset_t *addr)
{
	*map = ktest_map_create();
	CHECK(*map != VM_MAP_NULL);
	*addr = 0;
	CHECK_KR(vm_allocate(*map, addr, KTEST_COLLAPSE_BYTES, TRUE),
	    KERN_SUCCESS);
	TRY(ktest_vm_fill(*map, *addr, KTEST_COLLAPSE_BYTES, 0));
	vm_counters_read(&ktest_collapse_start);
	return NULL;
}

/* die: the child of each fork is checked and gone before the next write. */
static const char *
ktest_collapse_die(bool report)
{
	const uint64_t n = KTEST_COLLAPSE_PAGES, k = KTEST_COLLAPSE_FORKS;
	vm_map_t map, child;
	vm_offset_t a;
	unsigned int i;

	TRY(ktest_collapse_map(&map, &a));
	for (i = 1; i <= k; i++) {
		CHECK_KR(vm_map_fork(map, &child), KERN_SUCCESS);
		/* Both entries share the object, needs_copy: no shadow. */
		CHECK(ktest_collapse_depth(map, a) == 0);
		CHECK(ktest_collapse_depth(child, a) == 0);
		TRY(ktest_vm_verify(child, a, KTEST_COLLAPSE_BYTES, i - 1));
		vm_map_deallocate(child);
		TRY(ktest_vm_fill(map, a, KTEST_COLLAPSE_BYTES, i));
		CHECK(ktest_collapse_depth(map, a) == 0);
	}
	TRY(ktest_collapse_check(report, "die", &(struct ktest_collapse_delta){
	    .collapses = k, .moved = k * (n - 1), .freed = k,
	    .cow_faults = k, .cow_shadows = k }));
	TRY(ktest_vm_verify(map, a, KTEST_COLLAPSE_BYTES, k));
	vm_map_deallocate(map);
	return NULL;
}

/* live: every child stays; the parent rewrites everything between forks. */
static const char *
ktest_collapse_live(bool report)
{
	const uint64_t n = KTEST_COLLAPSE_PAGES, k = KTEST_COLLAPSE_FORKS;
	vm_map_t map, child[KTEST_COLLAPSE_FORKS];
	vm_offset_t a;
	unsigned int i;

	TRY(ktest_collapse_map(&map, &a));
	for (i = 0; i < k; i++) {
		CHECK_KR(vm_map_fork(map, &child[i]), KERN_SUCCESS);
		TRY(ktest_vm_fill(map, a, KTEST_COLLAPSE_BYTES, i + 1));
		/* The last copy-up hid the middle object: bypassed. */
		CHECK(ktest_collapse_depth(map, a) == 0);
	}
	TRY(ktest_collapse_check(report, "live", &(struct ktest_collapse_delta){
	    .bypasses = k, .cow_faults = k * n, .cow_shadows = k }));
	for (i = 0; i < k; i++) {
		/* The parent's object of fork i, never written since. */
		CHECK(ktest_collapse_depth(child[i], a) == 0);
		TRY(ktest_vm_verify(child[i], a, KTEST_COLLAPSE_BYTES, i));
	}
	TRY(ktest_vm_verify(map, a, KTEST_COLLAPSE_BYTES, k));
	for (i = 0; i < k; i++)
		vm_map_deallocate(child[i]);
	vm_map_deallocate(map);
	return NULL;
}

/* idle: fork and let the child go, k times, with no write in between. */
static const char *
ktest_collapse_idle(bool report)
{
	const uint64_t n = KTEST_COLLAPSE_PAGES, k = KTEST_COLLAPSE_FORKS;
	vm_map_t map, child;
	vm_offset_t a;
	unsigned int i;

	TRY(ktest_collapse_map(&map, &a));
	for (i = 0; i < k; i++) {
		CHECK_KR(vm_map_fork(map, &child), KERN_SUCCESS);
		CHECK(ktest_collapse_depth(map, a) == 0);
		TRY(ktest_vm_verify(child, a, KTEST_COLLAPSE_BYTES, 0));
		vm_map_deallocate(child);
	}
	/*
	 * No object was made: the first write shadows once, copies one
	 * page up and takes the rest.
	 */
	CHECK(copyout(map, "W", a, 1));
	CHECK(ktest_collapse_depth(map, a) == 0);
	TRY(ktest_collapse_check(report, "idle", &(struct ktest_collapse_delta){
	    .collapses = 1, .moved = n - 1, .freed = 1, .cow_faults = 1,
	    .cow_shadows = 1 }));
	ktest_vm_fill_buf(0, 1);
	CHECK(copyout(map, ktest_vm_buf, a, 1));
	TRY(ktest_vm_verify(map, a, KTEST_COLLAPSE_BYTES, 0));
	vm_map_deallocate(map);
	return NULL;
}

/*
 * unwind: k forks without writes, every child kept, then the children
 * go, oldest first.
 */
static const char *
ktest_collapse_unwind(bool report)
{
	const uint64_t n = KTEST_COLLAPSE_PAGES, k = KTEST_COLLAPSE_FORKS;
	vm_map_t map, child[KTEST_COLLAPSE_FORKS];
	vm_offset_t a;
	unsigned int i;

	TRY(ktest_collapse_map(&map, &a));
	for (i = 0; i < k; i++) {
		CHECK_KR(vm_map_fork(map, &child[i]), KERN_SUCCESS);
		/* Every map shares the one object T0: no chain at all. */
		CHECK(ktest_collapse_depth(map, a) == 0);
	}
	for (i = 0; i < k; i++) {
		CHECK(ktest_collapse_depth(child[i], a) == 0);
		TRY(ktest_vm_verify(child[i], a, KTEST_COLLAPSE_BYTES, 0));
	}
	for (i = 0; i < k; i++)
		vm_map_deallocate(child[i]);
	CHECK(ktest_collapse_depth(map, a) == 0);
	/* The write shadows T0, held by the shadow alone: collapsed. */
	CHECK(copyout(map, "W", a, 1));
	CHECK(ktest_collapse_depth(map, a) == 0);
	TRY(ktest_collapse_check(report, "unwind",
	    &(struct ktest_collapse_delta){ .collapses = 1,
	    .moved = n - 1, .freed = 1, .cow_faults = 1,
	    .cow_shadows = 1 }));
	vm_map_deallocate(map);
	return NULL;
}

static const char *
ktest_collapse_scenario(bool report)
{
	TRY(ktest_collapse_die(report));
	TRY(ktest_collapse_live(report));
	TRY(ktest_collapse_idle(report));
	TRY(ktest_collapse_unwind(report));
	return NULL;
}

static const char *
ktest_vm_collapse(void)
{
	unsigned long free_before, free_after, objects_before, objects_after;

	ktest_vm_buf = kalloc(KTEST_COLLAPSE_BYTES);
	ktest_vm_back = kalloc(KTEST_COLLAPSE_BYTES);
	CHECK(ktest_vm_buf != NULL && ktest_vm_back != NULL);
	TRY(ktest_collapse_scenario(false));	/* warms the caches */
	free_before = vm_page_free_count();
	objects_before = vm_object_count();
	TRY(ktest_collapse_scenario(true));
	free_after = vm_page_free_count();
	objects_after = vm_object_count();
	printf("collapse.free_pages_before=%lu\ncollapse.free_pages_after=%lu\n"
	    "collapse.objects_before=%lu\ncollapse.objects_after=%lu\n",
	    free_before, free_after, objects_before, objects_after);
	CHECK(free_after == free_before);
	CHECK(objects_after == objects_before);
	kfree(ktest_vm_buf, KTEST_COLLAPSE_BYTES);
	kfree(ktest_vm_back, KTEST_COLLAPSE_BYTES);
	return NULL;
}

KTEST("vm_collapse", ktest_vm_collapse);

/* ---- ktest=vm_needs_copy ------------------------------------------ */

/*
 * ktest=vm_needs_copy: task_create's copy-on-write is lazy
 * (needs_copy, N1-N4 of vm/vm_map.c).  On scratch maps: a fork makes
 * no object, reads make none, each entry's first write makes exactly
 * one shadow (its later writes none); a grandchild forked from a
 * needs_copy entry shares the object too; a VM_INHERIT_SHARE fork of a
 * needs_copy entry shadows it first, so the sharers see each other and
 * not the earlier child; neither a move (src_destroy copyin: shared
 * instead) nor an unmap of a needs_copy entry takes pages another map
 * still reads; an out-of-line copy whose sender unmapped its region is
 * the receiver's own (N5).
 * Writes go through copyout (vm_fault_page_locked, the no-wait path);
 * user faults are checked by user/tests/vm_inherit.c.  Prints
 * needs_copy.<counter>=N deltas for tests/harness/test_vm_collapse.py.
 */
#define KTEST_NC_PAGES	4
#define KTEST_NC_BYTES	(KTEST_NC_PAGES * PAGE_SIZE)

/* The entry at addr: whether it is needs_copy (-1: none), its object. */
static int
ktest_nc_entry(vm_map_t map, vm_offset_t addr, vm_object_t *object)
{
	vm_map_entry_t entry;
	int needs_copy = -1;

	vm_map_lock(map);
	if (vm_map_lookup_entry(map, addr, &entry)) {
		needs_copy = entry->needs_copy;
		if (object != NULL)
			*object = entry->object;
	}
	vm_map_unlock(map);
	return needs_copy;
}

/* The first byte at addr of map is c. */
static bool
ktest_nc_byte(vm_map_t map, vm_offset_t addr, unsigned char c)
{
	unsigned char b;

	return copyin(map, addr, &b, 1) && b == c;
}

/* Fork, reads, a grandchild, and each side's first write. */
static const char *
ktest_nc_writes(vm_map_t map, vm_offset_t a, vm_map_t *child,
    vm_map_t *grandchild)
{
	const unsigned char old = ktest_vm_pattern(1, 0);
	struct vm_counters c0, c1;
	vm_object_t om, oc, og;

	vm_counters_read(&c0);
	CHECK_KR(vm_map_fork(map, child), KERN_SUCCESS);
	TRY(ktest_vm_verify(*child, a, KTEST_NC_BYTES, 1));
	TRY(ktest_vm_verify(map, a, KTEST_NC_BYTES, 1));
	CHECK_KR(vm_map_fork(*child, grandchild), KERN_SUCCESS);
	TRY(ktest_vm_verify(*grandchild, a, KTEST_NC_BYTES, 1));
	vm_counters_read(&c1);
	CHECK(c1.cow_forks - c0.cow_forks == 2);
	CHECK(c1.cow_shadows == c0.cow_shadows);	/* no write yet */
	CHECK(c1.cow_faults == c0.cow_faults);
	CHECK(ktest_nc_entry(map, a, &om) == 1);
	CHECK(ktest_nc_entry(*child, a, &oc) == 1);
	CHECK(ktest_nc_entry(*grandchild, a, &og) == 1);
	CHECK(om == oc && oc == og && om->ref_count == 3);
	/* The parent writes two pages: one shadow. */
	CHECK(copyout(map, "P", a, 1));
	CHECK(copyout(map, "Q", a + PAGE_SIZE, 1));
	CHECK(ktest_nc_entry(map, a, &om) == 0 && om != oc);
	CHECK(ktest_nc_entry(*child, a, NULL) == 1);
	/* The grandchild, then the child. */
	CHECK(copyout(*grandchild, "G", a, 1));
	CHECK(ktest_nc_byte(*child, a, old));
	CHECK(copyout(*child, "C", a, 1));
	CHECK(ktest_nc_entry(*child, a, NULL) == 0);
	CHECK(ktest_nc_byte(map, a, 'P') && ktest_nc_byte(*child, a, 'C') &&
	    ktest_nc_byte(*grandchild, a, 'G'));
	CHECK(ktest_nc_byte(*child, a + PAGE_SIZE, ktest_vm_pattern(1,
	    PAGE_SIZE)) && ktest_nc_byte(map, a + PAGE_SIZE, 'Q'));
	return NULL;
}

/*
 * A needs_copy entry made VM_INHERIT_SHARE: the fork shadows it first.
 * Then the move and unmap rules (N4) on the first child's entry.
 */
static const char *
ktest_nc_share(vm_map_t map, vm_offset_t a, vm_map_t child)
{
	vm_offset_t b = 0;
	vm_map_t sharer;
	vm_map_copy_t copy;
	struct vm_counters c0, c1;

	TRY(ktest_vm_fill(child, a, KTEST_NC_BYTES, 2));
	CHECK_KR(vm_map_fork(child, &sharer), KERN_SUCCESS); /* both n_c */
	CHECK_KR(vm_inherit(child, a, KTEST_NC_BYTES, VM_INHERIT_SHARE),
	    KERN_SUCCESS);
	vm_map_deallocate(sharer);
	CHECK(ktest_nc_entry(child, a, NULL) == 1);
	CHECK_KR(vm_map_fork(child, &sharer), KERN_SUCCESS);
	CHECK(ktest_nc_entry(child, a, NULL) == 0);
	CHECK(copyout(sharer, "S", a, 1));
	CHECK(ktest_nc_byte(child, a, 'S'));
	vm_map_deallocate(sharer);
	/*
	 * A move out of a needs_copy entry copies instead (N4): a fresh
	 * region, whose object shadows nothing, shared by a fork.
	 */
	CHECK_KR(vm_allocate(map, &b, KTEST_NC_BYTES, TRUE), KERN_SUCCESS);
	TRY(ktest_vm_fill(map, b, KTEST_NC_BYTES, 3));
	CHECK_KR(vm_map_fork(map, &sharer), KERN_SUCCESS);
	vm_counters_read(&c0);
	CHECK_KR(vm_map_copyin(sharer, b, KTEST_NC_BYTES, TRUE, &copy),
	    KERN_SUCCESS);
	vm_counters_read(&c1);
	CHECK(c1.pages_moved == c0.pages_moved);
	/* Shared instead (N5), then the range unmapped. */
	CHECK(c1.pages_shared - c0.pages_shared == KTEST_NC_PAGES);
	CHECK(c1.bytes_copied == c0.bytes_copied);
	CHECK(ktest_nc_entry(sharer, b, NULL) == -1);
	vm_map_copy_discard(copy);
	TRY(ktest_vm_verify(map, b, KTEST_NC_BYTES, 3));
	CHECK(ktest_nc_byte(map, a, 'P'));
	vm_map_deallocate(sharer);
	CHECK_KR(vm_deallocate(map, b, KTEST_NC_BYTES), KERN_SUCCESS);
	return NULL;
}

/*
 * An out-of-line copy of a region its sender keeps shares the sender's
 * object (N5); once the sender has unmapped it the copy holds the last
 * reference, and the receiver's mapping is its own: not needs_copy, and
 * its writes make no shadow.
 */
static const char *
ktest_nc_ool(vm_map_t map)
{
	vm_offset_t b = 0, dst;
	vm_map_copy_t copy;
	vm_map_t other;
	struct vm_counters c0, c1;

	CHECK_KR(vm_allocate(map, &b, KTEST_NC_BYTES, TRUE), KERN_SUCCESS);
	TRY(ktest_vm_fill(map, b, KTEST_NC_BYTES, 4));
	other = ktest_map_create();
	CHECK(other != VM_MAP_NULL);
	vm_counters_read(&c0);
	CHECK_KR(vm_map_copyin(map, b, KTEST_NC_BYTES, FALSE, &copy),
	    KERN_SUCCESS);
	CHECK(ktest_nc_entry(map, b, NULL) == 1);
	CHECK_KR(vm_deallocate(map, b, KTEST_NC_BYTES), KERN_SUCCESS);
	CHECK_KR(vm_map_copyout(other, &dst, copy), KERN_SUCCESS);
	CHECK(ktest_nc_entry(other, dst, NULL) == 0);
	TRY(ktest_vm_verify(other, dst, KTEST_NC_BYTES, 4));
	TRY(ktest_vm_fill(other, dst, KTEST_NC_BYTES, 5));
	vm_counters_read(&c1);
	CHECK(c1.pages_shared - c0.pages_shared == KTEST_NC_PAGES);
	CHECK(c1.bytes_copied == c0.bytes_copied);
	CHECK(c1.cow_shadows == c0.cow_shadows);
	CHECK(c1.cow_faults == c0.cow_faults);
	vm_map_deallocate(other);
	return NULL;
}

static const char *
ktest_vm_needs_copy_run(bool report)
{
	vm_map_t map, child, grandchild;
	vm_offset_t a = 0;
	struct vm_counters c0, c1;

	map = ktest_map_create();
	CHECK(map != VM_MAP_NULL);
	CHECK_KR(vm_allocate(map, &a, KTEST_NC_BYTES, TRUE), KERN_SUCCESS);
	TRY(ktest_vm_fill(map, a, KTEST_NC_BYTES, 1));
	vm_counters_read(&c0);
	TRY(ktest_nc_writes(map, a, &child, &grandchild));
	vm_counters_read(&c1);
	if (report)
		printf("needs_copy.cow_forks=%lu\nneeds_copy.cow_shadows=%lu\n"
		    "needs_copy.cow_faults=%lu\n",
		    (unsigned long)(c1.cow_forks - c0.cow_forks),
		    (unsigned long)(c1.cow_shadows - c0.cow_shadows),
		    (unsigned long)(c1.cow_faults - c0.cow_faults));
	/* Unmapping the grandchild's shadow leaves the others intact. */
	vm_map_deallocate(grandchild);
	TRY(ktest_nc_share(map, a, child));
	TRY(ktest_nc_ool(map));
	vm_map_deallocate(child);
	CHECK(ktest_nc_byte(map, a, 'P'));
	vm_map_deallocate(map);
	return NULL;
}

static const char *
ktest_vm_needs_copy(void)
{
	unsigned long free_before, objects_before;

	ktest_vm_buf = kalloc(KTEST_NC_BYTES);
	ktest_vm_back = kalloc(KTEST_NC_BYTES);
	CHECK(ktest_vm_buf != NULL && ktest_vm_back != NULL);
	TRY(ktest_vm_needs_copy_run(false));	/* warms the caches */
	free_before = vm_page_free_count();
	objects_before = vm_object_count();
	TRY(ktest_vm_needs_copy_run(true));
	printf("needs_copy.free_pages_lost=%ld\nneeds_copy.objects_lost=%ld\n",
	    (long)(free_before - vm_page_free_count()),
	    (long)(objects_before - vm_object_count()));
	kfree(ktest_vm_buf, KTEST_NC_BYTES);
	kfree(ktest_vm_back, KTEST_NC_BYTES);
	return NULL;
}

KTEST("vm_needs_copy", ktest_vm_needs_copy);
