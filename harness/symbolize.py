"""Names for the addresses in a kernel panic report, for the failure message.

The kernel prints raw addresses (`  #2 0x0000000040080f10`): it carries no symbol table, and
its transcript must not change when unrelated code moves. The harness has the ELF with its
debug info, so it asks llvm-symbolizer for the function and source line of each frame.

A backtrace may cross the user/kernel boundary: the exception entry (vectors.S) leaves a
frame record whose return address is the interrupted pc (ELR), so the frame after the entry
is where the exception came from, exact rather than a return address. An address outside the
kernel image's code is the user program's (EL0); it is labelled so, not given the name of
the image's last symbol (`__kernel_end`), which is all the kernel ELF could say about it.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess

FRAME = re.compile(r"^\s*#(\d+) (0x[0-9a-f]+)\s*$")
ELR = re.compile(r"^ELR\s+(0x[0-9a-f]+)")
SYMBOLIZER = "llvm-symbolizer"
# The code that saves a trap frame and calls exception_dispatch (kernel/arch/aarch64/vectors.S).
EXCEPTION_ENTRY = "save_and_dispatch"
_PT_LOAD, _PF_X = 1, 1


def code_ranges(elf: str) -> list[tuple[int, int]]:
    """[start, end) of the executable segments of a little-endian ELF64 file; [] if it is not one."""
    try:
        with open(elf, "rb") as f:
            header = f.read(64)
            if header[:4] != b"\x7fELF" or header[4] != 2 or header[5] != 1:
                return []
            phoff, = struct.unpack_from("<Q", header, 0x20)
            phentsize, phnum = struct.unpack_from("<HH", header, 0x36)
            f.seek(phoff)
            table = f.read(phentsize * phnum)
    except OSError:
        return []
    ranges = []
    for k in range(phnum):
        p_type, p_flags, _, vaddr, _, _, memsz = struct.unpack_from("<IIQQQQQ", table, k * phentsize)
        if p_type == _PT_LOAD and p_flags & _PF_X:
            ranges.append((vaddr, vaddr + memsz))
    return ranges


def _ask(tool: str, kernel: str, addresses: list[int]) -> list[list[str]] | None:
    try:
        out = subprocess.run([tool, f"--obj={kernel}", "--demangle", "--inlining=false"],
                             input="".join(f"{hex(a)}\n" for a in addresses), capture_output=True, text=True,
                             timeout=20, check=True).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return [block.splitlines() for block in out.strip().split("\n\n")]


def symbolize_frames(kernel: str, lines: list[str]) -> list[str]:
    """`#N 0x… function at file:line` for every backtrace line in `lines`; [] if none or
    if llvm-symbolizer is missing (the raw report is still printed)."""
    frames = [(m.group(1), int(m.group(2), 16)) for m in map(FRAME.match, lines) if m]
    tool = shutil.which(SYMBOLIZER)
    if not frames or tool is None:
        return []
    code = code_ranges(kernel)
    in_kernel = lambda a: not code or any(lo <= a < hi for lo, hi in code)  # noqa: E731
    # Frames are return addresses (the call is the instruction before), except the faulting
    # instruction of an exception report (also printed as ELR) and the interrupted pc the
    # exception entry records: those are exact.
    exact = {int(m.group(1), 16) for m in map(ELR.match, lines) if m}
    answers = _ask(tool, kernel, [a if a in exact else a - 4 for _, a in frames])
    if answers is None:
        return []
    after_entry = [k > 0 and answers[k - 1][:1] == [EXCEPTION_ENTRY] for k in range(len(frames))]
    redo = [k for k, (_, a) in enumerate(frames) if after_entry[k] and a not in exact and in_kernel(a)]
    if redo and (again := _ask(tool, kernel, [frames[k][1] for k in redo])) is not None:
        for k, answer in zip(redo, again):
            answers[k] = answer
    result = []
    for k, ((depth, addr), answer) in enumerate(zip(frames, answers)):
        if not in_kernel(addr):
            what = "user space (EL0): the interrupted program" if after_entry[k] else "outside the kernel image"
            result.append(f"  #{depth} 0x{addr:016x} {what}")
            continue
        function = answer[0] if answer else "??"
        where = _short_path(answer[1]) if len(answer) > 1 else "??"
        note = " (exception entry)" if function == EXCEPTION_ENTRY else " (interrupted here)" if after_entry[k] else ""
        result.append(f"  #{depth} 0x{addr:016x} {function} at {where}{note}")
    return result


def _short_path(location: str) -> str:
    """`/proc/self/cwd/./kernel/x.cc:10:19` -> `kernel/x.cc:10` (workspace-relative)."""
    path, _, rest = location.partition(":")
    line = rest.split(":")[0]
    path = re.sub(r"^(/proc/self/cwd/)?(\./)*", "", path)
    return f"{path}:{line}" if line and line != "0" else path


def symbolize_report(kernel: str, lines: list[str]) -> list[str]:
    """The report with each backtrace line symbolized in place, so the lines between them
    (a KASAN report's `allocated at:`, `freed at:`, `backtrace:`) keep saying which stack is
    which. Each run of frame lines is its own stack; [] if nothing could be symbolized."""
    out: list[str] = []
    stack: list[str] = []
    symbolized_any = False
    for line in [*lines, ""]:
        if FRAME.match(line):
            stack.append(line)
            continue
        if stack:
            frames = symbolize_frames(kernel, stack)
            if len(frames) != len(stack):
                return []
            out += frames
            symbolized_any = True
            stack = []
        out.append(line)
    return out[:-1] if symbolized_any else []
