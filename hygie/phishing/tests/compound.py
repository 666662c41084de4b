"""A minimal writer of compound files (the OLE format of Outlook .msg files and
of old Office documents), to build test fixtures without Outlook or Office.

Follows [MS-CFB] version 3: 512-byte sectors, streams under 4,096 bytes in the
mini stream, one FAT and no DIFAT sector beyond the header's 109 entries
(enough for files of a few megabytes).
"""

from __future__ import annotations

import itertools
import struct

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FAT_SECTOR, NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


class Entry:
    def __init__(self, name: str, data: bytes | None = None):
        self.name = name
        self.data = data  # None: a storage
        self.children: list[Entry] = []
        self.start = END
        self.index = 0

    def add(self, entry: Entry) -> Entry:
        self.children.append(entry)
        return entry


def _chain(start: int, count: int) -> list[int]:
    return [start + i + 1 if i < count - 1 else END for i in range(count)]


def build(root_children: list[Entry]) -> bytes:
    """The bytes of a compound file holding these storages and streams."""
    root = Entry("Root Entry")
    root.children = root_children
    entries: list[Entry] = []

    def walk(entry: Entry) -> None:
        entry.index = len(entries)
        entries.append(entry)
        for child in entry.children:
            walk(child)

    walk(root)
    streams = [e for e in entries if e.data is not None]
    # The mini stream: small streams, 64-byte aligned.
    mini = bytearray()
    minifat: list[int] = []
    for e in streams:
        if len(e.data) < CUTOFF and e.data:
            count = -(-len(e.data) // MINI)
            e.start = len(minifat)
            minifat.extend(_chain(e.start, count))
            mini += e.data + b"\0" * (count * MINI - len(e.data))
    # Regular sectors: big streams, the mini stream, the mini FAT, the directory.
    sectors = bytearray()
    fat: list[int] = []

    def place(data: bytes) -> int:
        if not data:
            return END
        count = -(-len(data) // SECTOR)
        start = len(fat)
        fat.extend(_chain(start, count))
        sectors.extend(data + b"\0" * (count * SECTOR - len(data)))
        return start

    for e in streams:
        if len(e.data) >= CUTOFF:
            e.start = place(e.data)
    root.start = place(bytes(mini))
    minifat_bytes = b"".join(struct.pack("<I", x) for x in minifat)
    minifat_start = place(minifat_bytes)
    directory = bytearray()
    for e in entries:
        directory += _directory_entry(e, root, len(mini))
    while len(directory) % SECTOR:
        directory += _empty_entry()
    directory_start = place(bytes(directory))
    # The FAT itself, at the end; it must also describe its own sectors.
    fat_count = 1
    while (len(fat) + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    fat_start = len(fat)
    fat.extend([FAT_SECTOR] * fat_count)
    fat.extend([FREE] * (fat_count * (SECTOR // 4) - len(fat)))
    sectors += b"".join(struct.pack("<I", x) for x in fat)
    assert fat_count <= 109
    difat = [fat_start + i for i in range(fat_count)] + [FREE] * (109 - fat_count)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        fat_count,
        directory_start,
        0,
        CUTOFF,
        minifat_start if minifat else END,
        len(minifat_bytes) // SECTOR + (1 if len(minifat_bytes) % SECTOR else 0),
        END,
        0,
    ) + b"".join(struct.pack("<I", x) for x in difat)
    return header + bytes(sectors)


def _sort_key(entry: Entry) -> tuple[int, str]:
    return (len(entry.name), entry.name.upper())


def _directory_entry(entry: Entry, root: Entry, mini_size: int) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\0\0"
    kind = 5 if entry is root else (1 if entry.data is None else 2)
    # Siblings as a chain of right children, in the order the format sorts them.
    child = NONE
    if entry.children:
        ordered = sorted(entry.children, key=_sort_key)
        child = ordered[0].index
        for a, b in itertools.pairwise(ordered):
            a.right = b.index
    right = getattr(entry, "right", NONE)
    size = mini_size if entry is root else (len(entry.data) if entry.data is not None else 0)
    start = entry.start if (entry is root or entry.data) else (END if entry.data == b"" else 0)
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name.ljust(64, b"\0"),
        len(name),
        kind,
        1,
        NONE,
        right,
        child,
        b"\0" * 16,
        0,
        0,
        0,
        start,
        size,
    )


def _empty_entry() -> bytes:
    return struct.pack(
        "<64sHBBIII16sIQQIQ", b"\0" * 64, 0, 0, 0, NONE, NONE, NONE, b"\0" * 16, 0, 0, 0, 0, 0
    )
