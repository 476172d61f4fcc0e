# SPDX-License-Identifier: GPL-2.0-or-later
"""gdb-scripts/clustermach/ipc.py: tasks, port name spaces and ports.

  cm-tasks              one line per live task (all_tasks)
  cm-ports TASK         one line per name in a task's space
  cm-port PORT          a port's fields, queued messages and receivers
  cm-check-ports        verify E1-E4 of ipc/ipc_space.h and P2 of
                        ipc/ipc_port.h across every space

A space is a hash table: is_names[IPC_SPACE_HASH_BUCKETS] chains of
struct ipc_entry through ie_next_name.  Every port is on ipc_port_all
(through ip_all_ports), so a port can be found by its ip_id.  GDB stops
the whole machine, so nothing is locked; the commands are meant for a
quiet moment (a breakpoint outside ipc_lock), where the invariants hold.
"""

import gdb

from clustermach import constants
from clustermach import threads
from clustermach import utils
from clustermach import words

task_type = utils.CachedType("struct task")
port_type = utils.CachedType("struct ipc_port")
pset_type = utils.CachedType("struct ipc_pset")
space_type = utils.CachedType("struct ipc_space")
kmsg_type = utils.CachedType("struct ipc_kmsg")
thread_type = utils.CachedType("struct thread")
dnrequest_type = utils.CachedType("struct ipc_dnrequest")

# A hash chain longer than this is taken to be a loop.
CHAIN_WALK_LIMIT = 100000
# IP_DEAD, ((ipc_port_t)-1) in ipc/ipc_port.h: every bit of a pointer.
IP_DEAD = (1 << constants.POINTER_BITS) - 1
# MACH_MSGH_BITS_LOCAL(bits) of mach/message.h: the masked bits shifted
# down to the mask's lowest bit.
MSGH_LOCAL_SHIFT = (constants.MACH_MSGH_BITS_LOCAL_MASK &
    -constants.MACH_MSGH_BITS_LOCAL_MASK).bit_length() - 1


def port_valid(pointer):
	"""IP_VALID(): neither NULL nor IP_DEAD."""
	address = int(pointer) & IP_DEAD
	return address != 0 and address != IP_DEAD


# --- tasks ---------------------------------------------------------------

def all_tasks():
	"""Yield a struct task * for every task on all_tasks."""
	head = gdb.parse_and_eval("all_tasks")
	return utils.queue_entries(head, task_type, "all_tasks")


def task_name(task):
	return threads.column_word(utils.char_array_string(task["name"]))


def as_pointer(value, cached_type, what):
	"""value (a pointer or an integer) as a cached_type *; GdbError for
	anything else."""
	code = value.type.strip_typedefs().code
	if code not in (gdb.TYPE_CODE_PTR, gdb.TYPE_CODE_INT):
		raise gdb.GdbError("%s: not a pointer: %s" % (what, value.type))
	pointer = value.cast(cached_type.pointer())
	if int(pointer) == 0:
		raise gdb.GdbError("%s: NULL" % what)
	return pointer


def find_task(argument, command):
	"""A struct task * for a task id, a task name or an expression."""
	word = argument.strip()
	if not word:
		raise gdb.GdbError("usage: %s TASK (a task id, a task name or "
		    "a struct task * expression)" % command)
	tasks = list(all_tasks())
	if word.isdigit():
		for task in tasks:
			if int(task["id"]) == int(word):
				return task
		raise gdb.GdbError("%s: no task with id %s" % (command, word))
	named = [t for t in tasks if task_name(t) == word]
	if len(named) == 1:
		return named[0]
	if len(named) > 1:
		raise gdb.GdbError("%s: %d tasks are named %s (ids %s): give "
		    "an id" % (command, len(named), word, ", ".join(
		    str(int(t["id"])) for t in named)))
	try:
		value = gdb.parse_and_eval(word)
	except gdb.error as e:
		raise gdb.GdbError("%s: no task named %s, and not an "
		    "expression: %s" % (command, word, e))
	return as_pointer(value, task_type, command)


# --- spaces and entries --------------------------------------------------

def space_entries(space):
	"""Yield a struct ipc_entry * for every entry of the space (a struct
	ipc_space *), bucket by bucket."""
	buckets = space["is_names"]
	low, high = buckets.type.strip_typedefs().range()
	count = 0
	for bucket in range(low, high + 1):
		entry = buckets[bucket]
		while int(entry) != 0:
			count += 1
			if count > CHAIN_WALK_LIMIT:
				raise gdb.GdbError("space at %#x: more than %d "
				    "entries; a loop?" % (int(space),
				    CHAIN_WALK_LIMIT))
			yield entry
			entry = entry["ie_next_name"]


def entry_type_string(ie_type):
	"""The rights of ie_type as words joined by '|' (SEND|RECEIVE), with
	+DNREQ for a dead-name request; unknown bits in hex; NONE for 0."""
	ie_type = int(ie_type) & 0xffffffff
	dnrequest = ie_type & constants.MACH_PORT_TYPE_DNREQUEST
	ie_type &= ~constants.MACH_PORT_TYPE_DNREQUEST
	parts = []
	for bit, word in words.PORT_TYPE_WORDS:
		if ie_type & bit:
			parts.append(word)
			ie_type &= ~bit
	if ie_type:
		parts.append("%#x" % ie_type)
	text = "|".join(parts) or "NONE"
	return text + "+DNREQ" if dnrequest else text


PORT_RIGHTS = (constants.MACH_PORT_TYPE_SEND |
    constants.MACH_PORT_TYPE_RECEIVE | constants.MACH_PORT_TYPE_SEND_ONCE)


def entry_port(entry):
	"""The struct ipc_port * an entry names, or None (a port set, a dead
	name, a NULL object)."""
	if not int(entry["ie_type"]) & PORT_RIGHTS:
		return None
	if int(entry["ie_object"]) == 0:
		return None
	return entry["ie_object"].cast(port_type.pointer())


def kobject_string(port):
	"""What cm-ports shows for a port's kernel object: task:ID, thread:ID,
	host, host_priv, device, device_master...; `-` for none; `dead`
	for a dead port."""
	if not bool(port["ip_active"]):
		return "dead"
	kotype = int(port["ip_kotype"])
	if kotype == constants.IKOT_NONE:
		return "-"
	word = words.KOBJECT_WORDS.get(kotype)
	if word is None:
		return "kotype:%d" % kotype
	kobject = port["ip_kobject"]
	if kotype == constants.IKOT_TASK and int(kobject):
		return "task:%d" % int(kobject.cast(task_type.pointer())["id"])
	if kotype == constants.IKOT_THREAD and int(kobject):
		return "thread:%d" % int(kobject.cast(
		    thread_type.pointer())["id"])
	return word


def port_id_string(port):
	return "-" if port is None else "%d" % int(port["ip_id"])


def space_owner_string(space):
	"""Whose space: task:ID, kernel (ipc_space_kernel), reply
	(ipc_space_reply), or `-` for none (a port in transit or dead)."""
	if int(space) == 0:
		return "-"
	if int(space) == int(gdb.parse_and_eval("ipc_space_kernel")):
		return "kernel"
	if int(space) == int(gdb.parse_and_eval("ipc_space_reply")):
		return "reply"
	task = space["is_task"]
	if int(task) == 0:
		return "space@%#x" % int(space)
	return "task:%d" % int(task["id"])


PORTS_FORMAT = "%10s %-20s %5s %6s %-16s %s"


def entry_row(entry):
	"""(name, the cm-ports line) for one entry."""
	ie_type = int(entry["ie_type"])
	port = entry_port(entry)
	if port is not None:
		kobject = kobject_string(port)
	else:
		kobject = "-"
	if port is not None and ie_type & constants.MACH_PORT_TYPE_RECEIVE:
		queue = "%d/%d" % (int(port["ip_msgcount"]),
		    int(port["ip_qlimit"]))
	else:
		queue = "-"
	name = int(entry["ie_name"])
	return name, PORTS_FORMAT % (name, entry_type_string(ie_type),
	    int(entry["ie_urefs"]), port_id_string(port), kobject, queue)


# --- commands: cm-tasks, cm-ports ----------------------------------------

TASKS_FORMAT = "%4s %-16s %7s %7s"


class CmTasks(gdb.Command):
	"""List every live ClusterMach task (all_tasks).

Usage: cm-tasks

One line per task, columns separated by blanks:
  ID NAME THREADS ENTRIES
ID is task->id, NAME task->name (blanks become `_`), THREADS
thread_count, ENTRIES the names in its space (is_entries), `-` without a
space.  A last line counts them: tasks=N."""

	def __init__(self):
		super().__init__("cm-tasks", gdb.COMMAND_DATA)

	def invoke(self, argument, from_tty):
		if argument.strip():
			raise gdb.GdbError("cm-tasks takes no arguments")
		gdb.write(TASKS_FORMAT % ("ID", "NAME", "THREADS", "ENTRIES") +
		    "\n")
		count = 0
		for task in all_tasks():
			count += 1
			space = task["itk_space"]
			entries = "%d" % int(space["is_entries"]) if int(space) \
			    else "-"
			gdb.write(TASKS_FORMAT % (int(task["id"]),
			    task_name(task), int(task["thread_count"]),
			    entries) + "\n")
		gdb.write("tasks=%d\n" % count)


CmTasks()


class CmPorts(gdb.Command):
	"""List the names in a task's port name space.

Usage: cm-ports TASK

TASK is a task id, a task name (it must be unique) or an expression
giving a struct task *, e.g. `cm-ports 3`, `cm-ports gdb_ports`,
`cm-ports $cm_current_thread()->task`.  One line per name, sorted by
name, columns separated by blanks:
  NAME TYPE UREFS PORT KOBJECT QUEUE
NAME is the name in decimal.  TYPE the rights as words joined by `|`:
SEND, RECEIVE, SEND_ONCE, PORT_SET, DEAD_NAME (e.g. SEND|RECEIVE), with
`+DNREQ` when a dead-name request is registered.  UREFS ie_urefs.  PORT
the port's ip_id (`cm-port ID`), `-` for a set or a dead name.  KOBJECT
the kernel object the port stands for: task:ID, thread:ID, host,
host_priv, device, device_master, pset, pset_name; `-` for none, `dead`
once the port died.  QUEUE msgcount/qlimit for a receive right, else
`-`.  A last line counts them: task=ID names=N send=N receive=N
send_once=N port_set=N dead_name=N (a SEND|RECEIVE name counts in both)."""

	def __init__(self):
		super().__init__("cm-ports", gdb.COMMAND_DATA)

	def invoke(self, argument, from_tty):
		task = find_task(argument, "cm-ports")
		space = task["itk_space"]
		if int(space) == 0:
			raise gdb.GdbError("cm-ports: task %d (%s) has no space" %
			    (int(task["id"]), task_name(task)))
		rows = []
		counts = dict((word, 0) for _, word in
		    words.PORT_TYPE_WORDS)
		for entry in space_entries(space):
			rows.append(entry_row(entry))
			ie_type = int(entry["ie_type"])
			for bit, word in words.PORT_TYPE_WORDS:
				if ie_type & bit:
					counts[word] += 1
		gdb.write(PORTS_FORMAT % ("NAME", "TYPE", "UREFS", "PORT",
		    "KOBJECT", "QUEUE") + "\n")
		for _, line in sorted(rows):
			gdb.write(line + "\n")
		gdb.write("task=%d names=%d %s\n" % (int(task["id"]), len(rows),
		    " ".join("%s=%d" % (word.lower(), counts[word]) for _, word
		    in words.PORT_TYPE_WORDS)))


CmPorts()


# --- ports, messages -----------------------------------------------------

def all_ports():
	"""Yield a struct ipc_port * for every port on ipc_port_all."""
	head = gdb.parse_and_eval("ipc_port_all")
	return utils.queue_entries(head, port_type, "ip_all_ports")


def find_port(argument, command):
	"""A struct ipc_port * for a port id (ip_id) or an expression."""
	word = argument.strip()
	if not word:
		raise gdb.GdbError("usage: %s PORT (a port id or a struct "
		    "ipc_port * expression)" % command)
	if word.isdigit():
		wanted = int(word)
		for port in all_ports():
			if int(port["ip_id"]) == wanted:
				return port
		raise gdb.GdbError("%s: no port with id %d" % (command, wanted))
	try:
		value = gdb.parse_and_eval(word)
	except gdb.error as e:
		raise gdb.GdbError("%s: not a port id or an expression: %s" %
		    (command, e))
	return as_pointer(value, port_type, command)


def port_messages(port):
	"""Yield a struct ipc_kmsg * for each message queued on port."""
	return utils.queue_entries(port["ip_mqueue"]["imq_messages"],
	    kmsg_type, "ikm_link")


def port_receivers(port):
	"""Yield a struct thread * for each thread waiting to receive on
	port (its imq_receivers, linked by ith.waitq_links)."""
	head = port["ip_mqueue"]["imq_receivers"]
	offset = utils.offset_of(thread_type.get_type(), "ith") + \
	    utils.offset_of(gdb.lookup_type("struct thread_ipc_state"),
	    "waitq_links")
	for chain in utils.queue_chain_entries(head):
		yield gdb.Value(chain - offset).cast(thread_type.pointer())


def read_u64(address):
	data = gdb.selected_inferior().read_memory(address, 8).tobytes()
	return int.from_bytes(data, "little")


def right_of_disposition(disposition):
	"""The right a message holds for a port field of this type
	(ipc_right_copyin_type() of ipc/ipc_right.c): a kernel-form body
	descriptor keeps the sender's disposition (MACH_MSG_TYPE_COPY_SEND
	...), the header bits hold PORT_* already."""
	if disposition == constants.MACH_MSG_TYPE_PORT_RECEIVE:
		return constants.MACH_MSG_TYPE_PORT_RECEIVE
	if disposition in (constants.MACH_MSG_TYPE_PORT_SEND_ONCE,
	    constants.MACH_MSG_TYPE_MAKE_SEND_ONCE):
		return constants.MACH_MSG_TYPE_PORT_SEND_ONCE
	return constants.MACH_MSG_TYPE_PORT_SEND


def message_rights(kmsg):
	"""Every right a kernel-form message holds, as (port address, right)
	pairs with right one of MACH_MSG_TYPE_PORT_{RECEIVE,SEND,SEND_ONCE}:
	the destination and reply rights of the header (MACH_MSGH_BITS),
	then the port rights of the body's descriptors, inline or
	out-of-line, as ipc/ipc_kmsg.c lays them out after copyin.  A port
	descriptor is any of MACH_MSG_TYPE_PORT_ANY (16..21), as the ABI
	says.  Raises gdb.GdbError on a body it cannot parse."""
	header = kmsg["ikm_header"]
	bits = int(header["msgh_bits"]) & 0xffffffff
	rights = []
	for pointer, right in ((header["msgh_remote_port"],
	    bits & constants.MACH_MSGH_BITS_REMOTE_MASK),
	    (header["msgh_local_port"],
	    (bits & constants.MACH_MSGH_BITS_LOCAL_MASK) >> MSGH_LOCAL_SHIFT)):
		if right and port_valid(pointer):
			rights.append((int(pointer) & IP_DEAD, right))
	if not bits & constants.MACH_MSGH_BITS_COMPLEX:
		return rights
	base = int(header.address)
	end = int(header["msgh_size"])
	offset = header.type.strip_typedefs().sizeof
	inferior = gdb.selected_inferior()
	while offset < end:
		if end - offset < 8:
			raise gdb.GdbError("message at %#x: truncated descriptor "
			    "at offset %d" % (int(kmsg), offset))
		data = inferior.read_memory(base + offset, 8).tobytes()
		word = int.from_bytes(data[0:4], "little")
		number = int.from_bytes(data[4:8], "little")
		name = word & 0xff
		size_bits = (word >> 8) & 0xffff
		is_inline = bool(word >> 29 & 1)
		is_port = constants.MACH_MSG_TYPE_PORT_RECEIVE <= name <= \
		    constants.MACH_MSG_TYPE_MAKE_SEND_ONCE
		data_offset = offset + 8
		length = (number * size_bits + 7) // 8
		if is_inline:
			next_offset = data_offset + ((length + 7) & ~7)
		else:
			next_offset = data_offset + 8
		if next_offset > end:
			raise gdb.GdbError("message at %#x: descriptor at offset "
			    "%d runs past msgh_size %d" % (int(kmsg), offset, end))
		if is_port and number:
			if is_inline:
				array = base + data_offset
			else:
				array = read_u64(base + data_offset)
			if array:
				for i in range(number):
					pointer = read_u64(array + 8 * i)
					if port_valid(pointer):
						rights.append((pointer,
						    right_of_disposition(name)))
		offset = next_offset
	return rights


def message_line(kmsg, seqno):
	header = kmsg["ikm_header"]

	def port_word(pointer):
		if not port_valid(pointer):
			return "-"
		return "%d" % int(pointer.cast(port_type.pointer())["ip_id"])
	return "message seqno=%d id=%d size=%d bits=%#010x remote=%s " \
	    "local=%s" % (seqno, int(header["msgh_id"]),
	    int(header["msgh_size"]), int(header["msgh_bits"]) & 0xffffffff,
	    port_word(header["msgh_remote_port"]),
	    port_word(header["msgh_local_port"]))


def pointer_port_id(pointer):
	"""ip_id of a port pointer, or `-` for NULL / IP_DEAD."""
	if not port_valid(pointer):
		return "-"
	return "%d" % int(pointer.cast(port_type.pointer())["ip_id"])


def port_dnrequests(port):
	"""Yield each struct ipc_dnrequest * of port."""
	return utils.queue_entries(port["ip_dnrequests"], dnrequest_type,
	    "dn_links")


class CmPort(gdb.Command):
	"""Show one port: its fields, its queued messages and its receivers.

Usage: cm-port PORT

PORT is a port id (ip_id, the PORT column of cm-ports) or an expression
giving a struct ipc_port *.  Every line but the first is key=value pairs:
  port ID at ADDRESS
  active=0|1 receiver=task:ID|kernel|reply|- receiver_name=N pset=...
      kobject=... (as in cm-ports)
  references=N srights=N sorights=N mscount=N seqno=N msgcount=N
      qlimit=N nsrequest=ID|- pdrequest=ID|- dnrequests=N
then one line per queued message, oldest first:
  message seqno=N id=N size=N bits=0x... remote=ID|- local=ID|-
(seqno: the one the receiver will get, ip_seqno plus its place in the
queue; bits and ports in kernel form), one line per waiting receiver:
  receiver thread=ID name=NAME task=ID
and a last line: messages=N receivers=N."""

	def __init__(self):
		super().__init__("cm-port", gdb.COMMAND_DATA)

	def invoke(self, argument, from_tty):
		port = find_port(argument, "cm-port")
		pset = port["ip_pset"]
		gdb.write("port %d at %#x\n" % (int(port["ip_id"]), int(port)))
		gdb.write("active=%d receiver=%s receiver_name=%d pset=%s "
		    "kobject=%s\n" % (int(bool(port["ip_active"])),
		    space_owner_string(port["ip_receiver"]),
		    int(port["ip_receiver_name"]),
		    "%d" % int(pset["ips_name"]) if int(pset) else "-",
		    kobject_string(port)))
		dnrequests = len(list(port_dnrequests(port)))
		gdb.write("references=%d srights=%d sorights=%d mscount=%d "
		    "seqno=%d msgcount=%d qlimit=%d nsrequest=%s pdrequest=%s "
		    "dnrequests=%d\n" % (int(port["ip_references"]),
		    int(port["ip_srights"]), int(port["ip_sorights"]),
		    int(port["ip_mscount"]), int(port["ip_seqno"]),
		    int(port["ip_msgcount"]), int(port["ip_qlimit"]),
		    pointer_port_id(port["ip_nsrequest"]),
		    pointer_port_id(port["ip_pdrequest"]), dnrequests))
		seqno = int(port["ip_seqno"])
		messages = 0
		for kmsg in port_messages(port):
			gdb.write(message_line(kmsg, (seqno + messages) &
			    0xffffffff) + "\n")
			messages += 1
		receivers = 0
		for thread in port_receivers(port):
			receivers += 1
			task = thread["task"]
			gdb.write("receiver thread=%d name=%s task=%s\n" % (
			    int(thread["id"]), threads.thread_name(thread),
			    "%d" % int(task["id"]) if int(task) else "kernel"))
		gdb.write("messages=%d receivers=%d\n" % (messages, receivers))


CmPort()


# --- cm-check-ports ------------------------------------------------------

def all_spaces():
	"""(label, struct ipc_space *) for each space: every task's, then
	ipc_space_kernel and ipc_space_reply."""
	seen = set()
	spaces = []
	for task in all_tasks():
		space = task["itk_space"]
		if int(space) and int(space) not in seen:
			seen.add(int(space))
			spaces.append(("task %d (%s)" % (int(task["id"]),
			    task_name(task)), space))
	for variable in ("ipc_space_kernel", "ipc_space_reply"):
		space = gdb.parse_and_eval(variable)
		if int(space) and int(space) not in seen:
			seen.add(int(space))
			spaces.append((variable, space))
	return spaces


VALID_TYPES = (
	constants.MACH_PORT_TYPE_SEND,
	constants.MACH_PORT_TYPE_RECEIVE,
	constants.MACH_PORT_TYPE_SEND | constants.MACH_PORT_TYPE_RECEIVE,
	constants.MACH_PORT_TYPE_SEND_ONCE,
	constants.MACH_PORT_TYPE_PORT_SET,
	constants.MACH_PORT_TYPE_DEAD_NAME,
)


class PortCount:
	"""Where the send and send-once rights to one port were found."""

	def __init__(self):
		self.send_entries = 0
		self.send_messages = 0
		self.send_kernel = 0
		self.sonce_entries = 0
		self.sonce_messages = 0
		self.sonce_kernel = 0


def kernel_held_rights():
	"""(port address, right) for the rights the kernel keeps outside
	spaces and messages: a task's itk_sself, itk_exception and
	itk_bootstrap and a thread's ith.exception (send rights); a port's
	no-senders and port-destroyed requests and each dead-name request's
	notify port (send-once rights, counted from the ports)."""
	rights = []
	send = constants.MACH_MSG_TYPE_PORT_SEND
	for task in all_tasks():
		for field in ("itk_sself", "itk_exception", "itk_bootstrap"):
			if port_valid(task[field]):
				rights.append((int(task[field]), send))
	for thread in threads.all_threads():
		if port_valid(thread["ith"]["exception"]):
			rights.append((int(thread["ith"]["exception"]), send))
	return rights


def check_ports():
	"""(problems, number of ports, number of entries, rights held by
	messages): every violation of E1-E4, P2, the receiver fields and the
	space counts, as strings."""
	problems = []
	counts = {}
	ports = {}
	for port in all_ports():
		ports[int(port)] = port
		counts[int(port)] = PortCount()
	send = constants.MACH_MSG_TYPE_PORT_SEND
	sonce = constants.MACH_MSG_TYPE_PORT_SEND_ONCE

	def count_of(address, where):
		if address not in counts:
			problems.append("list: %s names port %#x, which is not "
			    "on ipc_port_all" % (where, address))
			counts[address] = PortCount()
		return counts[address]

	entries = 0
	for label, space in all_spaces():
		walked = 0
		holders = {}	# port -> names with SEND or RECEIVE (E3)
		for entry in space_entries(space):
			walked += 1
			name = int(entry["ie_name"])
			where = "%s name %d" % (label, name)
			ie_type = int(entry["ie_type"]) & 0xffffffff
			rights = ie_type & ~constants.MACH_PORT_TYPE_DNREQUEST
			urefs = int(entry["ie_urefs"])
			if rights not in VALID_TYPES:
				problems.append("E1: %s: type %s" % (where,
				    entry_type_string(ie_type)))
			counted = rights & (constants.MACH_PORT_TYPE_SEND |
			    constants.MACH_PORT_TYPE_SEND_ONCE |
			    constants.MACH_PORT_TYPE_DEAD_NAME)
			if rights & constants.MACH_PORT_TYPE_SEND_ONCE and \
			    urefs != 1:
				problems.append("E2: %s: SEND_ONCE with urefs %d" %
				    (where, urefs))
			elif bool(counted) != (urefs > 0):
				problems.append("E2: %s: %s with urefs %d" % (where,
				    entry_type_string(ie_type), urefs))
			port = entry_port(entry)
			if port is None:
				if rights & PORT_RIGHTS:
					problems.append("E1: %s: %s names no port" %
					    (where, entry_type_string(ie_type)))
				continue
			address = int(port)
			count = count_of(address, where)
			if rights & constants.MACH_PORT_TYPE_SEND:
				count.send_entries += 1
			if rights & constants.MACH_PORT_TYPE_SEND_ONCE:
				count.sonce_entries += 1
			if rights & (constants.MACH_PORT_TYPE_SEND |
			    constants.MACH_PORT_TYPE_RECEIVE):
				holders.setdefault(address, []).append(name)
			if rights & constants.MACH_PORT_TYPE_RECEIVE and (
			    int(port["ip_receiver"]) != int(space) or
			    int(port["ip_receiver_name"]) != name):
				problems.append("receiver: %s: RECEIVE for port %d, "
				    "whose ip_receiver is %s name %d" % (where,
				    int(port["ip_id"]), space_owner_string(
				    port["ip_receiver"]),
				    int(port["ip_receiver_name"])))
		for address, names in sorted(holders.items()):
			if len(names) > 1:
				problems.append("E3: %s: port %d has %d names with "
				    "SEND or RECEIVE: %s" % (label, int(ports[address][
				    "ip_id"]) if address in ports else -1, len(names),
				    ", ".join(str(n) for n in sorted(names))))
		if walked != int(space["is_entries"]):
			problems.append("count: %s: is_entries=%d but %d entries "
			    "in is_names" % (label, int(space["is_entries"]),
			    walked))
		entries += walked

	# Rights in messages: queued on a port, or handed to a receiver.
	message_rights_count = 0
	messages = []
	for port in list(ports.values()):
		for kmsg in port_messages(port):
			messages.append(("port %d" % int(port["ip_id"]), kmsg))
	for thread in threads.all_threads():
		kmsg = thread["ith"]["kmsg"]
		if int(kmsg):
			messages.append(("thread %d" % int(thread["id"]), kmsg))
	for where, kmsg in messages:
		for address, right in message_rights(kmsg):
			if right == send:
				count_of(address, "a message on %s" % where). \
				    send_messages += 1
			elif right == sonce:
				count_of(address, "a message on %s" % where). \
				    sonce_messages += 1
			message_rights_count += 1

	for address, right in kernel_held_rights():
		count_of(address, "the kernel").send_kernel += 1
	for port in ports.values():
		for field in ("ip_nsrequest", "ip_pdrequest"):
			if port_valid(port[field]):
				count_of(int(port[field]) & IP_DEAD, "port %d %s" %
				    (int(port["ip_id"]), field)).sonce_kernel += 1
		for dn in port_dnrequests(port):
			if port_valid(dn["dn_notify"]):
				count_of(int(dn["dn_notify"]) & IP_DEAD, "port %d "
				    "dead-name request" % int(port["ip_id"])). \
				    sonce_kernel += 1

	for address, port in ports.items():
		count = counts[address]
		label = "port %d at %#x" % (int(port["ip_id"]), address)
		srights = int(port["ip_srights"])
		total = count.send_entries + count.send_messages + \
		    count.send_kernel
		if srights != total:
			problems.append("P2: %s: ip_srights=%d but %d send rights "
			    "(entries %d, messages %d, kernel %d)" % (label,
			    srights, total, count.send_entries,
			    count.send_messages, count.send_kernel))
		sorights = int(port["ip_sorights"])
		total = count.sonce_entries + count.sonce_messages + \
		    count.sonce_kernel
		if sorights != total:
			problems.append("P2: %s: ip_sorights=%d but %d send-once "
			    "rights (entries %d, messages %d, kernel %d)" % (
			    label, sorights, total, count.sonce_entries,
			    count.sonce_messages, count.sonce_kernel))
	return problems, len(ports), entries, message_rights_count


class CmCheckPorts(gdb.Command):
	"""Check the port and space invariants across every space.

Usage: cm-check-ports

Walks every task's space, ipc_space_kernel and ipc_space_reply, every
port on ipc_port_all and every message (queued, or handed to a receiving
thread), and checks
  E1  each entry's type is one of the valid combinations;
  E2  urefs > 0 exactly for SEND, SEND_ONCE (then 1) and DEAD_NAME;
  E3  a space has at most one SEND or RECEIVE name per port;
  E4, P2  ip_srights (ip_sorights) equals the send (send-once) rights
      found: entries, messages (header and body), and those the kernel
      keeps (itk_sself, itk_exception, itk_bootstrap, ith.exception;
      no-senders, port-destroyed and dead-name requests);
  receiver  a RECEIVE entry's port has ip_receiver and ip_receiver_name
      pointing back at it;
  count  is_entries equals the entries on the space's hash chains.
Prints `cm-check-ports: ok (N ports, M entries)`, or
one line per violation and then fails (an error, so a batch script
stops).  Use it where no IPC operation is half done (outside ipc_lock):
rights held in a kernel routine's local variables are not found."""

	def __init__(self):
		super().__init__("cm-check-ports", gdb.COMMAND_DATA)

	def invoke(self, argument, from_tty):
		if argument.strip():
			raise gdb.GdbError("cm-check-ports takes no arguments")
		problems, ports, entries, _ = check_ports()
		if not problems:
			gdb.write("cm-check-ports: ok (%d ports, %d entries)\n" %
			    (ports, entries))
			return
		for problem in problems:
			gdb.write("cm-check-ports: %s\n" % problem)
		raise gdb.GdbError("cm-check-ports: %d violation%s in %d ports, "
		    "%d entries" % (len(problems), "" if len(problems) == 1
		    else "s", ports, entries))


CmCheckPorts()
