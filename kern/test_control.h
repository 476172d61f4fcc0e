/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/test_control.h: the kernel side of ClusterMach's private test trap
 * (include/clustermach/test_control.h has the operations).
 */
#ifndef _KERN_TEST_CONTROL_H_
#define _KERN_TEST_CONTROL_H_

#include <stdint.h>

uint64_t	test_control(uint64_t op, uint64_t arg);
/* Value of counter number n, or -1 (as uint64_t) for an unknown one. */
uint64_t	test_control_counter(uint64_t n);

#endif /* _KERN_TEST_CONTROL_H_ */
