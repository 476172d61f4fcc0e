/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/include/cmuser.h: the ClusterMach user runtime (libcmuser.a).
 *
 * What a freestanding test program gets: the start code calls
 * main(argc, argv, envp) and ends the task with its return value;
 * console output through mach_print (printf, puts); a heap over
 * vm_allocate (malloc); and wrappers for the private test trap.
 * IPC: <mach.h> (MIG stubs, mach_msg, server loops), <cthreads.h>
 * (threads), <cmtest.h> (checks for test programs).
 *
 * The libc subset keeps the standard names (printf, puts, malloc, memcpy,
 * ...) so code written for a hosted libc reads the same; everything
 * ClusterMach-specific is prefixed cm_.
 *
 * Output is built in a buffer and handed to mach_print in pieces of at
 * most CM_PRINT_CHUNK_BYTES - 1 characters, so one call may reach the
 * console as several writes.  Lines are never split if shorter than that.
 */
#ifndef _CMUSER_H_
#define _CMUSER_H_

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <mach_user_traps.h>
#include <clustermach/test_control.h>

/* Size of printf's staging buffer: one mach_print call at most. */
#define CM_PRINT_CHUNK_BYTES	256

/*
 * How cm_machine_exit() ends the machine (design/06-user-runtime.md,
 * "Ending the machine"): through ClusterMach's test trap, or portably
 * with host_reboot(cm_host_priv_port, RB_HALT on success, RB_DEBUGGER on
 * failure).  Default at build time: -DCM_MACHINE_EXIT_DEFAULT=...; at
 * run time: cm_machine_exit_mode, which cm_test_begin() sets from
 * --exit=host-reboot / --exit=test-trap / --exit=task.  The last ends
 * only the calling task (status 0 for success, 1 for failure) and
 * leaves the machine to another program of the same boot, such as
 * cmstat, which reads the counters the first one left.
 */
#define CM_MACHINE_EXIT_TEST_TRAP	0
#define CM_MACHINE_EXIT_HOST_REBOOT	1
#define CM_MACHINE_EXIT_TASK		2
#ifndef CM_MACHINE_EXIT_DEFAULT
#define CM_MACHINE_EXIT_DEFAULT		CM_MACHINE_EXIT_TEST_TRAP
#endif

extern int cm_machine_exit_mode;
extern mach_port_t cm_host_priv_port;	/* argv[1], via cm_test_begin */

/* Set by the start code (user/lib/cmstart.c) before main() runs. */
extern char **cm_environ;
extern const char *cm_program_name;

/* Provided by the program; called by the start code. */
int
main(int argc, char **argv, char **envp);

/* Formatted output: %d %i %u %x %X %o %p %s %c %%, length modifiers
 * l ll z, flags '-' and '0', a field width (digits or '*'). */
int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

int
snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

int
printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int
vprintf(const char *fmt, va_list ap);

/* Prints s and a newline. */
int
puts(const char *s);

/* Heap over vm_allocate (a static arena until the kernel has it);
 * thread safe; free reuses blocks of the same size class. */
void *
malloc(size_t size_bytes);

void
free(void *p);

/* Test trap wrappers (include/clustermach/test_control.h). */
void
cm_exit(int status) __attribute__((noreturn));

void
cm_machine_exit(int ok) __attribute__((noreturn));

long
cm_counter(int counter);

int
cm_task_count(void);

/* One of the kernel's VM counters (vm/vm_stats.def), by its index
 * VM_COUNTER_<NAME>; 0 (and a console line) if it cannot be read. */
uint64_t
cm_vm_counter(unsigned int index);

/* TEST_CONTROL_REAP: free kernel caches; the free page count after. */
long
cm_reap(void);

/* Decimal string to long; stops at the first non-digit. */
long
cm_atol(const char *s);

#endif /* _CMUSER_H_ */
