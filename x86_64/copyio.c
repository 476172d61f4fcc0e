/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/copyio.c: user memory access through pmap lookups (see
 * x86_64/copyio.h).  Locking: pmap_extract() takes the pmap lock per page.
 */
#include <kern/string.h>
#include <mach/vm_param.h>
#include <x86_64/copyio.h>
#include <x86_64/kernel_layout.h>
#include <x86_64/pmap.h>

static void *
copyio_user_page(struct pmap *pmap, uint64_t uaddr, size_t *chunk, size_t len)
{
	phys_addr_t pa;

	if (uaddr >= VM_MAX_ADDRESS || !pmap_extract(pmap, uaddr, &pa))
		return NULL;
	*chunk = PAGE_SIZE - (uaddr & PAGE_MASK);
	if (*chunk > len)
		*chunk = len;
	return (void *)phystokv(pa);
}

bool
copyin(struct pmap *pmap, uint64_t uaddr, void *kaddr, size_t len)
{
	char *dst = kaddr;

	while (len > 0) {
		size_t chunk;
		void *src = copyio_user_page(pmap, uaddr, &chunk, len);

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
copyout(struct pmap *pmap, const void *kaddr, uint64_t uaddr, size_t len)
{
	const char *src = kaddr;

	while (len > 0) {
		size_t chunk;
		void *dst = copyio_user_page(pmap, uaddr, &chunk, len);

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
copyinstr(struct pmap *pmap, uint64_t uaddr, char *kaddr, size_t max)
{
	size_t done = 0;

	while (done < max) {
		size_t chunk;
		const char *src = copyio_user_page(pmap, uaddr, &chunk,
		    max - done);

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
