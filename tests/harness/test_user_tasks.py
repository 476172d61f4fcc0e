# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_user_tasks.py: boot modules become user tasks by
GNU Mach's boot-script lines; they run in ring 3, make Mach traps, are
preempted, and end alone when they fault."""

import re

import qemu
from qemu import gnumach_line, test_program


def plain_line(program, *args):
	"""A boot-script line without the port variables: args come first."""
	return " ".join(["user/tests/" + program] + list(args) +
	    ["$(task-create)", "$(task-resume)"])


def test_user_program_prints_and_exits(boot):
	r = boot(modules=[test_program("hello", "--exit-machine")])
	r.require_line(r"^hello: ClusterMach user task says hello$")
	r.expect("argc", 4)
	r.expect("argv[0]", "user/tests/hello")
	r.expect("argv[3]", "--exit-machine")
	r.require_line(r"^hello: done$")
	r.require_line(r"^test_control: task hello ends the machine: success$")


def test_boot_script_variables_expand_to_port_names(boot):
	"""${host-port} ${device-port} become the decimal names of the rights
	in the new task (placeholders 1 and 2 until IPC, kern/task.h)."""
	r = boot(modules=[gnumach_line("user/tests/args",
	    "--flag=${device-port}")])
	r.expect("argc", 4)
	r.expect("arg[1]", 1)
	r.expect("arg[2]", 2)
	r.expect("arg[3]", "--flag=2")
	r.expect("argv_null", 1)


def test_quoted_boot_script_words_are_accepted(boot):
	line = ("user/tests/args '${host-port}' '${device-port}' "
	    "'$(task-create)' '$(task-resume)'")
	r = boot(modules=[line])
	r.expect("argc", 3)
	r.expect("arg[1]", 1)
	r.expect("arg[2]", 2)


def test_mach_self_traps_return_stable_valid_names(boot):
	r = boot(modules=[test_program("hello", "--exit-machine")])
	r.expect("names_valid", 1)
	r.expect("task_self_stable", 1)
	r.expect("thread_self_stable", 1)
	r.expect("host_self_stable", 1)
	names = {r.require_int(k) for k in ("task_self", "thread_self",
	    "host_self", "reply_port")}
	assert len(names) == 4 and 0 not in names


def test_bad_pointer_ends_only_its_task(boot):
	r = boot(modules=[test_program("badptr"), test_program("survivor")])
	r.require_line(r"^badptr: about to dereference 0xdeadbeef000$")
	m = r.require_line(r"^task badptr \(\d+\): terminated: unresolved page "
	    r"fault at 0xdeadbeef000, rip (0x[0-9a-f]+) \(write to a missing "
	    r"page\)$")
	assert 0x1000000 <= int(m.group(1), 16) < 0x1100000
	assert "badptr: survived" not in r.log
	r.require_line(r"^survivor: alone=1$")
	r.require_line(r"^test_control: task survivor ends the machine: "
	    r"success$")


def test_two_cpu_bound_tasks_both_make_progress(boot):
	"""Neither spinner yields; only the clock can switch between them."""
	steps, iterations = 4, 50000000
	r = boot(modules=[
	    plain_line("spin", "A", str(steps), str(iterations)),
	    plain_line("spin", "B", str(steps), str(iterations)),
	    plain_line("survivor")])
	order = [m.group(1) for m in r.find_lines(r"^spin ([AB]) step=\d+$")]
	assert order.count("A") == steps and order.count("B") == steps
	# Each ran before the other finished: their steps interleave.
	assert order.index("B") < len(order) - 1 - order[::-1].index("A")
	assert order.index("A") < len(order) - 1 - order[::-1].index("B")
	assert r.require_int("counter.preemptions") > 0
	assert r.require_int("counter.timer_ticks") > 0
	# Preempted tasks wait with a continuation: only the running one,
	# survivor, holds a kernel stack.
	assert r.require_int("counter.stacks_in_use") == 1


def test_unknown_boot_script_function_is_one_clear_line(boot):
	r = boot(modules=[
	    "user/tests/hello ${host-port} $(task-frob) $(task-resume)",
	    test_program("survivor")])
	lines = r.find_lines(r"^boot: module 0 ")
	assert [m.string for m in lines] == [
	    'boot: module 0 "user/tests/hello ${host-port} $(task-fro...": '
	    'unknown function $(task-frob)']
	assert "hello:" not in r.log
	r.require_line(r"^survivor: alone=1$")


def test_unknown_boot_script_variable_is_one_clear_line(boot):
	r = boot(modules=[gnumach_line("user/tests/args", "${no-such-var}"),
	    test_program("survivor")])
	lines = [m.string for m in r.find_lines(r"^boot: module 0 ")]
	assert len(lines) == 1
	assert re.search(r": unknown variable \$\{no-such-var\}$", lines[0])
	r.require_line(r"^survivor: alone=1$")


def test_module_that_is_not_an_executable_is_refused(boot, build_dir):
	r = boot(modules=[gnumach_line("Makefile"), test_program("survivor")])
	lines = [m.string for m in r.find_lines(r"^boot: module 0 ")]
	assert lines == ['boot: module 0 "Makefile ${host-port} '
	    '${device-port} $(t...": cannot load: not an ELF file']
	r.require_line(r"^survivor: alone=1$")


def test_every_task_ending_ends_the_machine(boot):
	r = boot(modules=[test_program("hello"), test_program("hello")])
	ends = r.find_lines(r"^task hello \((\d+)\): exited with status 0$")
	assert sorted(m.group(1) for m in ends) == ["1", "2"]
	r.require_line(r"^bootstrap: all tasks ended$")


def test_a_killed_task_makes_the_end_a_failure(boot):
	r = boot(modules=[test_program("badptr")], expect=qemu.EXIT_FAILURE)
	r.require_line(r"^bootstrap: all tasks ended \(some failed\)$")
