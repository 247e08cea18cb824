// Pipes: the kernel object behind pipe2() and behind the standard streams
// the shell gives its jobs (it keeps the other ends). A 64 KiB byte FIFO
// (Linux's default capacity) with a reader end and a writer end, each an
// OpenFile that may be shared by any number of descriptors in any number of
// processes.
//
//  - read blocks while the pipe is empty and some writer is open; with every
//    writer closed it returns what is left, then 0 (end of file).
//  - write blocks while the pipe is full and some reader is open; with every
//    reader closed it fails with kBrokenPipe (EPIPE; the syscall layer sends
//    SIGPIPE). Writes of at most 4096 bytes (PIPE_BUF) are atomic: they wait
//    for room for all of it. Larger ones may be split; a blocked writer that
//    is interrupted returns what it wrote, or kInterrupted if nothing.
//  - O_NONBLOCK: kWouldBlock instead of blocking.
//  - Closing the last reader wakes blocked writers (EPIPE), closing the last
//    writer wakes blocked readers (EOF): a process blocked on a pipe whose
//    other side died is never left hanging.
// A "terminal" pipe also answers TCGETS like a tty, so programs writing to
// the shell's job pipes line-buffer as they would on a console.
//
// Locking: the sched lock (IRQs masked) around every state change and the
// wait that follows a check, so no wake-up is lost.
#pragma once

#include <stddef.h>

#include "kernel/lib/result.h"
#include "kernel/proc/file.h"

namespace akuma::proc {

constexpr size_t kPipeCapacity = 65536;
constexpr size_t kPipeAtomic = 4096;  // PIPE_BUF

struct PipeEnds {
  OpenFile* reader;
  OpenFile* writer;
};

// A new pipe; each end has one reference (the caller's). `flags` may hold
// O_NONBLOCK for both ends.
Result<PipeEnds> make_pipe(int flags, bool terminal = false);

}  // namespace akuma::proc
