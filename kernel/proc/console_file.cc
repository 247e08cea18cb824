#include "kernel/proc/console_file.h"

#include "kernel/arch/aarch64/pl011.h"
#include "kernel/console/console.h"
#include "kernel/sched/readiness.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sched/wait_queue.h"

namespace akuma::proc {
namespace {

using sched::SchedLock;

sched::WaitQueue console_readers;  // blocked readers of the console

void on_rx() {  // IRQ context
  console_readers.wake_all();
  sched::readiness_changed(0);  // the console's source: its OpenFile data is nullptr
}

// console_read_char (the shell's input thread): the check and the wait
// happen under the sched lock, which the receive interrupt's wake-up also
// takes, so a byte cannot slip between them (on any CPU).
char read_console_char() {
  SchedLock lock;
  for (;;) {
    int c = arch::pl011::try_getc();
    if (c >= 0) return static_cast<char>(c);
    (void)console_readers.wait(sched::Wait::kUninterruptible);
  }
}

Result<size_t> console_read(OpenFile& f, char* buf, size_t len) {
  if (len == 0) return size_t{0};
  SchedLock lock;
  size_t n = 0;
  for (;;) {
    int c;
    while (n < len && (c = arch::pl011::try_getc()) >= 0) buf[n++] = static_cast<char>(c);
    if (n) return n;
    if (f.nonblocking()) return Error::kWouldBlock;
    TRY(console_readers.wait(sched::Wait::kInterruptible));
  }
}

Result<size_t> console_file_write(OpenFile&, const char* buf, size_t len) {
  console_write(buf, len);
  return len;
}

uint32_t console_poll(OpenFile&) {
  SchedLock lock;
  return kWritable | (arch::pl011::rx_pending() ? kReadable : 0);
}

bool console_is_terminal(const OpenFile&) { return true; }

void console_stat(OpenFile&, FileStat* out) {
  out->ino = 1;
  out->mode = 0020000 | 0600;  // S_IFCHR, rw-------
  out->rdev_major = 5;         // /dev/console is 5:1
  out->rdev_minor = 1;
  out->dev_minor = 6;          // devtmpfs, as Linux reports it
}

const FileOps kConsoleOps{"console", console_read, console_file_write, nullptr, console_poll,
                          console_is_terminal, console_stat, nullptr};

}  // namespace

Result<OpenFile*> open_console(int flags) { return open_file(&kConsoleOps, nullptr, flags); }

void install_console_input() {
  arch::pl011::set_rx_callback(on_rx);
  set_console_reader(read_console_char);
}

}  // namespace akuma::proc
