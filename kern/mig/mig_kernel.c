/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/mig/mig_kernel.c: support for the generated kernel stubs
 * (kern/mig/mig_kernel.h): the report of unimplemented routines, and weak
 * fallbacks for the few translations whose owners have not written them
 * yet.  A fallback is replaced, without any change here, by the owner's
 * strong definition; each says once on the console that it ran.
 *
 * Locking: mig_lock guards the table of names already reported.
 */
#include <stdbool.h>
#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/mig/mig_kernel.h>

/* Distinct names reported; later ones are counted, not printed. */
#define MIG_UNIMPLEMENTED_NAMES	128

static simple_lock_data_t mig_lock = SIMPLE_LOCK_INITIALIZER("mig");
/* Guarded by mig_lock. */
static const char *mig_unimplemented_names[MIG_UNIMPLEMENTED_NAMES];
static unsigned int mig_unimplemented_name_count;
uint64_t mig_unimplemented_calls;

/*
 * The names come from __func__ in the generated weak defaults, so one
 * routine always passes the same pointer: comparing pointers is enough.
 */
void
mig_unimplemented(const char *routine_name)
{
	bool first = true;

	simple_lock(&mig_lock);
	mig_unimplemented_calls++;
	for (unsigned int i = 0; i < mig_unimplemented_name_count; i++)
		if (mig_unimplemented_names[i] == routine_name)
			first = false;
	if (first && mig_unimplemented_name_count < MIG_UNIMPLEMENTED_NAMES)
		mig_unimplemented_names[mig_unimplemented_name_count++] =
		    routine_name;
	simple_unlock(&mig_lock);
	if (first)
		printf("mig: %s is not implemented (KERN_FAILURE)\n",
		    routine_name);
}

/* Says once that a weak fallback ran (its owner has not replaced it). */
static void
mig_fallback_report(bool *said, const char *name)
{
	if (*said)
		return;
	*said = true;
	printf("mig: %s: no kernel implementation yet\n", name);
}

__attribute__((weak)) struct vm_object *
vm_object_lookup(ipc_port_t port)
{
	static bool said;

	(void)port;
	mig_fallback_report(&said, __func__);
	return NULL;
}

__attribute__((weak)) struct vm_object *
vm_object_lookup_name(ipc_port_t port)
{
	static bool said;

	(void)port;
	mig_fallback_report(&said, __func__);
	return NULL;
}
