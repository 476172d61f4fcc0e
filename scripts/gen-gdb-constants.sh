#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scripts/gen-gdb-constants.sh OBJECT: writes on stdout the GDB package's
# gdb-scripts/clustermach/constants.py (build tree, never committed) from
# the section .cm_gdb_constants of OBJECT, the compiled
# gdb-scripts/clustermach/constants.c, whose lines are
#   value NAME NUMBER          ->  NAME = NUMBER  (NUMBER may read $N)
#   kern_return NAME NUMBER    ->  KERN_RETURN_NAMES[NUMBER] = "NAME"
#   counter NAME 0             ->  VM_COUNTER_NAMES, in order
# Needs objcopy (binutils).
set -eu
object=$1
text=$(mktemp)
trap 'rm -f "$text"' EXIT
${OBJCOPY:-objcopy} --dump-section .cm_gdb_constants="$text" "$object" \
    /dev/null
awk '
BEGIN {
	print "# SPDX-License-Identifier: GPL-2.0-or-later"
	print "\"\"\"gdb-scripts/clustermach/constants.py: the C values the GDB"
	print "package needs, generated from gdb-scripts/clustermach/constants.c"
	print "(the kernel headers, vm/vm_stats.def) by scripts/gen-gdb-constants.sh"
	print "at build time: do not edit, do not commit.\"\"\""
	print ""
	nk = 0
	nc = 0
}
{ sub(/^\$/, "", $3) }		# x86 AT&T immediates: $N
NF != 3 || $3 !~ /^-?[0-9]+$/ {
	print "gen-gdb-constants: bad line: " $0 > "/dev/stderr"
	failed = 1
	exit 1
}
$1 == "value" { printf "%s = %s\n", $2, $3; next }
$1 == "kern_return" { kr[nk++] = sprintf("\t%s: \"%s\",", $3, $2); next }
$1 == "counter" { counter[nc++] = sprintf("\t\"%s\",", $2); next }
{
	print "gen-gdb-constants: unknown kind: " $0 > "/dev/stderr"
	failed = 1
	exit 1
}
END {
	if (failed)
		exit 1
	if (nk == 0 || nc == 0) {
		print "gen-gdb-constants: no KERN_* names or counters" \
		    > "/dev/stderr"
		exit 1
	}
	print ""
	print "KERN_RETURN_NAMES = {"
	for (i = 0; i < nk; i++)
		print kr[i]
	print "}"
	print ""
	print "# struct vm_counters, in order."
	print "VM_COUNTER_NAMES = ("
	for (i = 0; i < nc; i++)
		print counter[i]
	print ")"
}
' "$text"
