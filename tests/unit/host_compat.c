/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tests/unit/host_compat.c: kern/string.h routines the host C library
 * lacks, so kernel files build unchanged in host unit tests.
 *
 * Debian 12's glibc 2.36 has no strlcpy (it arrived in 2.38); a weak
 * definition is used so a newer glibc's own copy wins at link time.
 */

#include <kern/string.h>

/*
 * strlcpy: copy src into dst of size bytes, always NUL-terminated when
 * size > 0, as the kernel's strlcpy does.
 * Returns: strlen(src), so a result >= size means src was cut.
 */
__attribute__((weak)) size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t length = strlen(src);
	size_t copy;

	if (size == 0)
		return length;
	copy = length < size - 1 ? length : size - 1;
	memcpy(dst, src, copy);
	dst[copy] = '\0';
	return length;
}
