# SPDX-License-Identifier: GPL-2.0-or-later
"""gdb-scripts/clustermach/utils.py: what every command needs.

  CachedType       a kernel type looked up on first use and forgotten
                   when GDB loads a new objfile (a rebuilt kernel)
  offset_of        a field's byte offset, from GDB's view of the type
  queue_entries    walk a kern/queue.h list, yielding the containing
                   structures (queue_containing() in C)
  char_array_string, c_string   read kernel strings
  symbol_name      the function an address points to, for continuations

Nothing here knows about a particular subsystem.
"""

import gdb


class CachedType:
	"""A type named as in C ("struct thread"), resolved lazily.

	The lookup waits until the type is used, so the package loads before
	`file` names the kernel; a new objfile (file, add-symbol-file, a
	rebuilt kernel) drops the cached answer, so a stale type is never
	used against new symbols.
	"""

	def __init__(self, name):
		self._name = name
		self._type = None

	def _forget(self, event):
		self._type = None
		gdb.events.new_objfile.disconnect(self._forget)

	def get_type(self):
		if self._type is None:
			try:
				self._type = gdb.lookup_type(self._name)
			except gdb.error:
				raise gdb.GdbError("no type %r: load the kernel "
				    "with `file build/clustermach` first" %
				    self._name)
			gdb.events.new_objfile.connect(self._forget)
		return self._type

	def pointer(self):
		return self.get_type().pointer()


def offset_of(struct_type, field_name):
	"""Byte offset of field_name in struct_type (a gdb.Type)."""
	for field in struct_type.strip_typedefs().fields():
		if field.name == field_name:
			return field.bitpos // 8
	raise gdb.GdbError("%s has no field %r" % (struct_type, field_name))


def container_of(entry_address, cached_type, field_name):
	"""The structure (a pointer gdb.Value) whose field_name is at
	entry_address."""
	struct_type = cached_type.get_type()
	offset = offset_of(struct_type, field_name)
	address = int(entry_address) - offset
	return gdb.Value(address).cast(struct_type.pointer())


# A list longer than this is taken to be a loop that misses its head.
QUEUE_WALK_LIMIT = 100000


def queue_chain_entries(head):
	"""Yield each queue_chain_t address (int) of the list whose head is
	the gdb.Value head (a queue_head_t, or a pointer to one)."""
	if head.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
		head = head.dereference()
	head_address = int(head.address)
	entry = head["next"]
	count = 0
	while int(entry) != head_address:
		if int(entry) == 0:
			raise gdb.GdbError("queue at %#x: NULL next pointer "
			    "after %d entries" % (head_address, count))
		count += 1
		if count > QUEUE_WALK_LIMIT:
			raise gdb.GdbError("queue at %#x: more than %d entries;"
			    " a loop?" % (head_address, QUEUE_WALK_LIMIT))
		# Read next before yielding: the caller may look elsewhere.
		following = entry.dereference()["next"]
		yield int(entry)
		entry = following


def queue_entries(head, cached_type, field_name):
	"""Yield a pointer (gdb.Value) to each structure of type cached_type
	on the list at head, linked through its field field_name."""
	for entry in queue_chain_entries(head):
		yield container_of(entry, cached_type, field_name)


def char_array_string(value):
	"""A char array field (thread->name) as a str, up to its first NUL."""
	length = value.type.strip_typedefs().sizeof
	data = bytes(int(value[i]) & 0xff for i in range(length))
	return data.split(b"\0", 1)[0].decode("utf-8", "replace")


def c_string(pointer, limit=256):
	"""A NUL-terminated string at a char pointer (at most limit bytes),
	or None for NULL."""
	if int(pointer) == 0:
		return None
	data = bytearray()
	while len(data) < limit:
		byte = int(pointer[len(data)]) & 0xff
		if byte == 0:
			break
		data.append(byte)
	return data.decode("utf-8", "replace")


def symbol_name(address):
	"""The name of the function at address (an int), or a hex string
	when no symbol covers it."""
	address = int(address)
	try:
		block = gdb.block_for_pc(address)
	except RuntimeError:
		block = None
	while block is not None and block.function is None:
		block = block.superblock
	if block is not None:
		if block.start == address:
			return block.function.name
		return "%s+%#x" % (block.function.name, address - block.start)
	text = gdb.execute("info symbol %#x" % address, to_string=True)
	if text.startswith("No symbol"):
		return "%#x" % address
	words = text.split()
	if len(words) >= 3 and words[1] == "+":
		return "%s+%s" % (words[0], words[2])
	return words[0]
