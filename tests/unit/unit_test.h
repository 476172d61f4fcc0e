/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tests/unit/unit_test.h: the little a table-driven host test needs.
 *
 * A test program walks its table; for each case it calls
 * unit_test_begin(), any number of unit_test_expect_*() (the first
 * failed expectation is kept as the reason), then unit_test_end(),
 * which prints one line:
 *
 *	ok 3 - embedded variable
 *	FAIL 4 - quoted words: argv[1] is "x", want "1"
 *
 * main() returns unit_test_summary(), which prints
 *
 *	# test_boot_script: cases=40 passed=39 failed=1
 *
 * and gives the exit status automake's test driver expects (0 when all
 * passed, 1 otherwise).  Host only: uses stdio.
 */
#ifndef _TESTS_UNIT_UNIT_TEST_H_
#define _TESTS_UNIT_UNIT_TEST_H_

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct unit_test_run {
	unsigned int	cases;		/* begun so far */
	unsigned int	failures;	/* cases with a failed expectation */
	const char	*name;		/* current case */
	bool		failed;		/* current case has failed */
	char		reason[512];	/* first failure of the current case */
};

static inline void
unit_test_begin(struct unit_test_run *run, const char *name)
{
	run->cases++;
	run->name = name;
	run->failed = false;
	run->reason[0] = '\0';
}

/* Record a failure of the current case; only the first reason is kept. */
static inline void __attribute__((format(printf, 2, 3)))
unit_test_fail(struct unit_test_run *run, const char *format, ...)
{
	va_list ap;

	if (run->failed)
		return;
	run->failed = true;
	va_start(ap, format);
	vsnprintf(run->reason, sizeof(run->reason), format, ap);
	va_end(ap);
}

/* Returns: whether got == want; records a failure if not. */
static inline bool
unit_test_expect_int(struct unit_test_run *run, const char *what, long got,
    long want)
{
	if (got == want)
		return true;
	unit_test_fail(run, "%s is %ld, want %ld", what, got, want);
	return false;
}

/* Returns: whether the strings are equal (NULL equals only NULL). */
static inline bool
unit_test_expect_str(struct unit_test_run *run, const char *what,
    const char *got, const char *want)
{
	if (got == NULL || want == NULL) {
		if (got == want)
			return true;
		unit_test_fail(run, "%s is %s%s%s, want %s%s%s", what,
		    got ? "\"" : "", got ? got : "NULL", got ? "\"" : "",
		    want ? "\"" : "", want ? want : "NULL", want ? "\"" : "");
		return false;
	}
	if (strcmp(got, want) == 0)
		return true;
	unit_test_fail(run, "%s is \"%s\", want \"%s\"", what, got, want);
	return false;
}

/* Print the current case's line and count it. */
static inline void
unit_test_end(struct unit_test_run *run)
{
	if (run->failed) {
		run->failures++;
		printf("FAIL %u - %s: %s\n", run->cases, run->name,
		    run->reason);
	} else {
		printf("ok %u - %s\n", run->cases, run->name);
	}
}

/* Print the summary.  Returns: the process exit status. */
static inline int
unit_test_summary(const struct unit_test_run *run, const char *program)
{
	printf("# %s: cases=%u passed=%u failed=%u\n", program, run->cases,
	    run->cases - run->failures, run->failures);
	return run->failures == 0 && run->cases > 0 ? 0 : 1;
}

#endif /* _TESTS_UNIT_UNIT_TEST_H_ */
