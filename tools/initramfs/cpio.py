"""Packs an initramfs: a deterministic, uncompressed cpio archive in the "newc" format.

    cpio.py --output X.cpio [--file /path/in/image=SOURCE ...] [--dir /path ...]
            [--chardev /path=MAJOR,MINOR ...]

The archive is what Linux's initramfs unpacker (and Akuma's) reads: for each entry a
110-byte ASCII header ("070701" and thirteen 8-digit hex fields), the NUL-terminated name
padded to 4 bytes, the data padded to 4 bytes; a "TRAILER!!!" entry ends it.

Deterministic, so an image is a pure function of its inputs (cacheable, identical across
machines): every entry has mtime 0, uid/gid 0 and nlink 1 (no hard links); inodes are
numbered 1, 2, ... in the order written; entries are sorted by path, so every directory (each one implied by a
file's path is created) comes before what it holds. A file's mode is 0755 if its source is
executable by its owner, 0644 otherwise; directories are 0755 (/tmp 1777); character
devices 0600. Creating /dev/console this way needs no root: it is only a header.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import PurePosixPath

MAGIC = b"070701"
TRAILER = "TRAILER!!!"
# Directories whose mode is not the default 0755.
_DIR_MODES = {"tmp": 0o1777}


@dataclass(frozen=True)
class Entry:
    """One archive member. `name` has no leading slash ("bin/ls"); `source` is a host file
    for regular files; `rdev` is (major, minor) for device nodes."""

    name: str
    mode: int
    source: str | None = None
    rdev: tuple[int, int] = (0, 0)


def _image_name(path: str) -> str:
    """'/bin/ls' -> 'bin/ls'. Absolute, normalised paths only: the image is a tree, and an
    entry like '/a/../b' or 'a//b' would mean two names for one file."""
    p = PurePosixPath(path)
    if not p.is_absolute() or str(p) != path or path == "/" or any(part in (".", "..") for part in p.parts):
        raise ValueError(f"not an absolute, normalised path in the image: {path!r}")
    return path[1:]


def _parents(name: str) -> list[str]:
    parts = name.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def plan(files: dict[str, str], dirs: list[str], chardevs: dict[str, tuple[int, int]]) -> list[Entry]:
    """The archive's entries in order: every directory (given or implied), file and device,
    sorted by name. A path given twice, or given both as a directory and as something else,
    is an error."""
    entries: dict[str, Entry] = {}

    def add(entry: Entry) -> None:
        old = entries.get(entry.name)
        if old is not None and old != entry:
            raise ValueError(f"/{entry.name} is in the image twice")
        entries[entry.name] = entry

    def add_dir(name: str) -> None:
        existing = entries.get(name)
        if existing is not None and not stat.S_ISDIR(existing.mode):
            raise ValueError(f"/{name} is a directory and a file")
        entries[name] = Entry(name, stat.S_IFDIR | _DIR_MODES.get(name, 0o755))

    for path, source in files.items():
        name = _image_name(path)
        executable = os.stat(source).st_mode & stat.S_IXUSR
        add(Entry(name, stat.S_IFREG | (0o755 if executable else 0o644), source=source))
    for path, rdev in chardevs.items():
        add(Entry(_image_name(path), stat.S_IFCHR | 0o600, rdev=rdev))
    implied = {p for name in entries for p in _parents(name)} | {_image_name(d) for d in dirs}
    for name in sorted(implied):
        add_dir(name)
    return [entries[name] for name in sorted(entries)]


def _header(ino: int, mode: int, size: int, rdev: tuple[int, int], namesize: int) -> bytes:
    # ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check
    fields = (ino, mode, 0, 0, 1, 0, size, 0, 0, rdev[0], rdev[1], namesize, 0)
    return MAGIC + b"".join(b"%08X" % f for f in fields)


def _pad(n: int) -> bytes:
    return b"\0" * (-n % 4)


def _member(ino: int, name: str, mode: int, data: bytes, rdev: tuple[int, int]) -> bytes:
    encoded = name.encode() + b"\0"
    head = _header(ino, mode, len(data), rdev, len(encoded)) + encoded
    return head + _pad(len(head)) + data + _pad(len(data))


def pack(entries: list[Entry]) -> bytes:
    """The archive bytes for `entries` (in the given order), trailer included."""
    out = bytearray()
    for ino, entry in enumerate(entries, start=1):
        data = b""
        if entry.source is not None:
            with open(entry.source, "rb") as f:
                data = f.read()
        out += _member(ino, entry.name, entry.mode, data, entry.rdev)
    out += _member(0, TRAILER, 0, b"", (0, 0))
    return bytes(out)


def _split(arg: str, flag: str) -> tuple[str, str]:
    path, sep, value = arg.partition("=")
    if not sep or not value:
        raise ValueError(f"{flag} expects /path=VALUE, got {arg!r}")
    return path, value


def _parse_rdev(value: str) -> tuple[int, int]:
    major, sep, minor = value.partition(",")
    if not sep or not major.isdigit() or not minor.isdigit():
        raise ValueError(f"expected MAJOR,MINOR, got {value!r}")
    return int(major), int(minor)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--output", required=True, help="the archive to write")
    p.add_argument("--file", action="append", default=[], metavar="/PATH=SOURCE",
                   help="a regular file in the image and the host file it copies")  # fmt: skip
    p.add_argument("--dir", action="append", default=[], metavar="/PATH", help="an (empty) directory")
    p.add_argument("--chardev", action="append", default=[], metavar="/PATH=MAJOR,MINOR",
                   help="a character device node")  # fmt: skip
    args = p.parse_args(argv)
    try:
        files: dict[str, str] = {}
        for arg in args.file:
            path, source = _split(arg, "--file")
            if path in files:
                raise ValueError(f"{path} is in the image twice")
            files[path] = source
        chardevs = {}
        for arg in args.chardev:
            path, value = _split(arg, "--chardev")
            chardevs[path] = _parse_rdev(value)
        entries = plan(files, args.dir, chardevs)
    except (ValueError, OSError) as e:
        print(f"cpio.py: {e}", file=sys.stderr)
        return 1
    with open(args.output, "wb") as f:
        f.write(pack(entries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
