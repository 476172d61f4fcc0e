/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/include/cmtest.h: checks and endings for the IPC test programs
 * (user/lib/cmtest.c, user/lib/error_names.c).
 *
 * A program calls cm_test_begin(argc, argv, "name") first: it reads the
 * boot-script arguments GNU Mach passes (argv[1] = ${host-port},
 * argv[2] = ${device-port}, decimal port names) and the run-time exit
 * switch (--exit=host-reboot or --exit=test-trap anywhere in argv).
 * Each check prints nothing when it holds and
 *
 *	check failed: <what> (got X expected Y)
 *
 * when it does not, and counts the failure.  cm_test_end() prints
 * "<name>: all checks passed" and ends the machine with success, or
 * "<name>: N checks failed" and ends it with failure
 * (cm_machine_exit, design/06-user-runtime.md "Ending the machine").
 */
#ifndef _CMUSER_CMTEST_H_
#define _CMUSER_CMTEST_H_

#include <cmuser.h>
#include <mach.h>

extern const char *cm_test_name;
extern int cm_test_failures;
extern mach_port_t cm_device_master_port;	/* argv[2], or NULL */

void
cm_test_begin(int argc, char **argv, const char *name);

void
cm_test_end(void) __attribute__((noreturn));

/* Each returns 1 when the check holds. */
int
cm_check(int ok, const char *what);

int
cm_check_eq(const char *what, long got, long expected);

/* Compares return codes, printed by name (KERN_*, MACH_*, MIG_*). */
int
cm_check_code(const char *what, kern_return_t got, kern_return_t expected);

/* cm_check_code(what, kr, KERN_SUCCESS). */
int
cm_check_kr(const char *what, kern_return_t kr);

/* Prints key=NAME for a return code. */
void
cm_print_code(const char *key, kern_return_t code);

/* Code names (user/lib/error_names.c). */
const char *
cm_error_name(kern_return_t code);

const char *
cm_error_string(kern_return_t code, char *buf, size_t size);

/* Right counts and types of `name` in this task: -1 on error. */
long
cm_urefs(mach_port_t name, mach_port_right_t right);

long
cm_port_type(mach_port_t name);

/* Number of names in this task's space (mach_port_names), -1 on error. */
long
cm_port_name_count(void);

/* vm_statistics free_count of this task, -1 on error. */
long
cm_free_pages(void);

/*
 * One of the kernel's VM counters (vm/vm_stats.def) by its index
 * (VM_COUNTER_<NAME>, <clustermach/vm_counters.h>); 0 and a failed
 * check if vm_cluster_statistics() fails or has no such counter.
 */
uint64_t
cm_vm_counter(unsigned int index);

/* The type descriptor of one inline 32-bit integer. */
void
cm_int32_type(mach_msg_type_t *t);

/*
 * Calls fn for each region of this task in address order (vm_region),
 * with its address, size, inheritance and shared flag; returns how many
 * regions there were.
 */
long
cm_regions(void (*fn)(vm_address_t addr, vm_size_t size,
    vm_inherit_t inherit, boolean_t shared, void *arg), void *arg);

/* A small deterministic random generator (xorshift64*), seedable. */
struct cm_random {
	uint64_t	state;
};

void
cm_random_seed(struct cm_random *r, uint64_t seed);

uint64_t
cm_random_next(struct cm_random *r);

/* Uniform in [0, bound); bound > 0. */
uint64_t
cm_random_below(struct cm_random *r, uint64_t bound);

/*
 * Fills a message of `size` bytes made of a header, one long-form
 * descriptor and the address after it (the caller sets the address):
 * `bytes` bytes out of line, sent with MAKE_SEND to dest.
 */
void
cm_ool_message_init(mach_msg_header_t *head, mach_msg_size_t size,
    mach_msg_type_long_t *type, mach_port_t dest, mach_msg_id_t id,
    vm_size_t bytes, int deallocate);

/* A new port of ours: its receive right and one send uref, one name. */
mach_port_t
cm_port_with_send(void);

/*
 * Sends the receive right of `what` to dest (dest_type: MAKE_SEND or
 * COPY_SEND) in a message of one inline port, MACH_SEND_TIMEOUT 0:
 * returns mach_msg's result.
 */
mach_msg_return_t
cm_send_receive_right(mach_port_t dest, mach_msg_type_name_t dest_type,
    mach_port_t what);

/* What a test's catch_exception_raise saw (exc.defs arguments). */
struct cm_exception {
	int			count;
	integer_t		exception, code;
	rpc_long_integer_t	subcode;
};

/* Counts one exception into seen and keeps its arguments. */
void
cm_exception_note(struct cm_exception *seen, integer_t exception,
    integer_t code, rpc_long_integer_t subcode);

/* From a handler: terminates the faulting thread, drops the thread and
 * task rights it was given; returns MIG_NO_REPLY (nobody waits). */
kern_return_t
cm_exception_kill(mach_port_t thread, mach_port_t task);

#endif /* _CMUSER_CMTEST_H_ */
