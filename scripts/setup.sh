#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scripts/setup.sh: get a Debian 12 machine from a fresh clone to a built
# kernel and test programs in build/.  Each step runs only when needed, so
# a second run takes a second or two:
#
#   1. Debian packages: only the missing ones, with apt-get (root only;
#      otherwise the list is printed and setup stops)
#   2. GNU Mach headers and MIG from Debian 13 (scripts/fetch-interfaces.sh,
#      which keeps a stamp)
#   3. autoreconf -fi, when configure is missing or older than
#      configure.ac, Makefile.am or any Makefrag.am
#   4. ../configure in build/, when build/Makefile is missing
#   5. make -C build -j2
#
# scripts/demo.sh and scripts/test.sh start by running this.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

# What the build and the suite use, by Debian 12 package name:
# compiler and make; autotools; QEMU; pytest (with xdist for -n 2);
# gdb for the GDB scripts; e2fsprogs for ext2 images (mke2fs -d, e2fsck);
# binutils for nm and objcopy.
packages=(build-essential autoconf automake qemu-system-x86 python3
	python3-pytest python3-pytest-xdist gdb e2fsprogs binutils)

say() { echo "setup: $*"; }

setup_packages() {
	local missing=() p
	for p in "${packages[@]}"; do
		if ! dpkg-query -W -f='${db:Status-Status}\n' "$p" 2>/dev/null |
		    grep -qx installed; then
			missing+=("$p")
		fi
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup: these Debian packages are missing:" >&2
		echo "    ${missing[*]}" >&2
		echo "setup: install them as root, then run this again:" >&2
		echo "    apt-get update && apt-get install ${missing[*]}" >&2
		exit 1
	fi
	say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get -q update
	apt-get -q install -y --no-install-recommends "${missing[@]}"
}

setup_configure_script() {
	local newer
	if [ -x configure ]; then
		newer=$(find configure.ac Makefile.am -newer configure; \
		    find . -path ./build -prune -o -path ./.deps-local -prune \
			-o -name Makefrag.am -newer configure -print)
		[ -z "$newer" ] && return 0
	fi
	say "autoreconf -fi"
	mkdir -p build-aux	# ACLOCAL_AMFLAGS names it; a clone lacks it
	autoreconf -fi
}

setup_build_dir() {
	[ -f build/Makefile ] && return 0
	say "configuring build/"
	mkdir -p build
	(cd build && ../configure)
}

setup_packages
sh scripts/fetch-interfaces.sh
setup_configure_script
setup_build_dir
say "make -C build -j2"
make -C build --no-print-directory -j2
