/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/copyio.c: user memory access through the task's vm_map (see
 * x86_64/copyio.h).
 *
 * Fast way: when the map's page tables are the loaded ones (a trap of
 * the task itself), copyio_direct() (x86_64/locore.S) copies through
 * the user addresses as the task would see them; the hardware checks
 * presence and, with CR0.WP, write permission.  A page fault there is
 * turned into a failed attempt (trap_copyio_recover, x86_64/trap.c),
 * and the whole copy is done again the slow way: a page already mapped
 * with the access asked for is found in the pmap alone; only a missing
 * or protected one goes through vm_map_resolve(), which may fault it in
 * (copy-on-write, demand zero).  Doing a partly done copy again is
 * harmless: the same bytes land in the same places.
 *
 * Locking: none for the fast way; the pmap lock, or the map lock inside
 * vm_map_resolve(), per page for the slow way.
 */
#include <kern/string.h>
#include <mach/vm_param.h>
#include <vm/vm_map.h>
#include <x86_64/copyio.h>
#include <x86_64/cpu.h>
#include <x86_64/kernel_layout.h>
#include <x86_64/pmap.h>

/*
 * The kernel address of user byte uaddr, resolved for access, and in
 * *chunk how many of the len bytes from there lie in its page; NULL if
 * the map refuses.
 */
static void *
copyio_user_page(struct vm_map *map, uint64_t uaddr, vm_prot_t access,
    size_t *chunk, size_t len)
{
	phys_addr_t pa;

	if (map == NULL || uaddr >= VM_MAX_ADDRESS)
		return NULL;
	if (!pmap_extract_access(map->pmap, uaddr, access, &pa) &&
	    vm_map_resolve(map, uaddr, access, &pa) != KERN_SUCCESS)
		return NULL;
	*chunk = PAGE_SIZE - (uaddr & PAGE_MASK);
	if (*chunk > len)
		*chunk = len;
	return (void *)phystokv(pa);
}

int	copyio_direct(void *dst, const void *src, size_t len);

/*
 * copyio_loaded: may [uaddr, uaddr + len) be reached directly?  Yes if
 * it lies below VM_MAX_ADDRESS and map's page tables are in %cr3.
 */
static bool
copyio_loaded(struct vm_map *map, uint64_t uaddr, size_t len)
{
	return map != NULL && uaddr < VM_MAX_ADDRESS &&
	    len <= VM_MAX_ADDRESS - uaddr &&
	    read_cr3() == map->pmap->pml4_pa;
}

bool
copyin(struct vm_map *map, uint64_t uaddr, void *kaddr, size_t len)
{
	char *dst = kaddr;

	if (copyio_loaded(map, uaddr, len) &&
	    copyio_direct(kaddr, (const void *)uaddr, len) == 0)
		return true;

	while (len > 0) {
		size_t chunk;
		void *src = copyio_user_page(map, uaddr, VM_PROT_READ,
		    &chunk, len);

		if (src == NULL)
			return false;
		memcpy(dst, src, chunk);
		dst += chunk;
		uaddr += chunk;
		len -= chunk;
	}
	return true;
}

bool
copyout(struct vm_map *map, const void *kaddr, uint64_t uaddr, size_t len)
{
	const char *src = kaddr;

	if (copyio_loaded(map, uaddr, len) &&
	    copyio_direct((void *)uaddr, kaddr, len) == 0)
		return true;

	while (len > 0) {
		size_t chunk;
		void *dst = copyio_user_page(map, uaddr, VM_PROT_WRITE,
		    &chunk, len);

		if (dst == NULL)
			return false;
		memcpy(dst, src, chunk);
		src += chunk;
		uaddr += chunk;
		len -= chunk;
	}
	return true;
}

long
copyinstr(struct vm_map *map, uint64_t uaddr, char *kaddr, size_t max)
{
	size_t done = 0;

	while (done < max) {
		size_t chunk;
		const char *src = copyio_user_page(map, uaddr, VM_PROT_READ,
		    &chunk, max - done);

		if (src == NULL)
			return -1;
		for (size_t i = 0; i < chunk; i++) {
			kaddr[done + i] = src[i];
			if (src[i] == '\0')
				return (long)(done + i);
		}
		done += chunk;
		uaddr += chunk;
	}
	return -2;
}
