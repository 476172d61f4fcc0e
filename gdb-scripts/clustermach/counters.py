# SPDX-License-Identifier: GPL-2.0-or-later
"""gdb-scripts/clustermach/counters.py: the kernel's counters.

  cm-counters [GROUP]   print a counter struct as name=value lines

The fields come from GDB's view of the struct, so a counter added in C
shows up here without a change.  Groups today: stacks (struct
stack_stats stack_stats, kern/continuation.h) and vm (struct vm_counters
vm_counters, vm/vm_stats.def; asked for by name, not printed by
default).
"""

import gdb

# Group name -> the global that holds it.
COUNTER_GROUPS = {
	"stacks": "stack_stats",
	"vm": "vm_counters",
}
DEFAULT_GROUPS = ("stacks",)


def counter_pairs(variable):
	"""(name, value) for each integer field of the global `variable`."""
	try:
		value = gdb.parse_and_eval(variable)
	except gdb.error as e:
		raise gdb.GdbError("cm-counters: cannot read %s: %s" %
		    (variable, e))
	pairs = []
	for field in value.type.strip_typedefs().fields():
		pairs.append((field.name, int(value[field.name])))
	return pairs


class CmCounters(gdb.Command):
	"""Print ClusterMach's counters, one name=value per line.

Usage: cm-counters [GROUP]

GROUP is one of: stacks (struct stack_stats, kern/continuation.h), vm
(struct vm_counters, vm/vm_stats.def).  Without one, stacks is printed.  Field names are the C names, e.g.
  stacks_in_use=3
  stack_handoffs=0"""

	def __init__(self):
		super().__init__("cm-counters", gdb.COMMAND_DATA)

	def invoke(self, argument, from_tty):
		words = gdb.string_to_argv(argument)
		if len(words) > 1:
			raise gdb.GdbError("usage: cm-counters [GROUP]")
		if words and words[0] not in COUNTER_GROUPS:
			raise gdb.GdbError("cm-counters: no group %r (groups: "
			    "%s)" % (words[0], ", ".join(sorted(COUNTER_GROUPS))))
		for group in words or DEFAULT_GROUPS:
			for name, value in counter_pairs(COUNTER_GROUPS[group]):
				gdb.write("%s=%d\n" % (name, value))


CmCounters()
