#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scripts/fetch-interfaces.sh: fetch GNU Mach's interface headers and MIG
# from Debian 13 (trixie) into a build-local prefix, installing nothing
# system-wide.
#
# Debian 12 ships the 2022 x86_64 ABI headers, which GNU Mach has since
# changed (8-byte mach_msg_type_t, inlined port names, syscall traps);
# trixie's gnumach-dev and mig-x86-64-gnu match today's GNU Mach.  apt
# itself downloads them, from the archive this machine is already
# configured to use: no host name is written here.
#
# Result (all under $1, default .deps-local in the source tree):
#   prefix/            the two packages, extracted with dpkg-deb -x
#   include/{mach,device,mach_debug}  the only header folders we expose
#   bin/mig            a wrapper that runs trixie's MIG with its migcom
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$top/.deps-local}
stamp=$dest/.fetched-v1

if [ -f "$stamp" ]; then
	exit 0
fi

archive=
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	archive=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++)
	    if ($i !~ /security/) { print $i; exit } }' "$f")
	[ -n "$archive" ] && break
done
if [ -z "$archive" ]; then
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		archive=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++)
		    if ($i ~ /^[a-z]+:/ && $i !~ /security/) { print $i; exit } }' "$f")
		[ -n "$archive" ] && break
	done
fi
if [ -z "$archive" ]; then
	echo "fetch-interfaces: no Debian archive configured in /etc/apt" >&2
	exit 1
fi

rm -rf "$dest"
mkdir -p "$dest/apt/lists/partial" "$dest/apt/archives/partial" \
	"$dest/debs" "$dest/prefix" "$dest/include" "$dest/bin"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
echo "deb [signed-by=$keyring] $archive trixie main" \
	> "$dest/apt/sources.list"
aptopts="-o Dir::Etc::SourceList=$dest/apt/sources.list
	-o Dir::Etc::SourceParts=/dev/null
	-o Dir::State::Lists=$dest/apt/lists
	-o Dir::Cache::Archives=$dest/apt/archives
	-o APT::Get::List-Cleanup=0
	-o Debug::NoLocking=1"
echo "fetch-interfaces: trixie's gnumach-dev and mig-x86-64-gnu from $archive"
# shellcheck disable=SC2086
apt-get $aptopts -qq update
# shellcheck disable=SC2086
(cd "$dest/debs" && apt-get $aptopts -qq download \
	gnumach-dev mig-x86-64-gnu 2>&1 | grep -v 'unsandboxed' || true)
for deb in "$dest"/debs/*.deb; do
	dpkg-deb -x "$deb" "$dest/prefix"
done
inc=$dest/prefix/usr/include/x86_64-linux-gnu
for d in mach device mach_debug; do
	if [ ! -d "$inc/$d" ]; then
		echo "fetch-interfaces: $inc/$d missing" >&2
		exit 1
	fi
	ln -s "$inc/$d" "$dest/include/$d"
done
cat > "$dest/bin/mig" <<EOS
#!/bin/sh
MIGDIR=$dest/prefix/usr/lib/mig exec $dest/prefix/usr/bin/x86_64-gnu-mig "\$@"
EOS
chmod +x "$dest/bin/mig"
touch "$stamp"
