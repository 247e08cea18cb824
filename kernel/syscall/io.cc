// read / write on file descriptors: copy through a kernel buffer in chunks,
// delegate to the descriptor's ops (channel, console, later sockets).
#include "kernel/mm/address_space.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

constexpr size_t kChunk = 256;

}  // namespace

int64_t sys_write(const Args& a) {
  proc::Process& p = proc::current_process();
  uint64_t ubuf = a.a[1];
  size_t len = a.a[2];
  auto r = [&]() -> Result<size_t> {
    proc::File* f = TRY(p.fds.get(static_cast<int>(a.a[0])));
    if (!f->ops->write) return Error::kBadDescriptor;
    size_t done = 0;
    char buf[kChunk];
    while (done < len) {
      size_t n = min(len - done, kChunk);
      TRY(copy_from_user(*p.space, buf, ubuf + done, n));
      auto w = f->ops->write(*f, p, buf, n);
      if (!w.ok()) return done ? Result<size_t>(done) : Result<size_t>(w.error());
      done += w.value();
      if (w.value() < n) break;
    }
    return done;
  }();
  return to_return(r);
}

int64_t sys_read(const Args& a) {
  proc::Process& p = proc::current_process();
  uint64_t ubuf = a.a[1];
  size_t len = min<size_t>(a.a[2], kChunk);
  auto r = [&]() -> Result<size_t> {
    proc::File* f = TRY(p.fds.get(static_cast<int>(a.a[0])));
    if (!f->ops->read) return Error::kBadDescriptor;
    if (len == 0) return size_t{0};
    // Check the whole destination first, so input is never consumed and lost.
    TRY(check_user_writable(*p.space, ubuf, len));
    char buf[kChunk];
    size_t n = TRY(f->ops->read(*f, p, buf, len));
    TRY(copy_to_user(*p.space, ubuf, buf, n));
    return n;
  }();
  return to_return(r);
}

int64_t sys_close(const Args& a) {
  proc::Process& p = proc::current_process();
  return to_return(p.fds.close(static_cast<int>(a.a[0]), p));
}

}  // namespace akuma::syscall
