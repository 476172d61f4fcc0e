/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ksyms.c: looks kernel addresses up in the symbol table.
 *
 * The table is a weak reference: absent (address 0) in the first link,
 * kern/ksyms_table.c (generated) in the second.  Read-only: no lock.
 */
#include <stddef.h>
#include <kern/ksyms.h>

extern const struct ksym ksyms_table[] __attribute__((weak));
extern const unsigned long ksyms_count __attribute__((weak));

const char *
ksyms_lookup(uint64_t address, uint64_t *offset)
{
	unsigned long low = 0, high;

	if (&ksyms_count == NULL)
		return NULL;
	high = ksyms_count;

	/* The last entry whose address is <= address. */
	while (low < high) {
		unsigned long mid = low + (high - low) / 2;

		if (ksyms_table[mid].address <= address)
			low = mid + 1;
		else
			high = mid;
	}
	if (low == 0)
		return NULL;
	*offset = address - ksyms_table[low - 1].address;
	return ksyms_table[low - 1].name;
}
