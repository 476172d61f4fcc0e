/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/copyio.c: user memory access through the task's vm_map (see
 * x86_64/copyio.h).  A page already mapped with the access asked for is
 * found in the pmap alone; only a missing or protected one goes through
 * vm_map_resolve(), which may fault it in.  Locking: the pmap lock, or
 * the map lock inside vm_map_resolve(), per page.
 */
#include <kern/string.h>
#include <mach/vm_param.h>
#include <vm/vm_map.h>
#include <x86_64/copyio.h>
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

bool
copyin(struct vm_map *map, uint64_t uaddr, void *kaddr, size_t len)
{
	char *dst = kaddr;

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
