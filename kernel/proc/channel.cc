#include "kernel/proc/channel.h"

#include "kernel/console/console.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;
using sched::Wait;

Result<size_t> Channel::write_output(const char* p, size_t n) {
  if (mode_ == abi::Stdio::kConsole) {
    console_write(p, n);
    return n;
  }
  SchedLock lock;
  size_t done = 0;
  while (done < n) {
    size_t pushed = out_.push(p + done, n - done);
    done += pushed;
    if (pushed) out_readers_.wake_all();
    if (done < n) {
      auto r = out_writers_.wait(Wait::kInterruptible);
      if (!r.ok()) return done ? Result<size_t>(done) : Result<size_t>(r.error());
    }
  }
  return done;
}

Result<size_t> Channel::read_input(char* p, size_t n) {
  SchedLock lock;
  while (in_.size() == 0 && !input_closed_) TRY(in_readers_.wait(Wait::kInterruptible));
  return in_.pop(p, n);
}

Result<size_t> Channel::read_output(char* p, size_t n) {
  SchedLock lock;
  while (out_.size() == 0 && !closed_) TRY(out_readers_.wait(Wait::kInterruptible));
  size_t got = out_.pop(p, n);
  if (got) out_writers_.wake_all();
  return got;
}

size_t Channel::write_input(const char* p, size_t n) {
  SchedLock lock;
  size_t pushed = in_.push(p, n);
  if (pushed) in_readers_.wake_all();
  return pushed;
}

void Channel::close_input() {
  SchedLock lock;
  input_closed_ = true;
  in_readers_.wake_all();
}

void Channel::close() {
  SchedLock lock;
  closed_ = true;
  input_closed_ = true;
  out_readers_.wake_all();
  out_writers_.wake_all();
  in_readers_.wake_all();
}

}  // namespace akuma::proc
