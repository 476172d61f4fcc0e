/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/debug.c: panic() and assert_failed().
 *
 * panic() turns interrupts off, prints "panic: <message>", the current
 * thread and a backtrace by frame pointers (the kernel is built with
 * -fno-omit-frame-pointer), then ends the machine with MACHINE_EXIT_PANIC
 * (x86_64/debug_exit.h) so the harness sees a distinct status.  A panic
 * inside panic() skips straight to the exit.  It prints without taking
 * the console lock, which the panicking CPU may hold.
 *
 * Backtrace lines read "  #N 0x<return address> <symbol>+0x<offset>":
 * kern/ksyms.c resolves symbols from the table the build links in.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/assert.h>
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/ksyms.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <x86_64/cpu.h>
#include <x86_64/debug_exit.h>
#include <x86_64/kernel_layout.h>

#define PANIC_BACKTRACE_MAX_FRAMES	24

void printf_console_unlocked(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static bool panicking;

static bool
debug_frame_is_kernel(uint64_t fp)
{
	return fp >= PHYS_MAP_BASE && (fp & 7) == 0;
}

/* Prints the return addresses found by following saved %rbp values. */
void
debug_backtrace(uint64_t fp)
{
	for (int n = 0; n < PANIC_BACKTRACE_MAX_FRAMES; n++) {
		uint64_t *frame = (uint64_t *)fp;
		uint64_t ret;
		const char *name;
		uint64_t offset = 0;

		if (!debug_frame_is_kernel(fp))
			break;
		ret = frame[1];
		if (ret < KERNEL_VIRT_BASE)
			break;
		name = ksyms_lookup(ret, &offset);
		printf_console_unlocked("  #%d 0x%lx %s+0x%lx\n", n,
		    (unsigned long)ret, name != NULL ? name : "?",
		    (unsigned long)offset);
		if (frame[0] <= fp)
			break;		/* stacks grow down: callers are higher */
		fp = frame[0];
	}
}

void
panic(const char *fmt, ...)
{
	struct thread *thread;
	va_list ap;
	char buf[256];

	cpu_cli();
	if (panicking)
		machine_exit(MACHINE_EXIT_PANIC);
	panicking = true;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf_console_unlocked("panic: %s\n", buf);
	thread = current_thread();
	if (thread != NULL)
		printf_console_unlocked("panic: thread %p \"%s\" task \"%s\"\n",
		    (void *)thread, thread->name,
		    thread->task != NULL ? thread->task->name : "kernel");
	else
		printf_console_unlocked("panic: no thread yet (early boot)\n");
	printf_console_unlocked("panic: backtrace:\n");
	debug_backtrace((uint64_t)__builtin_frame_address(0));
	printf_console_unlocked("panic: machine ends with status %d\n",
	    (MACHINE_EXIT_PANIC << 1) | 1);
	machine_exit(MACHINE_EXIT_PANIC);
}

void
assert_failed(const char *expr, const char *file, int line, const char *func)
{
	panic("assertion \"%s\" failed in %s at %s:%d", expr, func, file, line);
}
