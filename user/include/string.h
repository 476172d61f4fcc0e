/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/include/string.h: the string functions of the user runtime
 * (user/lib/string.c).  Named <string.h> so that code written for a
 * hosted libc, MIG stubs included, finds them.
 */
#ifndef _CMUSER_STRING_H_
#define _CMUSER_STRING_H_

#include <stddef.h>

void *
memcpy(void *dst, const void *src, size_t n);

void *
memmove(void *dst, const void *src, size_t n);

void *
memset(void *dst, int c, size_t n);

int
memcmp(const void *a, const void *b, size_t n);

size_t
strlen(const char *s);

int
strcmp(const char *a, const char *b);

int
strncmp(const char *a, const char *b, size_t n);

char *
strchr(const char *s, int c);

#endif /* _CMUSER_STRING_H_ */
