#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scripts/test.sh: build (scripts/setup.sh), then run the whole suite with
# `make check`: the host unit tests (tests/unit), then the QEMU suite
# (tests/harness, pytest, two at a time).  Leaves pytest's JUnit XML at
# test-results.xml and each boot's serial log in tests/harness/logs/.
# Exits non-zero when any test fails.
#
# Arguments go to pytest, e.g. ./scripts/test.sh -k banner
# (the unit tests still run first).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

./scripts/setup.sh

# A stale file must not pass for this run's results.
rm -f test-results.xml

# -k: run the QEMU suite even when a unit test failed.  make's own
# "*** Error" lines are dropped so that pytest's summary line stays the
# last line; the exit status still says whether everything passed.
pytest_args=
[ $# -gt 0 ] && pytest_args=$(printf '%q ' "$@")
status=0
make -k -C build --no-print-directory check PYTEST_ARGS="$pytest_args" 2>&1 |
	sed -u -e '/^make\(\[[0-9]*\]\)\{0,1\}: \*\*\* /d' \
	    -e '/^make\(\[[0-9]*\]\)\{0,1\}: Target .* not remade/d' ||
	status=$?
if [ ! -f test-results.xml ]; then
	echo "test: pytest did not run (see above): no test-results.xml" >&2
	exit 1
fi
exit "$status"
