#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scripts/demo.sh: build ClusterMach (scripts/setup.sh), then boot it in
# QEMU with the demo programs and show the serial console here; then print
# the tables of the paging baseline and the IPC round trips
# (bench/run_pager.py, bench/run_ipc.py).  Exits 0 when the kernel ends
# the machine with success (QEMU status 33) and both tables were made.
#
# The serial console is also kept in build/demo.log.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

# The demo: one boot module per line, "program arguments", the program
# relative to build/.  Each becomes a GNU Mach boot-script line:
#   program ${host-port} ${device-port} arguments $(task-create) $(task-resume)
# Each entry is a module's boot-script line, as GNU Mach receives it from
# GRUB: the program (under build/), its arguments, then the actions.
# shellcheck disable=SC2016 # ${...} and $(...) are for the kernel
demo_modules=(
	'user/tests/hello ${host-port} ${device-port} $(task-create) $(task-resume)'
	'user/tests/spin A 3 30000000 $(task-create) $(task-resume)'
	'user/tests/spin B 3 30000000 $(task-create) $(task-resume)'
	'user/tests/survivor $(task-create) $(task-resume)'
)
demo_append=""		# kernel command line
demo_timeout=120	# seconds of wall time before QEMU is stopped

./scripts/setup.sh

cd build
initrd=
for m in "${demo_modules[@]}"; do
	read -r prog _ <<<"$m"
	if [ ! -f "$prog" ]; then
		echo "demo: build/$prog is missing (not built?)" >&2
		exit 1
	fi
	initrd="${initrd:+$initrd,}${m//,/,,}"
done

# shellcheck disable=SC2054 # commas inside QEMU options
qemu=(qemu-system-x86_64 -accel tcg -cpu qemu64 -m 128M
	-nodefaults -display none -no-reboot
	-chardev stdio,id=console,logfile=demo.log
	-serial chardev:console
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
	-kernel clustermach)
[ -n "$demo_append" ] && qemu+=(-append "$demo_append")
[ -n "$initrd" ] && qemu+=(-initrd "$initrd")

echo "demo: booting ClusterMach with ${#demo_modules[@]} modules" \
	"(serial console below, also in build/demo.log)"
status=0
timeout --foreground "$demo_timeout" "${qemu[@]}" </dev/null || status=$?

if [ "$status" -eq 33 ]; then
	echo "demo: the kernel ended the machine with success (status 33)"
	# The tables: each runner boots the kernel again under -icount,
	# where guest instructions are counted exactly (bench/README.md).
	cd "$top"
	echo
	echo "demo: a 16 MiB mapping read through a user-space pager, one page" \
		"per request (the baseline clustering must beat)"
	/usr/bin/python3 bench/run_pager.py --runs 1
	echo
	echo "demo: IPC round trips"
	/usr/bin/python3 bench/run_ipc.py --runs 1
	exit 0
fi
case $status in
35)	echo "demo: FAILED: a program reported failure (status 35)" ;;
37)	echo "demo: FAILED: kernel panic (status 37)" ;;
124)	echo "demo: FAILED: no end after $demo_timeout s; QEMU stopped" ;;
0)	echo "demo: FAILED: triple fault or reset (status 0)" ;;
*)	echo "demo: FAILED: QEMU exit status $status" ;;
esac >&2
exit 1
