# SPDX-License-Identifier: GPL-2.0-or-later
"""gdb-scripts/clustermach: GDB commands, functions and pretty printers
for the ClusterMach kernel, one module per subsystem.

  utils.py      cached types, kern/queue.h walkers, string helpers
  constants.py  values from the C headers (TH_* state bits, port
                types, IKOT_*, message rights, VM_PROT_*, VM_INHERIT_*)
  threads.py    cm-threads, cm-check-threads, $cm_current_thread()
  counters.py   cm-counters
  ipc.py        cm-tasks, cm-ports, cm-port, cm-check-ports
  vm.py         cm-map, cm-object, cm-fault, cm-check-object
  printers.py   pretty printers for struct thread, task, stack_stats,
                ipc_port, ipc_entry, ipc_space, vm_object, vm_page,
                vm_map_entry, vm_fault_state

Loaded by gdb-scripts/clustermach-gdb.py; see design/08-gdb.md.
"""
