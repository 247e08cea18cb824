// Internal to kernel/syscall: moving bytes between user memory and an open
// file (read, write and their vector forms, socket send/recv on an fd).
// Transfers go through a kernel buffer in pieces; a reader's destination is
// checked before anything is consumed, so a bad pointer loses no input.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"
#include "kernel/proc/file.h"

namespace akuma::syscall {

// One read: blocks (unless O_NONBLOCK) until something is there, then
// returns what came, up to len. Regular files fill len up to their end.
Result<size_t> read_to_user(proc::OpenFile& f, uint64_t ubuf, size_t len);
Result<size_t> pread_to_user(proc::OpenFile& f, uint64_t ubuf, size_t len, uint64_t offset);
// Writes all of it unless interrupted, non-blocking or the reader went away
// (then what was written, or the error if nothing was).
Result<size_t> write_from_user(proc::OpenFile& f, uint64_t ubuf, size_t len);
// A write's result as the syscall returns it: EPIPE also raises SIGPIPE on
// the caller (unless `no_signal`, send's MSG_NOSIGNAL).
int64_t write_return(const Result<size_t>& r, bool no_signal = false);

}  // namespace akuma::syscall
