#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# kern/mig/mig-status.sh KERNEL MIGDIR: which routines of the kernel's
# .defs the kernel implements.  A routine is implemented when KERNEL
# defines it as a strong symbol (nm type T); the generated weak default
# (type W) answers KERN_FAILURE and prints its name once
# (design/13-kernel-objects.md).  MIGDIR holds the generated X_server.h.
# Run by `make mig-status` (kern/mig/Makefrag.am).
set -eu

kernel=$1
migdir=$2
symbols=$(nm "$kernel")
for h in "$migdir"/*_server.h; do
	implemented=
	missing=
	# Each routine is declared as "kern_return_t NAME" then "(".
	for name in $(grep -B1 '^($' "$h" | grep -v '^(\|^--' | \
	    awk '{ print $NF }'); do
		type=$(echo "$symbols" | \
		    awk -v n="$name" '$3 == n { print $2 }')
		if [ "$type" = T ]; then
			implemented="$implemented $name"
		else
			missing="$missing $name"
		fi
	done
	echo "$(basename "$h" _server.h).defs"
	echo "  implemented:${implemented:- (none)}"
	echo "  not implemented:${missing:- (none)}"
done
