"""Host tests for the initramfs packer: the newc layout read back by an independent parser."""

from __future__ import annotations

import os
import stat
import tempfile
import unittest
from pathlib import Path

import cpio

FIELDS = ("ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
          "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check")  # fmt: skip


def read_archive(data: bytes) -> list[tuple[str, dict[str, int], bytes]]:
    """Parses newc by the format's definition (not by cpio.py's code): (name, fields, data)
    for each member, trailer included; checks alignment and that nothing follows."""
    members = []
    pos = 0
    while True:
        assert pos % 4 == 0, f"member at {pos} is not 4-byte aligned"
        assert data[pos : pos + 6] == b"070701", f"bad magic at {pos}: {data[pos:pos+6]!r}"
        fields = {name: int(data[pos + 6 + 8 * i : pos + 14 + 8 * i], 16) for i, name in enumerate(FIELDS)}
        name_start = pos + 110
        raw_name = data[name_start : name_start + fields["namesize"]]
        assert raw_name.endswith(b"\0") and b"\0" not in raw_name[:-1], raw_name
        data_start = name_start + fields["namesize"]
        data_start += -data_start % 4
        assert data[name_start + fields["namesize"] : data_start] == b"\0" * (data_start - name_start - fields["namesize"])
        body = data[data_start : data_start + fields["filesize"]]
        pos = data_start + fields["filesize"]
        pad = -pos % 4
        assert data[pos : pos + pad] == b"\0" * pad
        pos += pad
        name = raw_name[:-1].decode()
        members.append((name, fields, body))
        if name == "TRAILER!!!":
            assert pos == len(data), "bytes after the trailer"
            return members


class PackTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR")))
        self.init = self.tmp / "init"
        self.init.write_bytes(b"\x7fELF init")
        self.init.chmod(0o755)
        self.page = self.tmp / "index.html"
        self.page.write_bytes(b"<p>hi</p>\n")  # 10 bytes: exercises data padding
        self.page.chmod(0o644)

    def pack(self) -> bytes:
        out = self.tmp / "out.cpio"
        rc = cpio.main([
            "--output", str(out),
            "--file", f"/www/index.html={self.page}",
            "--file", f"/init={self.init}",
            "--file", f"/bin/test={self.init}",
            "--dir", "/proc", "--dir", "/tmp", "--dir", "/bin",
            "--chardev", "/dev/console=5,1",
        ])  # fmt: skip
        self.assertEqual(rc, 0)
        return out.read_bytes()

    def test_members_sorted_with_parents_first_and_trailer_last(self) -> None:
        names = [name for name, _, _ in read_archive(self.pack())]
        self.assertEqual(names, ["bin", "bin/test", "dev", "dev/console", "init", "proc", "tmp",
                                 "www", "www/index.html", "TRAILER!!!"])  # fmt: skip

    def test_fields_are_deterministic_and_sequential(self) -> None:
        members = read_archive(self.pack())
        for i, (name, f, _) in enumerate(members[:-1], start=1):
            self.assertEqual(f["ino"], i, name)
            self.assertEqual((f["uid"], f["gid"], f["mtime"], f["nlink"], f["check"]), (0, 0, 0, 1, 0), name)
        self.assertEqual(members[-1][1]["ino"], 0)
        self.assertEqual(members[-1][1]["filesize"], 0)

    def test_modes_contents_and_device(self) -> None:
        by_name = {name: (f, body) for name, f, body in read_archive(self.pack())}
        self.assertEqual(by_name["init"][0]["mode"], stat.S_IFREG | 0o755)
        self.assertEqual(by_name["init"][1], b"\x7fELF init")
        self.assertEqual(by_name["www/index.html"][0]["mode"], stat.S_IFREG | 0o644)
        self.assertEqual(by_name["www/index.html"][1], b"<p>hi</p>\n")
        self.assertEqual(by_name["bin"][0]["mode"], stat.S_IFDIR | 0o755)
        self.assertEqual(by_name["tmp"][0]["mode"], stat.S_IFDIR | 0o1777)
        console = by_name["dev/console"][0]
        self.assertEqual(console["mode"], stat.S_IFCHR | 0o600)
        self.assertEqual((console["rdevmajor"], console["rdevminor"], console["filesize"]), (5, 1, 0))

    def test_same_inputs_same_bytes(self) -> None:
        first = self.pack()
        os.utime(self.init, (1, 1))  # a source's timestamp does not reach the archive
        self.assertEqual(first, self.pack())

    def test_bad_paths_are_refused(self) -> None:
        for path in ("relative", "/a/../b", "/a//b", "/", "/a/"):
            with self.subTest(path=path), self.assertRaises(ValueError):
                cpio.plan({path: str(self.init)}, [], {})

    def test_a_path_twice_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            cpio.plan({"/bin": str(self.init), "/bin/x": str(self.init)}, [], {})
        with self.assertRaises(ValueError):
            cpio.plan({"/dev/console": str(self.init)}, [], {"/dev/console": (5, 1)})
        out = self.tmp / "twice.cpio"
        self.assertEqual(cpio.main(["--output", str(out), "--file", f"/a={self.init}", "--file", f"/a={self.page}"]), 1)


if __name__ == "__main__":
    unittest.main()
