/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ktest.h: kernel self-tests, chosen with ktest=NAME on the kernel
 * command line.
 *
 * A test is a function run by the bootstrap thread instead of the boot
 * modules.  It prints key=value lines for the harness, and returns NULL
 * for success or a reason for failure; kern/ktest.c prints
 * "ktest NAME: passed" or "ktest NAME: FAILED: reason" and ends the
 * machine with the matching status.  Tests register with KTEST().
 */
#ifndef _KERN_KTEST_H_
#define _KERN_KTEST_H_

struct ktest {
	const char	*name;
	const char	*(*run)(void);
};

#define KTEST(test_name, function)					\
	static const struct ktest ktest_entry_##function		\
	__attribute__((used, section(".ktest_table"), aligned(8))) =	\
	{ .name = (test_name), .run = (function) }

/*
 * For test steps that return NULL or why they failed: KTEST_CHECK puts
 * "line N: cond" in the char array `why` and returns it when cond is
 * false; KTEST_TRY returns a step's failure from its caller.
 */
#define KTEST_CHECK(why, cond) do {					\
	if (!(cond)) {							\
		snprintf((why), sizeof(why), "line %d: %s", __LINE__,	\
		    #cond);						\
		return (why);						\
	}								\
} while (0)

#define KTEST_TRY(call) do {						\
	const char *why_ = (call);					\
	if (why_ != NULL)						\
		return why_;						\
} while (0)

/* A scratch user map (never activated) for VM tests, or NULL. */
struct vm_map;
struct vm_map	*ktest_map_create(void);

/* Runs the test named name; never returns. */
void	ktest_run(const char *name) __attribute__((noreturn));

#endif /* _KERN_KTEST_H_ */
