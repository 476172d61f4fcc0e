/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/string.h: the string and memory routines the kernel has.
 *
 * Freestanding: the kernel links no C library.  Code that is also built
 * on the host for unit tests (tests/unit/) uses only these names, which
 * the host C library provides with the same meaning.
 */
#ifndef _KERN_STRING_H_
#define _KERN_STRING_H_

#include <stddef.h>

void	*memcpy(void *dst, const void *src, size_t n);
void	*memmove(void *dst, const void *src, size_t n);
void	*memset(void *dst, int c, size_t n);
int	memcmp(const void *a, const void *b, size_t n);
size_t	strlen(const char *s);
size_t	strnlen(const char *s, size_t max);
int	strcmp(const char *a, const char *b);
int	strncmp(const char *a, const char *b, size_t n);
char	*strchr(const char *s, int c);
/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t	strlcpy(char *dst, const char *src, size_t size);

#endif /* _KERN_STRING_H_ */
