# SPDX-License-Identifier: GPL-2.0-or-later
"""gdb-scripts/clustermach/vm.py: maps, objects, pages and faults.

  cm-map TASK           one line per entry of a task's map
  cm-object OBJECT      an object's fields, then one line per resident
                        page with its flags
  cm-fault THREAD       the saved fault state of a thread blocked in a
                        user fault (swap_func == vm_fault_continue)
  cm-check-object OBJECT  verify the resident-page bookkeeping and F3 of
                        design/05-fault.md

A map's entries are a list through prev/next whose head is map->header
(vm/vm_map.h); an object's resident pages a NULL-terminated list from
object->memq through listq_next (vm/vm_object.c).  A blocked user fault
keeps everything it needs in thread->saved.fault.state (struct
vm_fault_state, vm/vm_fault.h).  GDB stops the whole machine, so nothing
is locked; use the commands at a quiet point, outside the object lock.
"""

import gdb

from clustermach import constants
from clustermach import ipc
from clustermach import threads
from clustermach import utils
from clustermach import words

map_type = utils.CachedType("struct vm_map")
entry_type = utils.CachedType("struct vm_map_entry")
object_type = utils.CachedType("struct vm_object")
page_type = utils.CachedType("struct vm_page")
thread_type = utils.CachedType("struct thread")

# A list longer than this is taken to be a loop that misses its end.
WALK_LIMIT = 1000000

# The continuation of a thread blocked in a user fault (vm/vm_fault.c).
FAULT_CONTINUATION = "vm_fault_continue"

# The page flags cm-object prints, in order (struct vm_page bit-fields).
PAGE_FLAGS = ("busy", "absent", "dirty", "wanted", "error", "precious",
    "active", "inactive")


# --- words ----------------------------------------------------------------

def prot_string(prot):
	"""A vm_prot_t as three letters, `-` for a missing right: rw-, r-x."""
	prot = int(prot)
	return "".join(letter if prot & bit else "-" for bit, letter in (
	    (constants.VM_PROT_READ, "r"), (constants.VM_PROT_WRITE, "w"),
	    (constants.VM_PROT_EXECUTE, "x")))


def fault_type_string(prot):
	"""A fault's access as words joined by `|`: read, write, execute."""
	prot = int(prot)
	parts = [word for bit, word in ((constants.VM_PROT_READ, "read"),
	    (constants.VM_PROT_WRITE, "write"), (constants.VM_PROT_EXECUTE,
	    "execute")) if prot & bit]
	rest = prot & ~(constants.VM_PROT_READ | constants.VM_PROT_WRITE |
	    constants.VM_PROT_EXECUTE)
	if rest:
		parts.append("%#x" % rest)
	return "|".join(parts) or "none"


def inherit_string(inheritance):
	inheritance = int(inheritance)
	return words.INHERIT_WORDS.get(inheritance, "%d" % inheritance)


def kern_return_string(kr):
	"""A kern_return_t as NAME(number), or the number alone."""
	kr = int(kr)
	name = constants.KERN_RETURN_NAMES.get(kr)
	return "%s(%d)" % (name, kr) if name else "%d" % kr


def pointer_string(pointer):
	"""A pointer in hex, `-` for NULL."""
	return "%#x" % int(pointer) if int(pointer) else "-"


def step_string(step):
	"""enum vm_fault_step without its prefix: REVALIDATE."""
	text = str(step)
	prefix = "VM_FAULT_STEP_"
	return text[len(prefix):] if text.startswith(prefix) else text


def page_flags(page):
	"""The set PAGE_FLAGS of a struct vm_page, as a list of words."""
	return [flag for flag in PAGE_FLAGS if int(page[flag])]


def page_flags_string(page):
	return "|".join(page_flags(page)) or "-"


# --- walks ----------------------------------------------------------------

def map_entries(vm_map):
	"""Yield a struct vm_map_entry * for each entry of the map, in
	address order (header.next up to the header)."""
	head = int(vm_map["header"].address)
	entry = vm_map["header"]["next"]
	count = 0
	while int(entry) != head:
		if int(entry) == 0:
			raise gdb.GdbError("map at %#x: NULL next pointer after "
			    "%d entries" % (int(vm_map), count))
		count += 1
		if count > WALK_LIMIT:
			raise gdb.GdbError("map at %#x: more than %d entries; a "
			    "loop?" % (int(vm_map), WALK_LIMIT))
		yield entry
		entry = entry["next"]


def object_pages(vm_object):
	"""Yield a struct vm_page * for each page on the object's memq, in
	list order (newest first)."""
	page = vm_object["memq"]
	count = 0
	while int(page) != 0:
		count += 1
		if count > WALK_LIMIT:
			raise gdb.GdbError("object at %#x: more than %d pages on "
			    "memq; a loop?" % (int(vm_object), WALK_LIMIT))
		yield page
		page = page["listq_next"]


# --- arguments ------------------------------------------------------------

def find_object(argument, command):
	"""A struct vm_object * from an expression (a pointer or an
	address)."""
	word = argument.strip()
	if not word:
		raise gdb.GdbError("usage: %s OBJECT (a struct vm_object * "
		    "expression)" % command)
	try:
		value = gdb.parse_and_eval(word)
	except gdb.error as e:
		raise gdb.GdbError("%s: not an expression: %s" % (command, e))
	return ipc.as_pointer(value, object_type, command)


def find_thread(argument, command):
	"""A struct thread * for a thread id or an expression."""
	word = argument.strip()
	if not word:
		raise gdb.GdbError("usage: %s THREAD (a thread id or a struct "
		    "thread * expression)" % command)
	if word.isdigit():
		for thread in threads.all_threads():
			if int(thread["id"]) == int(word):
				return thread
		raise gdb.GdbError("%s: no thread with id %s" % (command, word))
	try:
		value = gdb.parse_and_eval(word)
	except gdb.error as e:
		raise gdb.GdbError("%s: not a thread id or an expression: %s" %
		    (command, e))
	return ipc.as_pointer(value, thread_type, command)


def in_user_fault(thread):
	"""Whether the thread is blocked in a user fault: its continuation
	is vm_fault_continue (vm_fault_block())."""
	swap_func = int(thread["swap_func"])
	return swap_func != 0 and \
	    utils.symbol_name(swap_func) == FAULT_CONTINUATION


# --- cm-map ---------------------------------------------------------------

MAP_FORMAT = "%18s %18s %-8s %-5s %-18s %-10s %s"


def map_summary(vm_map):
	return "entries=%d size=%#x timestamp=%d pmap=%s" % (
	    int(vm_map["nentries"]), int(vm_map["size"]),
	    int(vm_map["timestamp"]), pointer_string(vm_map["pmap"]))


def entry_row(entry):
	return MAP_FORMAT % ("%#x" % int(entry["start"]),
	    "%#x" % int(entry["end"]), "%s/%s" % (
	    prot_string(entry["protection"]),
	    prot_string(entry["max_protection"])),
	    inherit_string(entry["inheritance"]),
	    pointer_string(entry["object"]), "%#x" % int(entry["offset"]),
	    "needs" if bool(entry["needs_copy"]) else "-")


class CmMap(gdb.Command):
	"""List the entries of a task's address space (task->map).

Usage: cm-map TASK

TASK is a task id, a task name (it must be unique) or an expression
giving a struct task *, as for cm-ports.  A first line names the map:
  map ADDRESS task=ID entries=N size=BYTES timestamp=T pmap=ADDRESS
then a header and one line per entry in address order, seven columns:
  START END PROT/MAX INH OBJECT OFFSET COPY
START and END in hex (END exclusive); PROT/MAX the current and maximum
protection as rwx letters (`-` for a missing right), e.g. rw-/rwx; INH
share, copy or none; OBJECT the struct vm_object * in hex (cm-object
takes it); OFFSET of START in the object, in hex; COPY `needs' for a
copy-on-write entry not yet given its own shadow (needs_copy), else
`-'.  A last line counts
the rows: entries=N bytes=BYTES."""

	def __init__(self):
		super().__init__("cm-map", gdb.COMMAND_DATA)

	def invoke(self, argument, from_tty):
		task = ipc.find_task(argument, "cm-map")
		vm_map = task["map"]
		if int(vm_map) == 0:
			raise gdb.GdbError("cm-map: task %d (%s) has no map" % (
			    int(task["id"]), ipc.task_name(task)))
		gdb.write("map %#x task=%d %s\n" % (int(vm_map),
		    int(task["id"]), map_summary(vm_map)))
		gdb.write(MAP_FORMAT % ("START", "END", "PROT/MAX", "INH",
		    "OBJECT", "OFFSET", "COPY") + "\n")
		count = size = 0
		for entry in map_entries(vm_map):
			count += 1
			size += int(entry["end"]) - int(entry["start"])
			gdb.write(entry_row(entry) + "\n")
		gdb.write("entries=%d bytes=%#x\n" % (count, size))


CmMap()


# --- cm-object ------------------------------------------------------------

# A bound on the walk, so that a corrupt (cyclic) chain still prints.
SHADOW_DEPTH_MAX = 1 << 16


def shadow_depth(vm_object):
	"""How many objects lie below vm_object on its shadow chain, as
	vm_object_shadow_depth() counts them (vm/vm_object_collapse.c)."""
	depth = 0
	shadow = vm_object["shadow"]
	while int(shadow) != 0 and depth < SHADOW_DEPTH_MAX:
		depth += 1
		shadow = shadow["shadow"]
	return depth


def object_summary(vm_object):
	"""key=value words of an object's fields, as cm-object's first line
	(after `object ADDRESS`)."""
	return "%s size=%#x ref_count=%d resident=%d pager_ready=%d " \
	    "pager_dead=%d paging_in_progress=%d absent_count=%d shared=%d " \
	    "shadow=%s shadow_offset=%#x pager=%s pager_request=%s " \
	    "pager_name=%s shadow_depth=%d cached=%d copy=%s " \
	    "copy_strategy=%d" % (
	    "internal" if bool(vm_object["internal"]) else "external",
	    int(vm_object["size"]), int(vm_object["ref_count"]),
	    int(vm_object["resident_page_count"]),
	    int(vm_object["pager_ready"]), int(vm_object["pager_dead"]),
	    int(vm_object["paging_in_progress"]),
	    int(vm_object["absent_count"]), int(vm_object["shared"]),
	    pointer_string(vm_object["shadow"]),
	    int(vm_object["shadow_offset"]),
	    ipc.port_id_string(port_or_none(vm_object["pager"])),
	    ipc.port_id_string(port_or_none(vm_object["pager_request"])),
	    ipc.port_id_string(port_or_none(vm_object["pager_name"])),
	    shadow_depth(vm_object), int(vm_object["cached"]),
	    pointer_string(vm_object["copy"]),
	    int(vm_object["copy_strategy"]))


def port_or_none(pointer):
	return pointer if ipc.port_valid(pointer) else None


OBJECT_FORMAT = "%18s %18s %s"


class CmObject(gdb.Command):
	"""Show a VM object and its resident pages.

Usage: cm-object OBJECT

OBJECT is an expression giving a struct vm_object * (an OBJECT column of
cm-map, a first_object of cm-fault).  The first line:
  object ADDRESS internal|external size=BYTES ref_count=N resident=N
  pager_ready=0|1 pager_dead=0|1 paging_in_progress=N absent_count=N
  shared=0|1 shadow=ADDRESS|- shadow_offset=BYTES pager=PORT
  pager_request=PORT pager_name=PORT shadow_depth=N cached=0|1
(ports by ip_id, `-` for none; shadow_depth counts the objects below on
the shadow chain; cached: kept in the object cache after its last
reference, vm/vm_object_cache.c).  Then a header and one line per page on
memq, sorted by offset, three columns:
  OFFSET PHYS FLAGS
OFFSET in the object and PHYS (phys_addr) in hex; FLAGS the set flags
among busy, absent, dirty, wanted, error, precious, active, inactive,
joined by `|` in that order, `-` for none.  A last line counts the pages
and, per flag, the pages that have it:
  pages=N busy=N absent=N dirty=N wanted=N error=N precious=N active=N
  inactive=N"""

	def __init__(self):
		super().__init__("cm-object", gdb.COMMAND_DATA)

	def invoke(self, argument, from_tty):
		vm_object = find_object(argument, "cm-object")
		gdb.write("object %#x %s\n" % (int(vm_object),
		    object_summary(vm_object)))
		rows = []
		counts = dict((flag, 0) for flag in PAGE_FLAGS)
		for page in object_pages(vm_object):
			flags = page_flags(page)
			for flag in flags:
				counts[flag] += 1
			rows.append((int(page["offset"]), OBJECT_FORMAT % (
			    "%#x" % int(page["offset"]),
			    "%#x" % int(page["phys_addr"]),
			    "|".join(flags) or "-")))
		gdb.write(OBJECT_FORMAT % ("OFFSET", "PHYS", "FLAGS") + "\n")
		for _, row in sorted(rows):
			gdb.write(row + "\n")
		gdb.write("pages=%d %s\n" % (len(rows), " ".join("%s=%d" % (
		    flag, counts[flag]) for flag in PAGE_FLAGS)))


CmObject()


# --- cm-check-object ------------------------------------------------------

def check_object(vm_object):
	"""Every violation of the resident-page bookkeeping of the object,
	and the number of pages walked."""
	problems = []
	label = "object %#x" % int(vm_object)
	count = absent = 0
	previous = 0
	for page in object_pages(vm_object):
		count += 1
		where = "%s: page %#x at offset %#x" % (label, int(page),
		    int(page["offset"]))
		if int(page["listq_prev"]) != previous:
			problems.append("links: %s: listq_prev does not point "
			    "at the page before it" % where)
		previous = int(page)
		if int(page["object"]) != int(vm_object):
			problems.append("object: %s: page->object is %s" % (
			    where, pointer_string(page["object"])))
		offset = int(page["offset"])
		if offset % constants.PAGE_SIZE != 0 or \
		    offset >= int(vm_object["size"]):
			problems.append("offset: %s: not a page of the object "
			    "(size %#x)" % (where, int(vm_object["size"])))
		if int(page["absent"]):
			absent += 1
			if not int(page["busy"]):
				problems.append("F3: %s: absent but not busy" %
				    where)
	if int(vm_object["cached"]) and (bool(vm_object["internal"]) or
	    not ipc.port_valid(vm_object["pager"])):
		problems.append("OC1: %s: cached but internal or without a "
		    "pager" % label)
	if int(vm_object["resident_page_count"]) != count:
		problems.append("resident: %s: resident_page_count=%d but %d "
		    "pages on memq" % (label, int(vm_object[
		    "resident_page_count"]), count))
	if int(vm_object["absent_count"]) != absent:
		problems.append("absent: %s: absent_count=%d but %d absent "
		    "pages" % (label, int(vm_object["absent_count"]), absent))
	return problems, count, absent


class CmCheckObject(gdb.Command):
	"""Check a VM object's resident pages.

Usage: cm-check-object OBJECT

OBJECT is an expression giving a struct vm_object *.  Walks memq and
checks
  resident  resident_page_count equals the pages on memq;
  object    each page's object points back at the object;
  offset    each page's offset is page aligned and inside the object;
  F3        an absent page is busy (design/05-fault.md);
  absent    absent_count equals the absent pages;
  links     each page's listq_prev points at the page before it.
Prints `cm-check-object: ok (object ADDRESS, N pages, N absent)`, or one
line per violation and then fails (an error, so a batch script stops)."""

	def __init__(self):
		super().__init__("cm-check-object", gdb.COMMAND_DATA)

	def invoke(self, argument, from_tty):
		vm_object = find_object(argument, "cm-check-object")
		problems, count, absent = check_object(vm_object)
		if not problems:
			gdb.write("cm-check-object: ok (object %#x, %d pages, %d "
			    "absent)\n" % (int(vm_object), count, absent))
			return
		for problem in problems:
			gdb.write("cm-check-object: %s\n" % problem)
		raise gdb.GdbError("cm-check-object: %d violation%s in %d "
		    "pages" % (len(problems), "" if len(problems) == 1 else
		    "s", count))


CmCheckObject()


# --- cm-fault -------------------------------------------------------------

def fault_lines(thread):
	"""cm-fault's output for a thread blocked in a user fault, as a
	list of lines."""
	state = thread["saved"]["fault"]["state"]
	vm_map = state["map"]
	current = int(vm_map["timestamp"]) if int(vm_map) else None
	version = int(state["map_version"])
	if current is None:
		lookup = "-"
	else:
		lookup = "valid" if current == version else "stale"
	return [
	    "fault of thread %d (%s) task=%s" % (int(thread["id"]),
	    threads.thread_name(thread), "%d" % int(thread["task"]["id"])
	    if int(thread["task"]) else "kernel"),
	    "step=%s result=%s" % (step_string(state["step"]),
	    kern_return_string(state["result"])),
	    "map=%s vaddr=%#x fault_type=%s user=%d" % (
	    pointer_string(vm_map), int(state["vaddr"]),
	    fault_type_string(state["fault_type"]), int(state["user"])),
	    "map_version=%d map_timestamp=%s lookup=%s" % (version,
	    "-" if current is None else "%d" % current, lookup),
	    "first_object=%s first_offset=%#x entry_protection=%s" % (
	    pointer_string(state["first_object"]),
	    int(state["first_offset"]),
	    prot_string(state["entry_protection"])),
	    "page_object=%s page_offset=%#x" % (
	    pointer_string(state["page_object"]),
	    int(state["page_offset"])),
	]


class CmFault(gdb.Command):
	"""Show the saved fault state of a thread blocked in a page fault.

Usage: cm-fault THREAD

THREAD is a thread id (cm-threads' ID) or an expression giving a struct
thread *.  The thread must be blocked in a user fault: its continuation
(swap_func) is vm_fault_continue; anything else is an error.  Prints
thread->saved.fault.state (struct vm_fault_state, vm/vm_fault.h) as
key=value words:
  fault of thread ID (NAME) task=ID
  step=STEP result=KERN_...(N)
  map=ADDRESS vaddr=ADDRESS fault_type=read|write user=0|1
  map_version=N map_timestamp=N lookup=valid|stale
  first_object=ADDRESS first_offset=BYTES entry_protection=rwx
  page_object=ADDRESS|- page_offset=BYTES
STEP is the step the fault resumes at (REVALIDATE after a block).
lookup says whether the map changed since the lookup (map_version
against map->timestamp, invariant F2): a stale one is redone."""

	def __init__(self):
		super().__init__("cm-fault", gdb.COMMAND_DATA)

	def invoke(self, argument, from_tty):
		thread = find_thread(argument, "cm-fault")
		if not in_user_fault(thread):
			raise gdb.GdbError("cm-fault: thread %d (%s) is not "
			    "blocked in a fault (continuation %s)" % (
			    int(thread["id"]), threads.thread_name(thread),
			    threads.thread_continuation_name(thread)))
		for line in fault_lines(thread):
			gdb.write(line + "\n")


CmFault()
