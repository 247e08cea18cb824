"""Names for the addresses in a kernel panic report, for the failure message.

The kernel prints raw addresses (`  #2 0x0000000040080f10`): it carries no symbol table, and
its transcript must not change when unrelated code moves. The harness has the ELF with its
debug info, so it asks llvm-symbolizer for the function and source line of each frame.
"""

from __future__ import annotations

import re
import shutil
import subprocess

FRAME = re.compile(r"^\s*#(\d+) (0x[0-9a-f]+)\s*$")
ELR = re.compile(r"^ELR\s+(0x[0-9a-f]+)")
SYMBOLIZER = "llvm-symbolizer"


def symbolize_frames(kernel: str, lines: list[str]) -> list[str]:
    """`#N 0x… function at file:line` for every backtrace line in `lines`; [] if none or
    if llvm-symbolizer is missing (the raw report is still printed)."""
    frames = [(m.group(1), int(m.group(2), 16)) for m in map(FRAME.match, lines) if m]
    tool = shutil.which(SYMBOLIZER)
    if not frames or tool is None:
        return []
    # Frames are return addresses (the call is the instruction before), except the faulting
    # instruction of an exception report, which the report also prints as ELR.
    faulting = {int(m.group(1), 16) for m in map(ELR.match, lines) if m}
    queries = [hex(addr if addr in faulting else addr - 4) for _, addr in frames]
    try:
        out = subprocess.run([tool, f"--obj={kernel}", "--demangle", "--inlining=false"],
                             input="\n".join(queries) + "\n", capture_output=True, text=True,
                             timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    answers = [block.splitlines() for block in out.strip().split("\n\n")]
    result = []
    for (depth, addr), answer in zip(frames, answers):
        function = answer[0] if answer else "??"
        where = _short_path(answer[1]) if len(answer) > 1 else "??"
        result.append(f"  #{depth} 0x{addr:016x} {function} at {where}")
    return result


def _short_path(location: str) -> str:
    """`/proc/self/cwd/./kernel/x.cc:10:19` -> `kernel/x.cc:10` (workspace-relative)."""
    path, _, rest = location.partition(":")
    line = rest.split(":")[0]
    path = re.sub(r"^(/proc/self/cwd/)?(\./)*", "", path)
    return f"{path}:{line}" if line and line != "0" else path
