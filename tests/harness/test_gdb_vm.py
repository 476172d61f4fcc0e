# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_gdb_vm.py: the GDB package's VM commands
(gdb-scripts/clustermach/vm.py) against a live kernel with 200 threads
blocked in page faults.

One GDB session per module (per xdist worker), as in test_gdb.py.  QEMU
boots user/tests/pager_many_faults: 200 threads each read their own page
of an object whose pager (in the same task) holds every request
unanswered; when all 200 are blocked, the main thread reads the stacks
counter through the test trap.  GDB stops in test_control_counter() at
that second read (the first comes before the threads start), runs
cm-threads, cm-fault on every blocked thread, cm-object and
cm-check-object on the object they fault on, cm-map of the task and the
pretty printers, breaks F3 and absent_count on purpose to see the
checker catch it, puts everything back and detaches; the program then
releases the hold and checks what every thread read.  See
design/08-gdb.md.
"""

import os
import re

import pytest

import qemu as qemu_lib
from gdb_session import GdbSession, gdb_session_load_constants, \
	gdb_session_run

pytestmark = pytest.mark.gdb

GDB_TIMEOUT = 60	# seconds for the whole gdb session
QEMU_TIMEOUT = 75	# seconds for the boot, counted from its start

THREADS = 200		# MANY_THREADS of user/tests/pager_many_faults.c
PAGE = 4096
OBJECT_PAGES = THREADS + 1

# The body of the session's python block, as in test_gdb.py.
COMMANDS = """\
	import clustermach.threads as cm_threads
	import clustermach.vm as cm_vm
	gdb.execute("hbreak test_control_counter")
	# The first counter read comes before the threads start; the
	# second once all of them are blocked.
	for stop in range(4):
		continue_to("test_control_counter")
		faulting = [t for t in cm_threads.all_threads()
		    if cm_vm.in_user_fault(t)]
		if len(faulting) >= {threads}:
			break
	else:
		raise RuntimeError("only %d threads in faults" % len(faulting))
	gdb.execute("delete")
	main = gdb.parse_and_eval("$cm_current_thread()")
	one = faulting[len(faulting) // 2]
	section("ids")
	gdb.write("task=%d main=%d thread=%d\\n" % (int(main["task"]["id"]),
	    int(main["id"]), int(one["id"])))

	section("cm-threads")
	gdb.execute("cm-threads")
	section("cm-fault")
	gdb.execute("cm-fault %d" % int(one["id"]))
	section("cm-fault by expression")
	gdb.execute("cm-fault (struct thread *)%d" % int(one))
	section("cm-fault all")
	for thread in faulting:
		gdb.execute("cm-fault %d" % int(thread["id"]))

	state = one["saved"]["fault"]["state"]
	first_object = int(state["first_object"])
	section("cm-object")
	gdb.execute("cm-object (struct vm_object *)%d" % first_object)
	section("cm-check-object")
	gdb.execute("cm-check-object (struct vm_object *)%d" % first_object)
	section("cm-map")
	gdb.execute("cm-map %d" % int(main["task"]["id"]))

	pages = list(cm_vm.object_pages(state["first_object"]))
	placeholder = [p for p in pages if int(p["absent"])][0]
	resident = [p for p in pages if not int(p["absent"])][0]
	entry = [e for e in cm_vm.map_entries(state["map"])
	    if int(e["object"]) == first_object][0]
	section("print object")
	gdb.execute("print *(struct vm_object *)%d" % first_object)
	section("print placeholder")
	gdb.execute("print *(struct vm_page *)%d" % int(placeholder))
	section("print resident page")
	gdb.execute("print *(struct vm_page *)%d" % int(resident))
	section("print map entry")
	gdb.execute("print *(struct vm_map_entry *)%d" % int(entry))
	section("print fault state")
	gdb.execute("print ((struct thread *)%d)->saved.fault.state" %
	    int(one))

	section("bad arguments")
	for command in ("cm-fault", "cm-fault 999999", "cm-fault %d" %
	    int(main["id"]), "cm-fault no_such_symbol", "cm-object",
	    "cm-object 0", "cm-object 1.5", "cm-check-object", "cm-map",
	    "cm-map 999"):
		rejected(command)

	# F3: a placeholder that is no longer busy.
	page = "((struct vm_page *)%d)" % int(placeholder)
	section("cm-check-object with F3 broken at offset %#x" %
	    int(placeholder["offset"]))
	gdb.execute("set var %s->busy = 0" % page)
	failing("cm-check-object (struct vm_object *)%d" % first_object)
	gdb.execute("set var %s->busy = 1" % page)

	# absent_count and resident_page_count one too many.
	obj = "((struct vm_object *)%d)" % first_object
	section("cm-check-object with the counts broken")
	gdb.execute("set var %s->absent_count += 1" % obj)
	gdb.execute("set var %s->resident_page_count += 1" % obj)
	failing("cm-check-object (struct vm_object *)%d" % first_object)
	gdb.execute("set var %s->absent_count -= 1" % obj)
	gdb.execute("set var %s->resident_page_count -= 1" % obj)
	section("cm-check-object after repair")
	gdb.execute("cm-check-object (struct vm_object *)%d" % first_object)

	section("detach")
	gdb.execute("detach")
"""


class VmSession(GdbSession):
	"""The session, with the ids the python block wrote."""

	def ids(self):
		"""{task, main, thread}: the program's task, its main thread
		(at the marker) and the faulting thread cm-fault was given."""
		return dict((k, int(v)) for k, v in key_values(
		    self.section("ids")[0]).items())


def key_values(line):
	"""A line of key=value words as a dict (other words are dropped)."""
	return dict(w.split("=", 1) for w in line.split() if "=" in w)


def fault_records(lines):
	"""cm-fault output (one or more) as a list of dicts: the thread id,
	name and task of its first line, the key=value words of the rest."""
	records = []
	for line in lines:
		m = re.fullmatch(r"fault of thread (\d+) \((\S+)\) task=(\S+)",
		    line)
		if m:
			records.append({"thread": m.group(1), "name": m.group(2),
			    "task": m.group(3)})
		else:
			assert records, "cm-fault line before a header: %r" % line
			records[-1].update(key_values(line))
	return records


def parse_cm_object(lines):
	"""(first line's words, {offset: (phys, flags)}, summary dict)."""
	first = lines[0].split()
	assert lines[1].split() == ["OFFSET", "PHYS", "FLAGS"], lines[1]
	rows = {}
	for line in lines[2:-1]:
		words = line.split()
		assert len(words) == 3, "bad cm-object line %r" % line
		rows[int(words[0], 16)] = (int(words[1], 16), words[2])
	summary = dict((k, int(v)) for k, v in key_values(lines[-1]).items())
	return first, rows, summary


def parse_cm_map(lines):
	"""(first line dict, header words, rows as word lists, summary)."""
	first = key_values(lines[0])
	rows = [l.split() for l in lines[2:-1]]
	for row in rows:
		assert len(row) == 7, "bad cm-map line %r" % row
	return first, lines[1].split(), rows, key_values(lines[-1])


@pytest.fixture(scope="module")
def session(build_dir, log_dir):
	return gdb_session_run("test_gdb_vm", COMMANDS, build_dir, log_dir,
	    GDB_TIMEOUT, QEMU_TIMEOUT, session_class=VmSession,
	    fields={"threads": THREADS},
	    modules=[qemu_lib.test_program("pager_many_faults")])


def assert_lookup_consistent(fault):
	"""lookup is valid exactly when the map's timestamp is still the
	version the fault saved (F2); the timestamp never goes back."""
	version = int(fault["map_version"])
	timestamp = int(fault["map_timestamp"])
	assert version <= timestamp, fault
	assert fault["lookup"] == ("valid" if version == timestamp else
	    "stale"), fault


def the_fault(session):
	records = fault_records(session.section("cm-fault"))
	assert len(records) == 1, records
	return records[0]


def pager_entry(session):
	"""The cm-map row whose object is the fault's first_object."""
	fault = the_fault(session)
	_, _, rows, _ = parse_cm_map(session.section("cm-map"))
	mine = [r for r in rows if r[4] == fault["first_object"]]
	assert len(mine) == 1, rows
	return mine[0]


def test_cm_threads_shows_200_stackless_threads_in_vm_fault_continue(
    session):
	ids = session.ids()
	lines = session.section("cm-threads")
	rows = [l[1:].split() for l in lines[1:-1]]
	faulting = [r for r in rows if r[4] == "vm_fault_continue"]
	assert len(faulting) == THREADS, lines
	for row in faulting:
		assert row[1:3] == ["pager_many_faults", "pager_many_faults"], row
		assert row[3] == "WAIT", row
		assert row[5] == "none", row
	assert str(ids["thread"]) in [r[0] for r in faulting]
	running = [l for l in lines[1:-1] if l.startswith("*")]
	assert len(running) == 1 and \
	    running[0][1:].split()[0] == str(ids["main"]), running


def test_cm_fault_shows_a_blocked_read_about_to_revalidate(session):
	ids = session.ids()
	fault = the_fault(session)
	assert fault["thread"] == str(ids["thread"])
	assert fault["task"] == str(ids["task"])
	assert fault["step"] == "REVALIDATE"
	# vm_fault_start() sets KERN_FAILURE; only the end decides.
	assert fault["result"] == "KERN_FAILURE(5)"
	assert fault["fault_type"] == "read"
	assert fault["user"] == "1"
	assert int(fault["vaddr"], 16) % PAGE == 0
	# The map may have changed since this thread's lookup: the task
	# went on creating threads (stacks) and the pager recording
	# requests (malloc) after the thread blocked, as the host's timing
	# lets it.  cm-fault must say which, from the two numbers it shows.
	assert_lookup_consistent(fault)
	assert fault["entry_protection"] == "rw-"
	# No page survives a block (F2): FIND_PAGE runs again after
	# REVALIDATE and sets page_object then.
	assert fault["page_object"] == "-"


def test_cm_fault_vaddr_lies_in_the_pager_mapping(session):
	fault = the_fault(session)
	start, end, prot, inh, _, offset, _ = pager_entry(session)
	start, end, offset = int(start, 16), int(end, 16), int(offset, 16)
	vaddr = int(fault["vaddr"], 16)
	assert start <= vaddr < end
	assert vaddr - start + offset == int(fault["first_offset"], 16)


def test_cm_fault_accepts_a_thread_expression(session):
	assert session.section("cm-fault by expression") == \
	    session.section("cm-fault")


def test_cm_fault_shows_every_thread_waiting_on_its_own_page(session):
	records = fault_records(session.section("cm-fault all"))
	assert len(records) == THREADS
	assert len(set(r["thread"] for r in records)) == THREADS
	assert set(r["first_object"] for r in records) == {
	    the_fault(session)["first_object"]}
	assert sorted(int(r["first_offset"], 16) for r in records) == [
	    i * PAGE for i in range(THREADS)]
	assert set((r["step"], r["fault_type"]) for r in records) == {
	    ("REVALIDATE", "read")}
	for r in records:
		assert_lookup_consistent(r)


def test_cm_object_lists_200_absent_busy_placeholders(session):
	first, rows, summary = parse_cm_object(session.section("cm-object"))
	fault = the_fault(session)
	assert first[:3] == ["object", fault["first_object"], "external"]
	fields = key_values(" ".join(first))
	assert fields["size"] == "%#x" % (OBJECT_PAGES * PAGE)
	assert fields["pager_ready"] == "1"
	assert fields["pager_dead"] == "0"
	assert fields["resident"] == str(OBJECT_PAGES)
	assert fields["absent_count"] == str(THREADS)
	assert fields["paging_in_progress"] == str(THREADS)
	assert fields["shadow"] == "-"
	assert fields["shadow_depth"] == "0"
	assert fields["cached"] == "0"		# mapped: not in the cache
	# No copy of it was made (K1); the RAM pager asked for a delayed
	# copy (MEMORY_OBJECT_COPY_DELAY, 2) in memory_object_ready.
	assert fields["copy"] == "-"
	assert fields["copy_strategy"] == "2"
	# The map entry's reference and one per waiting fault (F1).
	assert fields["ref_count"] == str(THREADS + 1)
	assert all(re.fullmatch(r"\d+", fields[k]) for k in (
	    "pager", "pager_request", "pager_name"))
	assert sorted(rows) == [i * PAGE for i in range(OBJECT_PAGES)]
	for offset in range(0, THREADS * PAGE, PAGE):
		# Placeholders (F3), each with its fault waiting on it.
		assert rows[offset][1] == "busy|absent|wanted", (offset,
		    rows[offset])
	# The warm-up page, read before the hold: filled and pageable.
	assert rows[THREADS * PAGE][1] == "active"
	assert len(set(phys for phys, _ in rows.values())) == OBJECT_PAGES
	assert all(phys % PAGE == 0 for phys, _ in rows.values())
	assert summary == {"pages": OBJECT_PAGES, "busy": THREADS,
	    "absent": THREADS, "dirty": 0, "wanted": THREADS, "error": 0,
	    "precious": 0, "active": 1, "inactive": 0}


def test_cm_check_object_passes_on_the_placeholders(session):
	fault = the_fault(session)
	want = ["cm-check-object: ok (object %s, %d pages, %d absent)" % (
	    fault["first_object"], OBJECT_PAGES, THREADS)]
	assert session.section("cm-check-object") == want
	assert session.section("cm-check-object after repair") == want


def test_cm_check_object_reports_an_absent_page_that_is_not_busy(session):
	fault = the_fault(session)
	offset, lines = session.section_named(
	    "cm-check-object with F3 broken at offset ")
	assert len(lines) == 2, lines
	assert re.fullmatch(r"cm-check-object: F3: object %s: page 0x[0-9a-f]+"
	    r" at offset %s: absent but not busy" % (fault["first_object"],
	    offset), lines[0]), lines
	assert lines[1] == "error: cm-check-object: 1 violation in %d pages" \
	    % OBJECT_PAGES


def test_cm_check_object_reports_wrong_counts(session):
	fault = the_fault(session)
	lines = session.section("cm-check-object with the counts broken")
	assert lines == [
	    "cm-check-object: resident: object %s: resident_page_count=%d "
	    "but %d pages on memq" % (fault["first_object"], OBJECT_PAGES + 1,
	    OBJECT_PAGES),
	    "cm-check-object: absent: object %s: absent_count=%d but %d "
	    "absent pages" % (fault["first_object"], THREADS + 1, THREADS),
	    "error: cm-check-object: 2 violations in %d pages" % OBJECT_PAGES]


def test_cm_map_shows_the_pager_mapping(session):
	ids = session.ids()
	fault = the_fault(session)
	first, header, rows, summary = parse_cm_map(session.section("cm-map"))
	assert header == ["START", "END", "PROT/MAX", "INH", "OBJECT",
	    "OFFSET", "COPY"]
	assert session.section("cm-map")[0].split()[1] == fault["map"]
	assert first["task"] == str(ids["task"])
	assert first["timestamp"] == fault["map_timestamp"]
	assert int(first["entries"]) == len(rows) == int(summary["entries"])
	assert int(summary["bytes"], 16) == sum(int(r[1], 16) - int(r[0], 16)
	    for r in rows) == int(first["size"], 16)
	starts = [int(r[0], 16) for r in rows]
	assert starts == sorted(starts)
	for before, after in zip(rows, rows[1:]):
		assert int(before[1], 16) <= int(after[0], 16)
	start, end, prot, inh, _, offset, copy = pager_entry(session)
	# pager_test_map(): read/write, inheritance none, offset 0, not
	# copy-on-write.
	assert (prot, inh, offset, copy) == ("rw-/rw-", "none", "0x0", "-")
	assert int(end, 16) - int(start, 16) == OBJECT_PAGES * PAGE


def test_vm_pretty_printers_start_with_a_summary(session):
	fault = the_fault(session)
	obj = session.section("print object")[0]
	assert re.match(r"\$\d+ = object %s external size=%#x ref_count=\d+ "
	    r"resident=%d pager_ready=1 pager_dead=0 paging_in_progress=%d "
	    r"absent_count=%d " % (fault["first_object"], OBJECT_PAGES * PAGE,
	    OBJECT_PAGES, THREADS, THREADS), obj), obj
	placeholder = session.section("print placeholder")[0]
	assert re.match(r"\$\d+ = page object=%s offset=0x[0-9a-f]+ "
	    r"phys=0x[0-9a-f]+ flags=busy\|absent\|wanted wired=0 = \{" %
	    fault["first_object"], placeholder), placeholder
	resident = session.section("print resident page")[0]
	assert re.match(r"\$\d+ = page object=%s offset=%#x phys=0x[0-9a-f]+ "
	    r"flags=active wired=0 = \{" % (fault["first_object"],
	    THREADS * PAGE), resident), resident
	entry = session.section("print map entry")[0]
	start, end, _, _, _, _, _ = pager_entry(session)
	assert re.match(r"\$\d+ = map_entry %s %s rw-/rw- none %s 0x0 - = \{" %
	    (start, end, fault["first_object"]), entry), entry
	state = session.section("print fault state")[0]
	assert re.match(r"\$\d+ = fault step=REVALIDATE vaddr=%s "
	    r"fault_type=read map_version=%s first_object=%s first_offset=%s "
	    r"page_object=- result=KERN_FAILURE\(5\) = \{" % (fault["vaddr"],
	    fault["map_version"], fault["first_object"],
	    fault["first_offset"]), state), state


def test_gdb_vm_commands_reject_bad_arguments(session):
	ids = session.ids()
	lines = session.section("bad arguments")
	assert lines[:3] == [
	    "rejected: usage: cm-fault THREAD (a thread id or a struct "
	    "thread * expression)",
	    "rejected: cm-fault: no thread with id 999999",
	    "rejected: cm-fault: thread %d (pager_many_faults) is not blocked "
	    "in a fault (continuation -)" % ids["main"]]
	assert lines[3].startswith("rejected: cm-fault: not a thread id or "
	    "an expression: ")
	assert lines[4:] == [
	    "rejected: usage: cm-object OBJECT (a struct vm_object * "
	    "expression)",
	    "rejected: cm-object: NULL",
	    "rejected: cm-object: not a pointer: double",
	    "rejected: usage: cm-check-object OBJECT (a struct vm_object * "
	    "expression)",
	    "rejected: usage: cm-map TASK (a task id, a task name or a "
	    "struct task * expression)",
	    "rejected: cm-map: no task with id 999"]


def test_the_faults_finish_after_gdb_detaches(session):
	session.section("detach")
	r = session.boot
	r.expect_success()
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_many_faults: all checks passed$")
	r.expect("many_faults.held", THREADS)
	r.expect("many_faults.waiting", THREADS)
	r.expect("many_faults.wrong_values", 0)


def test_gdb_constants_match_gnu_mach_vm_headers():
	"""VM_PROT_*, VM_INHERIT_*, the KERN_* names and PAGE_SIZE agree
	with the GNU Mach headers the build uses (.deps-local)."""
	constants, _ = gdb_session_load_constants()
	include = os.path.join(qemu_lib.SOURCE_DIR, ".deps-local", "prefix",
	    "usr", "include", "x86_64-linux-gnu", "mach")

	def defines(name, pattern):
		with open(os.path.join(include, name)) as f:
			return dict((k, int(v, 0)) for k, v in re.findall(
			    r"^#\s*define\s+(%s)\s+(?:\(\(\w+\)\s*)?"
			    r"(0x[0-9a-fA-F]+|\d+)\)?" % pattern, f.read(), re.M))

	prot = defines("vm_prot.h", r"VM_PROT_(?:READ|WRITE|EXECUTE)")
	assert prot == dict((k, getattr(constants, k)) for k in prot)
	assert len(prot) == 3
	inherit = defines("vm_inherit.h", r"VM_INHERIT_(?:SHARE|COPY|NONE)")
	assert inherit == dict((k, getattr(constants, k)) for k in inherit)
	assert len(inherit) == 3
	kr = defines("kern_return.h", r"KERN_[A-Z_]+")
	for number, name in constants.KERN_RETURN_NAMES.items():
		assert kr[name] == number, name
	shift = defines(os.path.join("x86_64", "vm_param.h"), "I386_PGSHIFT")
	assert constants.PAGE_SIZE == 1 << shift["I386_PGSHIFT"]
