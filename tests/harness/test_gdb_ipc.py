# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_gdb_ipc.py: the GDB package's IPC commands
(gdb-scripts/clustermach/ipc.py) against a live kernel.

One GDB session per module (per xdist worker), as in test_gdb.py.  QEMU
boots two copies of user/tests/gdb_ports: a `waiter` task blocked in
mach_msg receive on its one port, and a `scene` task that sets up one
name of every kind, leaves two messages queued on its receive right and
then calls the test trap's counter read as a marker.  GDB stops in
test_control_counter(), runs cm-tasks, cm-ports, cm-port and
cm-check-ports, breaks E3 and P2 on purpose to see the checker catch it,
puts everything back and detaches; the scene then receives its messages,
checks them and ends the machine (QEMU exits 33).  The tests read that
one transcript and the scene's own key=value lines.  See
design/08-gdb.md.
"""

import os
import re

import pytest

import qemu as qemu_lib
from gdb_session import GdbSession, gdb_session_load_constants, \
	gdb_session_run

pytestmark = pytest.mark.gdb

GDB_TIMEOUT = 40	# seconds for the whole gdb session
QEMU_TIMEOUT = 55	# seconds for the boot, counted from its start

# The scene's names, by what user/tests/gdb_ports.c prints for them.
MESSAGE_IDS = (1001, 1002)

# The body of the session's python block, as in test_gdb.py.
COMMANDS = """\
	import clustermach.ipc as cm_ipc
	stop_at("test_control_counter")
	scene = gdb.parse_and_eval("$cm_current_thread()->task")
	waiter = [t for t in cm_ipc.all_tasks() if int(t) != int(scene)]
	if len(waiter) != 1:
		raise RuntimeError("expected one other task, found %d" %
		    len(waiter))
	waiter = waiter[0]
	section("ids")
	gdb.write("scene=%d waiter=%d\\n" % (int(scene["id"]),
	    int(waiter["id"])))

	section("cm-tasks")
	gdb.execute("cm-tasks")
	section("cm-ports scene")
	gdb.execute("cm-ports %d" % int(scene["id"]))
	section("cm-ports scene by expression")
	gdb.execute("cm-ports $cm_current_thread()->task")
	section("cm-ports waiter")
	gdb.execute("cm-ports %d" % int(waiter["id"]))

	# cm-port for every receive right of both tasks, by port id.
	for label, task in (("scene", scene), ("waiter", waiter)):
		for entry in cm_ipc.space_entries(task["itk_space"]):
			port = cm_ipc.entry_port(entry)
			if port is None or not int(entry["ie_type"]) & 0x20000:
				continue
			section("cm-port %s name %d" % (label,
			    int(entry["ie_name"])))
			gdb.execute("cm-port %d" % int(port["ip_id"]))
			if int(port["ip_msgcount"]) == 2:
				section("cm-port by expression")
				gdb.execute("cm-port (struct ipc_port *)%d" %
				    int(port))
				section("print port")
				gdb.execute("print *(struct ipc_port *)%d" %
				    int(port))
				section("print entry")
				gdb.execute("print *(struct ipc_entry *)%d" %
				    int(entry))
	section("print space")
	gdb.execute("print *$cm_current_thread()->task->itk_space")

	section("cm-check-ports")
	gdb.execute("cm-check-ports")

	section("bad arguments")
	for command in ("cm-tasks extra", "cm-ports", "cm-ports 999",
	    "cm-ports gdb_ports", "cm-ports no_such_task", "cm-port",
	    "cm-port 999999", "cm-port 1.5", "cm-check-ports extra"):
		rejected(command)

	# E3: make the scene's host name denote its task port too.
	entries = dict((int(e["ie_name"]), e) for e in
	    cm_ipc.space_entries(scene["itk_space"]))
	task_self = int(gdb.parse_and_eval("(long)$cm_current_thread()->"
	    "task->itk_sself"))
	host_entry = [e for e in entries.values()
	    if cm_ipc.entry_port(e) is not None and
	    cm_ipc.kobject_string(cm_ipc.entry_port(e)) == "host"]
	if len(host_entry) != 1:
		raise RuntimeError("no single host name in the scene")
	host_entry = host_entry[0]
	saved = int(host_entry["ie_object"])
	section("cm-check-ports with E3 broken at name %d" %
	    int(host_entry["ie_name"]))
	gdb.execute("set var ((struct ipc_entry *)%d)->ie_object = "
	    "(void *)%d" % (int(host_entry), task_self))
	failing("cm-check-ports")
	gdb.execute("set var ((struct ipc_entry *)%d)->ie_object = "
	    "(void *)%d" % (int(host_entry), saved))

	# P2: one send right too many on the queued-to port, one too few
	# on the port whose send right is in a message body.
	busy = [p for p in cm_ipc.all_ports() if int(p["ip_msgcount"]) == 2]
	if len(busy) != 1:
		raise RuntimeError("expected one port with two messages")
	busy = busy[0]
	carried = [cm_ipc.entry_port(e) for e in entries.values()
	    if int(e["ie_type"]) == 0x20000 and
	    int(cm_ipc.entry_port(e)["ip_srights"]) == 1]
	if len(carried) != 1:
		raise RuntimeError("expected one RECEIVE-only name whose "
		    "port has one send right")
	carried = carried[0]
	section("cm-check-ports with P2 broken on ports %d %d" %
	    (int(busy["ip_id"]), int(carried["ip_id"])))
	gdb.execute("set var ((struct ipc_port *)%d)->ip_srights += 1" %
	    int(busy))
	gdb.execute("set var ((struct ipc_port *)%d)->ip_srights -= 1" %
	    int(carried))
	failing("cm-check-ports")
	gdb.execute("set var ((struct ipc_port *)%d)->ip_srights -= 1" %
	    int(busy))
	gdb.execute("set var ((struct ipc_port *)%d)->ip_srights += 1" %
	    int(carried))
	section("cm-check-ports after repair")
	gdb.execute("cm-check-ports")

	gdb.execute("delete")
	section("detach")
	gdb.execute("detach")
"""


class IpcSession(GdbSession):
	"""The session, with the ids of the two tasks and the scene's names."""

	def ids(self):
		pairs = dict(w.split("=") for w in self.section("ids")[0].split())
		return int(pairs["scene"]), int(pairs["waiter"])

	def scene_name(self, what):
		"""The name the scene program printed for `what`."""
		return self.boot.require_int("gdb_ports." + what)


class PortRow:
	"""One cm-ports line: six blank-separated columns."""

	def __init__(self, line):
		self.line = line
		words = line.split()
		assert len(words) == 6, "bad cm-ports line %r" % line
		(self.name, self.type, self.urefs, self.port, self.kobject,
		    self.queue) = words
		self.name = int(self.name)
		self.urefs = int(self.urefs)

	def __repr__(self):
		return repr(self.line)


def parse_cm_ports(lines):
	"""(header words, {name: row}, summary dict)."""
	assert len(lines) >= 2, lines
	header = lines[0].split()
	rows = [PortRow(l) for l in lines[1:-1]]
	summary = dict(w.split("=", 1) for w in lines[-1].split())
	names = [r.name for r in rows]
	assert names == sorted(names), "cm-ports rows not sorted: %s" % names
	return header, dict((r.name, r) for r in rows), \
	    dict((k, int(v)) for k, v in summary.items())


def key_values(line):
	"""A line of key=value words as a dict (other words are dropped)."""
	return dict(w.split("=", 1) for w in line.split() if "=" in w)


@pytest.fixture(scope="module")
def session(build_dir, log_dir):
	return gdb_session_run("test_gdb_ipc", COMMANDS, build_dir, log_dir,
	    GDB_TIMEOUT, QEMU_TIMEOUT, session_class=IpcSession, modules=[
	    qemu_lib.test_program("gdb_ports", "waiter"),
	    qemu_lib.test_program("gdb_ports", "scene")])


def scene_ports(session):
	return parse_cm_ports(session.section("cm-ports scene"))


def test_cm_tasks_lists_both_tasks_with_their_space_sizes(session):
	scene, waiter = session.ids()
	lines = session.section("cm-tasks")
	assert lines[0].split() == ["ID", "NAME", "THREADS", "ENTRIES"]
	assert lines[-1] == "tasks=2"
	rows = dict((int(w[0]), w[1:]) for w in
	    (l.split() for l in lines[1:-1]))
	_, scene_rows, _ = scene_ports(session)
	_, waiter_rows, _ = parse_cm_ports(session.section("cm-ports waiter"))
	assert rows == {
	    scene: ["gdb_ports", "1", str(len(scene_rows))],
	    waiter: ["gdb_ports", "1", str(len(waiter_rows))]}


def test_cm_ports_shows_every_name_of_the_scene_exactly(session):
	scene, _ = session.ids()
	header, rows, summary = scene_ports(session)
	assert header == ["NAME", "TYPE", "UREFS", "PORT", "KOBJECT", "QUEUE"]
	name = session.scene_name
	want = {
	    name("host_priv"): ("SEND", 1, "host_priv", "-"),
	    name("device_master"): ("SEND", 1, "device_master", "-"),
	    name("task_self"): ("SEND", 1, "task:%d" % scene, "-"),
	    name("host"): ("SEND", 1, "host", "-"),
	    name("receive"): ("SEND|RECEIVE", 1, "-", "2/5"),
	    name("send_once"): ("SEND_ONCE", 1, "-", "-"),
	    name("notified"): ("RECEIVE", 0, "-", "0/5"),
	    name("pset"): ("PORT_SET", 0, "-", "-"),
	    name("dead"): ("DEAD_NAME", 1, "-", "-"),
	}
	thread = rows[name("thread")]
	assert (thread.type, thread.urefs) == ("SEND", 1), thread
	assert re.fullmatch(r"thread:\d+", thread.kobject), thread
	del rows[name("thread")]
	assert dict((n, (r.type, r.urefs, r.kobject, r.queue)) for n, r in
	    rows.items()) == want
	assert summary == {"task": scene, "names": 10, "send": 6,
	    "receive": 2, "send_once": 1, "port_set": 1, "dead_name": 1}


def test_cm_ports_gives_ports_ids_and_names_them_once(session):
	_, rows, _ = scene_ports(session)
	name = session.scene_name
	receive = rows[name("receive")]
	# The send-once right is to the same port as the receive right.
	assert rows[name("send_once")].port == receive.port
	for what in ("pset", "dead"):
		assert rows[name(what)].port == "-"
	ids = [r.port for n, r in rows.items() if n != name("send_once") and
	    r.port != "-"]
	assert len(ids) == len(set(ids)) == 7
	assert all(re.fullmatch(r"\d+", i) for i in ids)


def test_cm_ports_accepts_a_task_expression(session):
	assert session.section("cm-ports scene by expression") == \
	    session.section("cm-ports scene")


def test_cm_port_shows_the_two_queued_messages_in_order(session):
	_, rows, _ = scene_ports(session)
	receive = rows[session.scene_name("receive")]
	lines = session.section("cm-port scene name %d" % receive.name)
	assert lines[0].startswith("port %s at 0x" % receive.port), lines
	fields = key_values(lines[1])
	fields.update(key_values(lines[2]))
	scene, _ = session.ids()
	assert fields["active"] == "1"
	assert fields["receiver"] == "task:%d" % scene
	assert fields["receiver_name"] == str(receive.name)
	assert (fields["pset"], fields["kobject"]) == ("-", "-")
	assert (fields["msgcount"], fields["qlimit"], fields["seqno"]) == (
	    "2", "5", "0")
	# One send right in the space, one in each queued message's
	# header; one send-once in the space.
	assert (fields["srights"], fields["sorights"]) == ("3", "1")
	messages = [key_values(l) for l in lines if l.startswith("message ")]
	assert [(int(m["seqno"]), int(m["id"])) for m in messages] == [
	    (0, MESSAGE_IDS[0]), (1, MESSAGE_IDS[1])]
	for m in messages:
		assert m["remote"] == receive.port
		assert m["local"] == "-"
	# 32-byte header; 8-byte type and 8 of data (plain) or one inline
	# port (carry).
	assert [int(m["size"]) for m in messages] == [48, 48]
	assert [int(m["bits"], 16) for m in messages] == [0x11, 0x80000011]
	assert lines[-1] == "messages=2 receivers=0"


def test_cm_port_counts_the_send_right_carried_in_a_body(session):
	_, rows, _ = scene_ports(session)
	notified = rows[session.scene_name("notified")]
	lines = session.section("cm-port scene name %d" % notified.name)
	fields = key_values(lines[2])
	# Its one send right travels in the body of the second message.
	assert (fields["srights"], fields["sorights"]) == ("1", "0")
	assert lines[-1] == "messages=0 receivers=0"


def test_cm_port_lists_the_waiting_receiver(session):
	_, waiter = session.ids()
	_, rows, summary = parse_cm_ports(session.section("cm-ports waiter"))
	waiter_port = session.boot.require_int("gdb_ports.waiter_port")
	row = rows[waiter_port]
	assert (row.type, row.urefs, row.queue) == ("RECEIVE", 0, "0/5")
	assert summary["receive"] == 1
	lines = session.section("cm-port waiter name %d" % waiter_port)
	receivers = [key_values(l) for l in lines if l.startswith("receiver ")]
	assert len(receivers) == 1, lines
	assert receivers[0]["task"] == str(waiter)
	assert re.fullmatch(r"\d+", receivers[0]["thread"])
	assert lines[-1] == "messages=0 receivers=1"


def test_cm_port_accepts_a_port_expression(session):
	_, rows, _ = scene_ports(session)
	receive = rows[session.scene_name("receive")]
	assert session.section("cm-port by expression") == \
	    session.section("cm-port scene name %d" % receive.name)


def test_ipc_pretty_printers_start_with_a_summary(session):
	scene, _ = session.ids()
	_, rows, _ = scene_ports(session)
	receive = rows[session.scene_name("receive")]
	port = session.section("print port")[0]
	assert re.match(r"\$\d+ = port %s active receiver=task:%d name=%d "
	    r"kobject=- srights=3 sorights=1 queue=2/5 = \{" % (receive.port,
	    scene, receive.name), port), port
	entry = session.section("print entry")[0]
	assert re.match(r"\$\d+ = entry %d SEND\|RECEIVE urefs=1 port=%s = "
	    r"\{" % (receive.name, receive.port), entry), entry
	space = session.section("print space")[0]
	assert re.match(r"\$\d+ = space of task:%d active entries=10 = \{" %
	    scene, space), space


def test_cm_check_ports_passes_on_the_scene(session):
	lines = session.section("cm-check-ports")
	assert len(lines) == 1 and re.fullmatch(
	    r"cm-check-ports: ok \((\d+) ports, (\d+) entries\)", lines[0]), \
	    lines
	ports, entries = map(int, re.findall(r"\d+", lines[0]))
	tasks = session.section("cm-tasks")[1:-1]
	assert entries == sum(int(l.split()[3]) for l in tasks)
	# At least every port a name in the scene denotes.
	assert ports >= 7
	assert session.section("cm-check-ports after repair") == lines


def test_cm_check_ports_reports_two_send_names_for_one_port(session):
	scene, _ = session.ids()
	_, rows, _ = scene_ports(session)
	name = session.scene_name
	task_self = rows[name("task_self")]
	host = rows[name("host")]
	broken, lines = session.section_named(
	    "cm-check-ports with E3 broken at name ")
	assert int(broken) == host.name
	assert "cm-check-ports: E3: task %d (gdb_ports): port %s has 2 names " \
	    "with SEND or RECEIVE: %s" % (scene, task_self.port, ", ".join(
	    str(n) for n in sorted((task_self.name, host.name)))) in lines, \
	    lines
	# The task port gained a send right, the host port lost one.
	p2 = [l for l in lines if ": P2: " in l]
	assert len(p2) == 2, lines
	assert any(re.match(r"cm-check-ports: P2: port %s at 0x[0-9a-f]+: "
	    r"ip_srights=(\d+) but \d+ send rights" % task_self.port, l)
	    for l in p2), p2
	assert any(re.match(r"cm-check-ports: P2: port %s at 0x[0-9a-f]+: "
	    r"ip_srights=(\d+) but \d+ send rights" % host.port, l)
	    for l in p2), p2
	assert re.fullmatch(r"error: cm-check-ports: 3 violations in \d+ "
	    r"ports, \d+ entries", lines[-1]), lines
	assert len(lines) == 4, lines


def test_cm_check_ports_counts_send_rights_in_headers_and_bodies(session):
	_, rows, _ = scene_ports(session)
	receive = rows[session.scene_name("receive")]
	notified = rows[session.scene_name("notified")]
	broken, lines = session.section_named(
	    "cm-check-ports with P2 broken on ports ")
	assert broken.split() == [receive.port, notified.port]
	assert len(lines) == 3, lines
	# Ports are checked in ipc_port_all order: creation order.
	assert re.fullmatch(r"cm-check-ports: P2: port %s at 0x[0-9a-f]+: "
	    r"ip_srights=4 but 3 send rights \(entries 1, messages 2, kernel "
	    r"0\)" % receive.port, lines[0]), lines
	assert re.fullmatch(r"cm-check-ports: P2: port %s at 0x[0-9a-f]+: "
	    r"ip_srights=0 but 1 send rights \(entries 0, messages 1, kernel "
	    r"0\)" % notified.port, lines[1]), lines
	assert re.fullmatch(r"error: cm-check-ports: 2 violations in \d+ "
	    r"ports, \d+ entries", lines[2]), lines


def test_gdb_ipc_commands_reject_bad_arguments(session):
	scene, waiter = session.ids()
	lines = session.section("bad arguments")
	assert lines[:3] == [
	    "rejected: cm-tasks takes no arguments",
	    "rejected: usage: cm-ports TASK (a task id, a task name or a "
	    "struct task * expression)",
	    "rejected: cm-ports: no task with id 999"]
	assert lines[3] == "rejected: cm-ports: 2 tasks are named gdb_ports " \
	    "(ids %s): give an id" % ", ".join(str(i) for i in
	    sorted((scene, waiter)))
	assert lines[4].startswith("rejected: cm-ports: no task named "
	    "no_such_task, and not an expression: ")
	assert lines[5:] == [
	    "rejected: usage: cm-port PORT (a port id or a struct ipc_port * "
	    "expression)",
	    "rejected: cm-port: no port with id 999999",
	    "rejected: cm-port: not a pointer: double",
	    "rejected: cm-check-ports takes no arguments"]


def test_scene_finds_its_messages_after_gdb_detaches(session):
	session.section("detach")
	r = session.boot
	r.expect_success()
	r.require_line(r"^gdb_ports: all checks passed$")
	r.expect("gdb_ports.after", "ok")


def _defines(path, pattern):
	with open(path) as f:
		return dict((k, int(v, 0)) for k, v in re.findall(
		    r"^#define\s+(%s)\s+(0x[0-9a-fA-F]+|\d+)U?\b" % pattern,
		    f.read(), re.M))


def test_gdb_constants_match_ipc_port_h():
	"""constants.py's IKOT_* are those of ipc/ipc_port.h, each with
	its word."""
	constants, words = gdb_session_load_constants()
	header = _defines(os.path.join(qemu_lib.SOURCE_DIR, "ipc",
	    "ipc_port.h"), r"IKOT_[A-Z_]+")
	header.pop("IKOT_COUNT")
	ours = dict((k, v) for k, v in vars(constants).items() if
	    re.fullmatch(r"IKOT_[A-Z_]+", k))
	assert ours == header
	assert set(words.KOBJECT_WORDS) == set(header.values()) - {0}


def test_gdb_constants_match_gnu_mach_port_and_message_h():
	"""The MACH_PORT_TYPE_* bits and message right types agree with the
	GNU Mach headers the build uses (.deps-local, scripts/setup.sh)."""
	constants, _ = gdb_session_load_constants()
	include = os.path.join(qemu_lib.SOURCE_DIR, ".deps-local", "prefix",
	    "usr", "include", "x86_64-linux-gnu", "mach")
	with open(os.path.join(include, "port.h")) as f:
		rights = dict((k, int(v)) for k, v in re.findall(
		    r"^#define\s+(MACH_PORT_RIGHT_[A-Z_]+)\s+"
		    r"\(\(mach_port_right_t\)\s*(\d+)\)", f.read(), re.M))
	for word in ("SEND", "RECEIVE", "SEND_ONCE", "PORT_SET",
	    "DEAD_NAME"):
		assert getattr(constants, "MACH_PORT_TYPE_" + word) == \
		    1 << (rights["MACH_PORT_RIGHT_" + word] + 16), word
	assert constants.MACH_PORT_TYPE_DNREQUEST == _defines(
	    os.path.join(include, "port.h"),
	    "MACH_PORT_TYPE_DNREQUEST")["MACH_PORT_TYPE_DNREQUEST"]
	message = _defines(os.path.join(include, "message.h"),
	    r"MACH_MSG_TYPE_(?:MOVE_[A-Z_]+|MAKE_SEND_ONCE)|"
	    r"MACH_MSGH_BITS_COMPLEX")
	assert constants.MACH_MSG_TYPE_PORT_RECEIVE == \
	    message["MACH_MSG_TYPE_MOVE_RECEIVE"]
	assert constants.MACH_MSG_TYPE_PORT_SEND == \
	    message["MACH_MSG_TYPE_MOVE_SEND"]
	assert constants.MACH_MSG_TYPE_PORT_SEND_ONCE == \
	    message["MACH_MSG_TYPE_MOVE_SEND_ONCE"]
	assert constants.MACH_MSG_TYPE_MAKE_SEND_ONCE == \
	    message["MACH_MSG_TYPE_MAKE_SEND_ONCE"]
	assert constants.MACH_MSGH_BITS_COMPLEX == \
	    message["MACH_MSGH_BITS_COMPLEX"]
