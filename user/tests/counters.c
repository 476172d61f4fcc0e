/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/counters.c: prints every kernel counter the test trap
 * exposes, as counter.NAME=VALUE (-1: the kernel does not know it),
 * then ends the machine with success.
 */
#include <cmuser.h>

struct counters_entry {
	int		number;		/* TEST_COUNTER_* */
	const char	*name;
};

static const struct counters_entry counters_table[] = {
	{ TEST_COUNTER_STACKS_IN_USE,	"stacks_in_use" },
	{ TEST_COUNTER_STACKS_MAX,	"stacks_max" },
	{ TEST_COUNTER_STACK_HANDOFFS,	"stack_handoffs" },
	{ TEST_COUNTER_CONTEXT_SWITCHES, "context_switches" },
	{ TEST_COUNTER_CONTINUATIONS,	"continuations" },
	{ TEST_COUNTER_TIMER_TICKS,	"timer_ticks" },
	{ TEST_COUNTER_FREE_PAGES,	"free_pages" },
	{ TEST_COUNTER_PREEMPTIONS,	"preemptions" },
	{ TEST_COUNTER_KMEM_BYTES,	"kmem_bytes" },
	{ TEST_COUNTER_PORTS,		"ports" },
	{ TEST_COUNTER_KMSGS,		"kmsgs" },
	{ TEST_COUNTER_OOL_PAGES_MOVED,	"ool_pages_moved" },
	{ TEST_COUNTER_OOL_BYTES_COPIED, "ool_bytes_copied" },
	{ TEST_COUNTER_EXCEPTIONS,	"exceptions" },
	{ TEST_COUNTER_COPIES,		"copies" },
	{ TEST_COUNTER_MSG_FAST,	"msg_fast" },
};

_Static_assert(sizeof(counters_table) / sizeof(counters_table[0]) ==
    TEST_COUNTER_COUNT, "counters.c must list every TEST_COUNTER_*");

int
main(int argc, char **argv, char **envp)
{
	unsigned int i;

	(void)argc;
	(void)argv;
	(void)envp;
	for (i = 0; i < TEST_COUNTER_COUNT; i++) {
		printf("counter.%s=%ld\n", counters_table[i].name,
		    cm_counter(counters_table[i].number));
	}
	printf("counters: done\n");
	cm_machine_exit(1);
}
