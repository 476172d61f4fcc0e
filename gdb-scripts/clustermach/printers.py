# SPDX-License-Identifier: GPL-2.0-or-later
"""gdb-scripts/clustermach/printers.py: pretty printers.

`print *thread`, `print *task` and `print stack_stats` start with a
one-line summary in cm-threads' words (`print *port`, `*entry` and
`*space` in cm-ports' and cm-port's; a vm_object, vm_page,
vm_map_entry and vm_fault_state in cm-object's, cm-map's and
cm-fault's), then show the fields as usual (`print/r` shows the raw
struct).  Every printer is registered in
register_pretty_printers(), called once when the package loads.
"""

import gdb
import gdb.printing

from clustermach import ipc
from clustermach import threads
from clustermach import utils
from clustermach import vm


class StructPrinter:
	"""A summary line followed by the struct's own fields."""

	def __init__(self, value):
		self.value = value

	def children(self):
		for field in self.value.type.strip_typedefs().fields():
			yield field.name, self.value[field.name]


class ThreadPrinter(StructPrinter):
	"""struct thread: id, name, task, state, continuation, stack."""

	def to_string(self):
		thread = self.value.address
		return "thread %d %s task=%s state=%s continuation=%s " \
		    "stack=%s" % (int(self.value["id"]),
		    threads.thread_name(thread), threads.thread_task_name(thread),
		    threads.thread_state_string(self.value["state"]),
		    threads.thread_continuation_name(thread),
		    threads.thread_stack_string(thread))


class TaskPrinter(StructPrinter):
	"""struct task: id, name, thread count, active."""

	def to_string(self):
		return "task %d %s threads=%d %s" % (int(self.value["id"]),
		    threads.column_word(utils.char_array_string(
		    self.value["name"])), int(self.value["thread_count"]),
		    "active" if bool(self.value["active"]) else "inactive")


class StackStatsPrinter:
	"""struct stack_stats: name=value for each counter on one line."""

	def __init__(self, value):
		self.value = value

	def to_string(self):
		return " ".join("%s=%d" % (field.name,
		    int(self.value[field.name])) for field in
		    self.value.type.strip_typedefs().fields())


class IpcPortPrinter(StructPrinter):
	"""struct ipc_port: id, receiver, kernel object, rights, queue."""

	def to_string(self):
		return "port %d %s receiver=%s name=%d kobject=%s srights=%d " \
		    "sorights=%d queue=%d/%d" % (int(self.value["ip_id"]),
		    "active" if bool(self.value["ip_active"]) else "dead",
		    ipc.space_owner_string(self.value["ip_receiver"]),
		    int(self.value["ip_receiver_name"]),
		    ipc.kobject_string(self.value),
		    int(self.value["ip_srights"]),
		    int(self.value["ip_sorights"]),
		    int(self.value["ip_msgcount"]), int(self.value["ip_qlimit"]))


class IpcEntryPrinter(StructPrinter):
	"""struct ipc_entry: name, rights, urefs, port id."""

	def to_string(self):
		return "entry %d %s urefs=%d port=%s" % (
		    int(self.value["ie_name"]),
		    ipc.entry_type_string(self.value["ie_type"]),
		    int(self.value["ie_urefs"]),
		    ipc.port_id_string(ipc.entry_port(self.value)))


class IpcSpacePrinter(StructPrinter):
	"""struct ipc_space: owner, active, entries."""

	def to_string(self):
		address = self.value.address
		return "space of %s %s entries=%d" % (
		    ipc.space_owner_string(address) if address is not None
		    else "?",
		    "active" if bool(self.value["is_active"]) else "inactive",
		    int(self.value["is_entries"]))


class VmObjectPrinter(StructPrinter):
	"""struct vm_object: cm-object's first line."""

	def to_string(self):
		address = self.value.address
		return "object %s %s" % ("%#x" % int(address) if address is not
		    None else "?", vm.object_summary(self.value))


class VmPagePrinter(StructPrinter):
	"""struct vm_page: object, offset, physical address, flags."""

	def to_string(self):
		return "page object=%s offset=%#x phys=%#x flags=%s wired=%d" % (
		    vm.pointer_string(self.value["object"]),
		    int(self.value["offset"]), int(self.value["phys_addr"]),
		    vm.page_flags_string(self.value),
		    int(self.value["wire_count"]))


class VmMapEntryPrinter(StructPrinter):
	"""struct vm_map_entry: cm-map's columns."""

	def to_string(self):
		return "map_entry %s" % " ".join(vm.entry_row(
		    self.value).split())


class VmFaultStatePrinter(StructPrinter):
	"""struct vm_fault_state: step, address, access, objects."""

	def to_string(self):
		state = self.value
		return "fault step=%s vaddr=%#x fault_type=%s map_version=%d " \
		    "first_object=%s first_offset=%#x page_object=%s " \
		    "result=%s" % (vm.step_string(state["step"]),
		    int(state["vaddr"]), vm.fault_type_string(state["fault_type"]),
		    int(state["map_version"]),
		    vm.pointer_string(state["first_object"]),
		    int(state["first_offset"]),
		    vm.pointer_string(state["page_object"]),
		    vm.kern_return_string(state["result"]))


def build_pretty_printer():
	printer = gdb.printing.RegexpCollectionPrettyPrinter("clustermach")
	printer.add_printer("thread", "^thread$", ThreadPrinter)
	printer.add_printer("task", "^task$", TaskPrinter)
	printer.add_printer("stack_stats", "^stack_stats$", StackStatsPrinter)
	printer.add_printer("ipc_port", "^ipc_port$", IpcPortPrinter)
	printer.add_printer("ipc_entry", "^ipc_entry$", IpcEntryPrinter)
	printer.add_printer("ipc_space", "^ipc_space$", IpcSpacePrinter)
	printer.add_printer("vm_object", "^vm_object$", VmObjectPrinter)
	printer.add_printer("vm_page", "^vm_page$", VmPagePrinter)
	printer.add_printer("vm_map_entry", "^vm_map_entry$",
	    VmMapEntryPrinter)
	printer.add_printer("vm_fault_state", "^vm_fault_state$",
	    VmFaultStatePrinter)
	return printer


def register_pretty_printers():
	"""Register every ClusterMach printer, for any objfile."""
	gdb.printing.register_pretty_printer(None, build_pretty_printer(),
	    replace=True)


register_pretty_printers()
