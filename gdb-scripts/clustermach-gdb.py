# SPDX-License-Identifier: GPL-2.0-or-later
#
# gdb-scripts/clustermach-gdb.py: the GDB loader for ClusterMach.
#
# Only puts this folder on Python's path and imports the package; every
# command, function and printer lives in gdb-scripts/clustermach/.  The
# package's generated half (constants.py) is in the build folder, built
# by ./scripts/setup.sh: $CLUSTERMACH_BUILD, else <source>/build
# (gdb-scripts/clustermach/__init__.py).
#
#   (gdb) set architecture i386:x86-64
#   (gdb) file build/clustermach
#   (gdb) source gdb-scripts/clustermach-gdb.py
#   (gdb) target remote 127.0.0.1:1234
#
# See design/08-gdb.md.

import os
import sys

_here = os.path.dirname(os.path.abspath(os.path.expanduser(__file__)))
if _here not in sys.path:
	sys.path.insert(0, _here)

import clustermach.utils		# noqa: E402,F401
import clustermach.threads		# noqa: E402,F401
import clustermach.counters		# noqa: E402,F401
import clustermach.ipc			# noqa: E402,F401
import clustermach.vm			# noqa: E402,F401
import clustermach.printers		# noqa: E402,F401
