"""Boots a kernel image in QEMU with the serial console on this terminal.

    boot.py --kernel PATH [--gdb] [--net] [--smp N]

The console uses the same QEMU command line as the tests, plus a console mux so that Ctrl-A X
quits even when the kernel hangs (the tests have no mux: every byte belongs to the guest).
Ctrl-C goes to the guest. QEMU replaces this process (exec), so it starts at once and owns
the terminal; only the port choice happens before.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# harness/qemu.py holds the one QEMU command line; sys.path[0] is this script's real directory.
sys.path.insert(0, str(Path(sys.path[0]).parent / "harness"))
import qemu  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--kernel", required=True, help="the kernel Image (NAME.img, with NAME.elf beside it)")
    p.add_argument("--initrd", help="the initramfs (cpio)")
    p.add_argument("--memory", default="128M", help="guest RAM (QEMU -m)")
    p.add_argument("--smp", type=int, default=1, choices=range(1, 9), metavar="N", help="CPUs (QEMU -smp, 1 to 8)")
    p.add_argument("--gdb", action="store_true", help="halt at reset and wait for gdb")
    p.add_argument("--net", action="store_true", help="forward a free host port to guest :8080")
    args = p.parse_args()
    kernel = os.path.abspath(args.kernel)
    opts = qemu.Options(
        kernel,
        initrd=os.path.abspath(args.initrd) if args.initrd else None,
        memory=args.memory,
        smp=args.smp,
        host_port=qemu.free_port() if args.net else None,
        gdb_port=qemu.free_port() if args.gdb else None,
        interactive=True,
    )
    print("Akuma console: Ctrl-A X quits QEMU (Ctrl-A H lists the other keys).", file=sys.stderr)
    if opts.gdb_port is not None:
        print("QEMU waits for gdb; attach with:", file=sys.stderr)
        print(f"  {qemu.gdb_command(kernel[:-len('.img')] + '.elf', opts.gdb_port)}", file=sys.stderr)
    if opts.host_port is not None:
        print(f"guest port 8080: curl http://127.0.0.1:{opts.host_port}/", file=sys.stderr)
    argv = qemu.build_argv(opts)
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main()
