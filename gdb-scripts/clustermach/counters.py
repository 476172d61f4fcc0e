# SPDX-License-Identifier: GPL-2.0-or-later
"""gdb-scripts/clustermach/counters.py: the kernel's counters.

  cm-counters [GROUP]   print a counter struct as name=value lines

Groups today: stacks (struct stack_stats stack_stats,
kern/continuation.h), its fields as GDB's view of the struct has them;
and vm (struct vm_counters vm_counters; asked for by name, not printed
by default), in vm/vm_stats.def's order, from the list the build
generated into constants.VM_COUNTER_NAMES: a kernel whose struct has
other fields (built from another vm_stats.def) is refused.
"""

import gdb

from clustermach import constants

# Group name -> (the global that holds it, its names in order or None:
# the struct's own fields).
COUNTER_GROUPS = {
	"stacks": ("stack_stats", None),
	"vm": ("vm_counters", constants.VM_COUNTER_NAMES),
}
DEFAULT_GROUPS = ("stacks",)


def counter_pairs(variable, names=None):
	"""(name, value) for each integer field of the global `variable`,
	in the order of names if given (which must be its fields)."""
	try:
		value = gdb.parse_and_eval(variable)
	except gdb.error as e:
		raise gdb.GdbError("cm-counters: cannot read %s: %s" %
		    (variable, e))
	fields = [field.name for field in
	    value.type.strip_typedefs().fields()]
	if names is not None and list(names) != fields:
		raise gdb.GdbError("cm-counters: the fields of %s are not "
		    "those the build generated from vm/vm_stats.def "
		    "(constants.VM_COUNTER_NAMES): kernel and build folder "
		    "disagree" % variable)
	return [(name, int(value[name])) for name in names or fields]


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
			for name, value in counter_pairs(*COUNTER_GROUPS[group]):
				gdb.write("%s=%d\n" % (name, value))


CmCounters()
