/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/spin.c: a CPU-bound task that never yields.
 *
 * Usage: spin NAME STEPS [ITERATIONS_PER_STEP]
 *
 * Busy-loops STEPS times ITERATIONS_PER_STEP iterations, printing
 * "spin NAME step=K" after each step, then "spin NAME done".  It never
 * calls swtch(): two of these only both make progress if the kernel
 * preempts on the timer.  The default step, SPIN_DEFAULT_ITERATIONS, takes
 * a few timer ticks under QEMU TCG.  The last spinner alive ends the
 * machine with success; the others end their task.
 */
#include <cmuser.h>

/* About 10 instructions each: ~20M instructions, a few 10 ms ticks. */
#define SPIN_DEFAULT_ITERATIONS	2000000L
#define SPIN_DEFAULT_STEPS	3L

/* One step of busy work; returns the mixed state so nothing is dead. */
static unsigned long
spin_step(unsigned long state, long iterations)
{
	long i;

	for (i = 0; i < iterations; i++) {
		state = state * 6364136223846793005UL + 1442695040888963407UL;
		__asm__ volatile("" : "+r" (state));
	}
	return state;
}

int
main(int argc, char **argv, char **envp)
{
	const char *name = argc > 1 ? argv[1] : "?";
	long steps = argc > 2 ? cm_atol(argv[2]) : SPIN_DEFAULT_STEPS;
	long iterations = argc > 3 ? cm_atol(argv[3]) :
	    SPIN_DEFAULT_ITERATIONS;
	unsigned long state = 1;
	long k;

	(void)envp;
	printf("spin %s start steps=%ld iterations=%ld\n", name, steps,
	    iterations);
	for (k = 1; k <= steps; k++) {
		state = spin_step(state, iterations);
		printf("spin %s step=%ld\n", name, k);
	}
	printf("spin %s checksum=%lx\n", name, state);
	printf("spin %s done\n", name);
	if (cm_task_count() == 1)
		cm_machine_exit(1);
	return 0;
}
