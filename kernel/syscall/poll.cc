// ppoll and pselect6 over any descriptors: pipes, terminals, sockets, files.
//
// Validate (sizes, timeout, the user arrays readable and writable), then
// scan every descriptor's readiness (FileOps::poll); if nothing is ready and
// time remains, wait on the one readiness queue (sched/readiness.h) for the
// sources of the scanned files (a pipe, terminal or socket says when its
// readiness may change), and scan again. IRQs stay masked from the scan to the wait, so no wake-up is
// lost. A kill interrupts the wait: EINTR (never restarted, as Linux).
#include "kernel/mm/address_space.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/sched/readiness.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/linux_abi.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

constexpr uint16_t kAlwaysReported = abi::kPollerr | abi::kPollhup | abi::kPollnval;
constexpr uint64_t kNsPerSec = 1000000000ull;

// Readiness of one descriptor as poll(2) bits; POLLNVAL when not open. Adds
// its source (readiness.h: the file's data) to `sources`.
uint16_t readiness(int fd, uint64_t& sources) {
  auto f = proc::current_process().fds.get(fd);
  if (!f.ok()) return abi::kPollnval;
  proc::OpenFile& file = *f.value();
  sources |= sched::readiness_bit(reinterpret_cast<uintptr_t>(file.data));
  uint32_t r = file.ops->poll ? file.ops->poll(file) : (proc::kReadable | proc::kWritable);
  uint16_t out = 0;
  if (r & proc::kReadable) out |= abi::kPollin | abi::kPollrdnorm;
  if (r & proc::kWritable) out |= abi::kPollout | abi::kPollwrnorm;
  if (r & proc::kErrorReady) out |= abi::kPollerr;
  if (r & proc::kHangup) out |= abi::kPollhup;
  return out;
}

// The deadline (ns since boot) for a relative timeout; 0 = none (wait
// forever), UINT64_MAX... never: a zero timeout is `once`.
struct Timeout {
  bool once = false;       // check and return
  uint64_t deadline = 0;   // 0: no deadline
};

Result<Timeout> read_timeout(uint64_t uts) {
  Timeout t;
  if (uts == 0) return t;
  abi::Timespec ts = TRY(UserPtr<abi::Timespec>{uts}.read(user_space()));
  if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= static_cast<int64_t>(kNsPerSec)) return Error::kInvalidArgument;
  if (ts.sec == 0 && ts.nsec == 0) {
    t.once = true;
    return t;
  }
  uint64_t now = sched::now_ns();
  uint64_t span = static_cast<uint64_t>(ts.sec) > (~0ull - now) / kNsPerSec
                      ? ~0ull - now
                      : static_cast<uint64_t>(ts.sec) * kNsPerSec + static_cast<uint64_t>(ts.nsec);
  t.deadline = now + span;
  return t;
}

// ppoll/pselect6's sigmask argument: the mask while the call waits. When
// a signal interrupts the wait (EINTR), the old mask comes back only after
// the handler has run (its frame records it), so a signal the temporary
// mask let in is taken; otherwise it comes back at once (with_mask_return).
Result<void> apply_mask(uint64_t uset, uint64_t size) {
  if (uset == 0) return {};
  if (size != sizeof(uint64_t)) return Error::kInvalidArgument;
  uint64_t set = TRY(UserPtr<uint64_t>{uset}.read(user_space()));
  proc::set_temporary_mask(set);
  return {};
}

int64_t with_mask_return(const Result<size_t>& r) {
  if (r.ok() || r.error() != Error::kInterrupted) proc::restore_temporary_mask();
  return to_return(r);
}

// Scans with `scan` (returns the number ready, adds the scanned files'
// readiness sources to its argument) until something is ready,
// the timeout passes (0) or a kill interrupts (kInterrupted).
template <typename Scan>
Result<size_t> wait_ready(const Timeout& t, Scan scan) {
  for (;;) {
    // The generation first, then the scan (without the sched lock: a
    // socket's readiness takes the net lock), then the wait only if nothing
    // changed since: a change after the read ends the wait at once.
    uint64_t seen = sched::readiness_generation();
    uint64_t sources = 0;
    size_t ready = scan(sources);
    if (ready || t.once) return ready;
    if (t.deadline && sched::now_ns() >= t.deadline) return size_t{0};
    Result<void> w = sched::wait_readiness(seen, sources, sched::Wait::kInterruptible, t.deadline);
    if (!w.ok() && w.error() == Error::kTimedOut) return scan(sources);
    if (!w.ok()) return w.error();
  }
}

}  // namespace

int64_t sys_ppoll(const Args& a) {
  uint64_t ufds = a.a[0];
  uint64_t n = a.a[1];
  auto r = [&]() -> Result<size_t> {
    if (n > static_cast<uint64_t>(proc::FdTable::kMaxFds)) return Error::kInvalidArgument;
    Timeout t = TRY(read_timeout(a.a[2]));
    TRY(apply_mask(a.a[3], a.a[4]));
    size_t bytes = n * sizeof(abi::Pollfd);
    uint64_t page = 0;
    abi::Pollfd* fds = nullptr;
    if (n) {
      page = TRY(alloc_pages(1));  // 256 entries of 8 bytes fit
      fds = reinterpret_cast<abi::Pollfd*>(page);
    }
    auto polled = [&]() -> Result<size_t> {
      if (n) {
        TRY(copy_from_user(user_space(), fds, ufds, bytes));
        TRY(check_user_writable(user_space(), ufds, bytes));  // the result is never lost
      }
      size_t ready = TRY(wait_ready(t, [&](uint64_t& sources) {
        size_t count = 0;
        for (size_t i = 0; i < n; ++i) {
          fds[i].revents = 0;
          if (fds[i].fd < 0) continue;
          uint16_t got = readiness(fds[i].fd, sources);
          fds[i].revents = static_cast<int16_t>(got & (static_cast<uint16_t>(fds[i].events) | kAlwaysReported));
          if (fds[i].revents) ++count;
        }
        return count;
      }));
      if (n) TRY(copy_to_user(user_space(), ufds, fds, bytes));
      return ready;
    }();
    if (page) free_pages(page);
    return polled;
  }();
  return with_mask_return(r);
}

int64_t sys_pselect6(const Args& a) {
  int nfds = a.i32(0);
  uint64_t uin = a.a[1], uout = a.a[2], uexc = a.a[3];
  constexpr int kMaxBits = proc::FdTable::kMaxFds;
  constexpr size_t kWords = kMaxBits / 64;
  auto r = [&]() -> Result<size_t> {
    if (nfds < 0) return Error::kInvalidArgument;
    if (nfds > kMaxBits) nfds = kMaxBits;  // descriptors beyond the table cannot be open
    size_t bytes = align_up(static_cast<uint64_t>(nfds), 64) / 8;
    Timeout t = TRY(read_timeout(a.a[4]));
    // The sixth argument points at {const sigset_t* ss; size_t ss_len}.
    if (a.a[5]) {
      uint64_t pair[2];
      TRY(copy_from_user(user_space(), pair, a.a[5], sizeof(pair)));
      TRY(apply_mask(pair[0], pair[1]));
    }
    uint64_t in[kWords] = {}, out[kWords] = {}, exc[kWords] = {};
    uint64_t* sets[3] = {in, out, exc};
    uint64_t usets[3] = {uin, uout, uexc};
    for (int s = 0; s < 3; ++s) {
      if (usets[s] && bytes) {
        TRY(copy_from_user(user_space(), sets[s], usets[s], bytes));
        TRY(check_user_writable(user_space(), usets[s], bytes));
      }
    }
    uint64_t rin[kWords], rout[kWords], rexc[kWords];
    bool bad_fd = false;
    size_t ready = TRY(wait_ready(t, [&](uint64_t& sources) {
      size_t count = 0;
      for (size_t w = 0; w < kWords; ++w) rin[w] = rout[w] = rexc[w] = 0;
      for (int fd = 0; fd < nfds; ++fd) {
        uint64_t bit = 1ull << (fd % 64);
        size_t w = fd / 64;
        if (!((in[w] | out[w] | exc[w]) & bit)) continue;
        uint16_t got = readiness(fd, sources);
        if (got & abi::kPollnval) {
          bad_fd = true;
          return size_t{1};
        }
        if ((in[w] & bit) && (got & (abi::kPollin | abi::kPollhup | abi::kPollerr))) rin[w] |= bit, ++count;
        if ((out[w] & bit) && (got & (abi::kPollout | abi::kPollerr))) rout[w] |= bit, ++count;
        if ((exc[w] & bit) && (got & abi::kPollpri)) rexc[w] |= bit, ++count;
      }
      return count;
    }));
    if (bad_fd) return Error::kBadDescriptor;
    uint64_t* results[3] = {rin, rout, rexc};
    for (int s = 0; s < 3; ++s) {
      if (usets[s] && bytes) TRY(copy_to_user(user_space(), usets[s], results[s], bytes));
    }
    return ready;
  }();
  return with_mask_return(r);
}

}  // namespace akuma::syscall
