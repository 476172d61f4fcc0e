#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scripts/gen-vm-counters.sh DEF: writes on stdout the header
# include/clustermach/vm_counters.h (build tree, never committed) from
# vm/vm_stats.def: VM_COUNTER_<NAME>, the index of each counter in the
# array vm_cluster_statistics() returns (include/clustermach/
# clustermach.defs), VM_COUNTER_COUNT, and VM_COUNTER_NAMES, the names
# in that order for an initializer.  The kernel fills the array from the
# same list (vm/vm_stats.c), so both sides agree by construction.
# Only #defines: the header is safe to include anywhere, .defs too.
set -eu
def=$1
awk '
BEGIN {
	print "/* Generated from vm/vm_stats.def by scripts/gen-vm-counters.sh:"
	print "   do not edit, do not commit. */"
	print "#ifndef _CLUSTERMACH_VM_COUNTERS_H_"
	print "#define _CLUSTERMACH_VM_COUNTERS_H_"
	print ""
	n = 0
}
/^VM_STAT\(/ {
	if (!match($0, /^VM_STAT\([a-z_0-9]+, ".*"\)$/)) {
		print "gen-vm-counters: bad line: " $0 > "/dev/stderr"
		exit 1
	}
	line = $0
	sub(/^VM_STAT\(/, "", line)
	name = line
	sub(/,.*/, "", name)
	comment = line
	sub(/^[a-z_0-9]+, "/, "", comment)
	sub(/"\)$/, "", comment)
	names[n] = name
	printf "#define VM_COUNTER_%s\t%d\t/* %s */\n", toupper(name), n, comment
	n++
}
END {
	if (n == 0) {
		print "gen-vm-counters: no VM_STAT lines" > "/dev/stderr"
		exit 1
	}
	print ""
	printf "#define VM_COUNTER_COUNT\t%d\n", n
	print ""
	print "/* The names, in index order: { VM_COUNTER_NAMES } */"
	printf "#define VM_COUNTER_NAMES"
	for (i = 0; i < n; i++)
		printf " \\\n\t\"%s\"%s", names[i], i < n - 1 ? "," : ""
	print ""
	print ""
	print "#endif /* _CLUSTERMACH_VM_COUNTERS_H_ */"
}
' "$def"
