"""Every program that goes into an initramfs (the full kernel's, the tests', the conformance
images) is what `file` calls a stripped "ARM aarch64 ... statically linked" executable (args:
the programs' paths)."""

from __future__ import annotations

import subprocess
import sys
import unittest


class StaticProgramsTest(unittest.TestCase):
    def test_every_program_is_a_static_aarch64_executable(self) -> None:
        programs = sys.argv[1:]
        self.assertGreater(len(programs), 1)
        for path in programs:
            with self.subTest(program=path):
                out = subprocess.run(["/usr/bin/file", "-b", "-L", path], check=True, capture_output=True,
                                     text=True).stdout  # fmt: skip
                self.assertIn("executable, ARM aarch64", out)
                self.assertIn("statically linked", out)
                self.assertIn("stripped", out)
                self.assertNotIn("not stripped", out)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
