# SPDX-License-Identifier: GPL-2.0-or-later
"""gdb-scripts/clustermach/threads.py: threads, as the scheduler sees them.

  cm-threads            one line per thread on all_threads
  cm-check-threads      verify T1 and T2 of kern/thread.h
  $cm_current_thread()  cpu_data[cpu].active_thread (cpu 0 by default)

The list is all_threads (kern/thread.c), every thread not yet reaped,
linked through thread->all_threads.  GDB stops the whole machine, so the
walk needs no lock; a list caught half-updated shows up as a broken link
(cm-check-threads says which).
"""

import gdb

from clustermach import constants
from clustermach import utils
from clustermach import words

thread_type = utils.CachedType("struct thread")


def all_threads():
	"""Yield a struct thread * for every thread on all_threads."""
	head = gdb.parse_and_eval("all_threads")
	return utils.queue_entries(head, thread_type, "all_threads")


def current_thread(cpu=0):
	"""cpu_data[cpu].active_thread, a struct thread * (maybe NULL)."""
	if cpu < 0 or cpu >= constants.NCPUS:
		raise gdb.GdbError("no cpu %d (NCPUS is %d)" % (cpu,
		    constants.NCPUS))
	return gdb.parse_and_eval("cpu_data")[cpu]["active_thread"]


def thread_state_string(state):
	"""The TH_* bits of state as words joined by '|' (RUN, WAIT|UNINT);
	unknown bits in hex; 0 as NONE."""
	state = int(state)
	parts = []
	for bit, word in words.THREAD_STATE_WORDS:
		if state & bit:
			parts.append(word)
			state &= ~bit
	if state:
		parts.append("%#x" % state)
	return "|".join(parts) or "NONE"


def column_word(text):
	"""text as one whitespace-free column: blanks become '_', empty '-'."""
	return "_".join(text.split()) or "-"


def thread_name(thread):
	return column_word(utils.char_array_string(thread["name"]))


def thread_task_name(thread):
	"""The name of the thread's task, or `kernel` for a kernel thread."""
	task = thread["task"]
	if int(task) == 0:
		return "kernel"
	return column_word(utils.char_array_string(task["name"]))


def thread_continuation_name(thread):
	"""The symbol swap_func points to, or '-' when it is NULL."""
	swap_func = int(thread["swap_func"])
	if swap_func == 0:
		return "-"
	return utils.symbol_name(swap_func)


def thread_stack_string(thread):
	"""kernel_stack in hex, or `none` when the thread holds no stack."""
	stack = int(thread["kernel_stack"])
	return "%#x" % stack if stack else "none"


THREADS_FORMAT = "%s%4s %-12s %-10s %-12s %-24s %s"


def thread_line(thread, running):
	return THREADS_FORMAT % ("*" if running else " ", int(thread["id"]),
	    thread_name(thread), thread_task_name(thread),
	    thread_state_string(thread["state"]),
	    thread_continuation_name(thread), thread_stack_string(thread))


class CmThreads(gdb.Command):
	"""List every ClusterMach thread (all_threads).

Usage: cm-threads

One line per thread, columns separated by blanks:
  ID NAME TASK STATE CONTINUATION STACK
The running thread (cpu_data[0].active_thread) has `*` in the first
column, every other line a blank.  TASK is `kernel` for kernel threads.
STATE is the TH_* bits as words joined by `|` (RUN, WAIT, WAIT|UNINT,
RUN|IDLE, HALTED).  CONTINUATION is the function in swap_func, or `-`.
STACK is kernel_stack in hex, or `none` while the thread holds no stack.
A last line counts them: threads=N with_stack=N without_stack=N."""

	def __init__(self):
		super().__init__("cm-threads", gdb.COMMAND_DATA)

	def invoke(self, argument, from_tty):
		if argument.strip():
			raise gdb.GdbError("cm-threads takes no arguments")
		running = int(current_thread())
		total = with_stack = 0
		gdb.write(THREADS_FORMAT % (" ", "ID", "NAME", "TASK", "STATE",
		    "CONTINUATION", "STACK") + "\n")
		for thread in all_threads():
			total += 1
			if int(thread["kernel_stack"]):
				with_stack += 1
			gdb.write(thread_line(thread, int(thread) == running) +
			    "\n")
		gdb.write("threads=%d with_stack=%d without_stack=%d\n" % (
		    total, with_stack, total - with_stack))


CmThreads()


def thread_label(thread):
	return "thread %d (%s) at %#x" % (int(thread["id"]),
	    thread_name(thread), int(thread))


def check_thread_links(thread):
	"""Problems with thread's all_threads links, as strings."""
	chain = thread["all_threads"]
	entry = int(chain.address)
	problems = []
	for direction, back in (("next", "prev"), ("prev", "next")):
		neighbour = chain[direction]
		if int(neighbour) == 0:
			problems.append("links: %s: all_threads.%s is NULL" %
			    (thread_label(thread), direction))
		elif int(neighbour.dereference()[back]) != entry:
			problems.append("links: %s: all_threads.%s->%s does "
			    "not point back" % (thread_label(thread), direction,
			    back))
	return problems


def check_thread_t1(thread):
	"""T1: kernel_stack == 0 => state has TH_WAIT or TH_RUN, and
	swap_func is the continuation to resume in."""
	if int(thread["kernel_stack"]) != 0:
		return []
	problems = []
	if int(thread["swap_func"]) == 0:
		problems.append("T1: %s: no kernel stack and no continuation" %
		    thread_label(thread))
	state = int(thread["state"])
	if not state & (constants.TH_WAIT | constants.TH_RUN):
		problems.append("T1: %s: no kernel stack in state %s" % (
		    thread_label(thread), thread_state_string(state)))
	return problems


def check_threads():
	"""Every violation of T1, T2 and the list links, and the number of
	threads walked."""
	problems = []
	running = current_thread()
	count = 0
	running_seen = False
	for thread in all_threads():
		count += 1
		problems += check_thread_links(thread)
		problems += check_thread_t1(thread)
		if int(thread) == int(running):
			running_seen = True
	if int(running) == 0:
		problems.append("T2: cpu_data[0].active_thread is NULL")
	else:
		if int(running["kernel_stack"]) == 0:
			problems.append("T2: running %s has no kernel stack" %
			    thread_label(running))
		if not running_seen:
			problems.append("list: running %s is not on "
			    "all_threads" % thread_label(running))
	return problems, count


class CmCheckThreads(gdb.Command):
	"""Check the thread invariants of kern/thread.h.

Usage: cm-check-threads

Walks all_threads and checks
  T1  a thread without a kernel stack has a continuation (swap_func)
      and TH_WAIT or TH_RUN in its state;
  T2  the running thread (cpu_data[0].active_thread) has a kernel stack
      and is on all_threads;
  and that each thread's all_threads links point back to it.
Prints `cm-check-threads: ok (N threads)`, or one line per violation and
then fails (an error, so a batch script stops)."""

	def __init__(self):
		super().__init__("cm-check-threads", gdb.COMMAND_DATA)

	def invoke(self, argument, from_tty):
		if argument.strip():
			raise gdb.GdbError("cm-check-threads takes no arguments")
		problems, count = check_threads()
		if not problems:
			gdb.write("cm-check-threads: ok (%d threads)\n" % count)
			return
		for problem in problems:
			gdb.write("cm-check-threads: %s\n" % problem)
		raise gdb.GdbError("cm-check-threads: %d violation%s in %d "
		    "threads" % (len(problems), "" if len(problems) == 1
		    else "s", count))


CmCheckThreads()


class CmCurrentThread(gdb.Function):
	"""The running thread: cpu_data[CPU].active_thread.

Usage: $cm_current_thread([CPU])

CPU defaults to 0.  Returns a struct thread *, e.g.
  p *$cm_current_thread()
  p $cm_current_thread()->name"""

	def __init__(self):
		super().__init__("cm_current_thread")

	def invoke(self, *args):
		if not args:
			return current_thread()
		if len(args) > 1:
			raise gdb.GdbError("$cm_current_thread takes at most "
			    "one argument, the CPU")
		try:
			number = int(args[0])
		except gdb.error:
			raise gdb.GdbError("$cm_current_thread: CPU must be a "
			    "number")
		return current_thread(number)


CmCurrentThread()
