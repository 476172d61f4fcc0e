# SPDX-License-Identifier: GPL-2.0-or-later
"""gdb-scripts/clustermach: GDB commands, functions and pretty printers
for the ClusterMach kernel, one module per subsystem.

  utils.py      cached types, kern/queue.h walkers, string helpers
  constants.py  GENERATED at build time into the build tree
                (build/gdb-scripts/clustermach/, from constants.c): the
                macro values of the C headers (TH_* bits, port types,
                IKOT_*, message rights, VM_PROT_*, VM_INHERIT_*, KERN_*
                names, PAGE_SIZE) and the VM counters' names
  words.py      how the commands spell those values
  threads.py    cm-threads, cm-check-threads, $cm_current_thread()
  counters.py   cm-counters
  ipc.py        cm-tasks, cm-ports, cm-port, cm-check-ports
  vm.py         cm-map, cm-object, cm-fault, cm-check-object
  printers.py   pretty printers for struct thread, task, stack_stats,
                ipc_port, ipc_entry, ipc_space, vm_object, vm_page,
                vm_map_entry, vm_fault_state

The package spans two folders: this one, and its generated half in the
build folder, $CLUSTERMACH_BUILD or <source>/build (as the test harness
and scripts/setup.sh use), added to the package's __path__ here.
Loaded by gdb-scripts/clustermach-gdb.py; see design/08-gdb.md.
"""

import os

_source = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUILD_DIR = os.path.abspath(os.environ.get("CLUSTERMACH_BUILD") or
    os.path.join(_source, "build"))
_generated = os.path.join(BUILD_DIR, "gdb-scripts", "clustermach")

if not os.path.exists(os.path.join(_generated, "constants.py")) and \
    not os.path.exists(os.path.join(os.path.dirname(__file__),
    "constants.py")):
	raise ImportError("clustermach: %s/constants.py is missing: build "
	    "first (./scripts/setup.sh), or set CLUSTERMACH_BUILD to the "
	    "build folder" % _generated)
if os.path.isdir(_generated) and _generated not in __path__:
	__path__.append(_generated)
