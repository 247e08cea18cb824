#include "kernel/proc/pipe.h"

#include "kernel/mm/memory.h"
#include "kernel/proc/byte_ring.h"
#include "kernel/sched/readiness.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sched/wait_queue.h"

namespace akuma::proc {
namespace {

using sched::SchedLock;
using sched::Wait;

constexpr int kReadOnlyFlag = 0;   // O_RDONLY
constexpr int kWriteOnlyFlag = 1;  // O_WRONLY
constexpr int kNonBlockFlag = 04000;
constexpr uint32_t kFifoMode = 0010000 | 0600;  // S_IFIFO, rw-------

struct Pipe {
  ByteRing<kPipeCapacity> ring;  // sched lock
  int readers = 1;               // open reader ends; sched lock
  int writers = 1;               // open writer ends; sched lock
  bool terminal = false;         // fixed
  uint64_t ino = 0;              // fixed
  sched::WaitQueue readable;     // readers waiting for data or EOF
  sched::WaitQueue writable;     // writers waiting for room or EPIPE
};

uint64_t next_ino = 1;  // sched lock

Pipe& pipe_of(OpenFile& f) { return *static_cast<Pipe*>(f.data); }

Result<size_t> pipe_read(OpenFile& f, char* buf, size_t len) {
  Pipe& p = pipe_of(f);
  if (len == 0) return size_t{0};
  SchedLock lock;
  while (p.ring.size() == 0) {
    if (p.writers == 0) return size_t{0};
    if (f.nonblocking()) return Error::kWouldBlock;
    TRY(p.readable.wait(Wait::kInterruptible));
  }
  size_t n = p.ring.pop(buf, len);
  p.writable.wake_all();
  sched::readiness_changed(reinterpret_cast<uintptr_t>(&p));
  return n;
}

Result<size_t> pipe_write(OpenFile& f, const char* buf, size_t len) {
  Pipe& p = pipe_of(f);
  if (len == 0) return size_t{0};
  SchedLock lock;
  size_t done = 0;
  while (done < len) {
    if (p.readers == 0) return done ? Result<size_t>(done) : Result<size_t>(Error::kBrokenPipe);
    size_t left = len - done;
    // Up to PIPE_BUF bytes go in one piece: wait until all of it fits.
    size_t need = left <= kPipeAtomic ? left : 1;
    if (p.ring.space() >= need) {
      done += p.ring.push(buf + done, left);
      p.readable.wake_all();
      sched::readiness_changed(reinterpret_cast<uintptr_t>(&p));
      continue;
    }
    if (f.nonblocking()) return done ? Result<size_t>(done) : Result<size_t>(Error::kWouldBlock);
    Result<void> w = p.writable.wait(Wait::kInterruptible);
    if (!w.ok()) return done ? Result<size_t>(done) : Result<size_t>(w.error());
  }
  return done;
}

uint32_t pipe_poll(OpenFile& f) {
  Pipe& p = pipe_of(f);
  SchedLock lock;
  uint32_t r = 0;
  if (f.readable()) {
    if (p.ring.size() != 0) r |= kReadable;
    if (p.writers == 0) r |= kHangup;  // Linux: POLLHUP once every writer is gone
  } else {
    if (p.ring.space() >= kPipeAtomic || p.ring.space() == kPipeCapacity) r |= kWritable;
    if (p.readers == 0) r |= kErrorReady;  // Linux: POLLERR once every reader is gone
  }
  return r;
}

bool pipe_is_terminal(const OpenFile& f) { return static_cast<const Pipe*>(f.data)->terminal; }

void pipe_stat(OpenFile& f, FileStat* out) {
  out->ino = pipe_of(f).ino;
  out->mode = kFifoMode;
  out->dev_minor = 12;  // Linux's pipefs is an anonymous device too
}

void close_end(OpenFile& f, bool reader) {
  Pipe* p = &pipe_of(f);
  bool last;
  {
    SchedLock lock;
    (reader ? p->readers : p->writers) -= 1;
    last = p->readers == 0 && p->writers == 0;
    // The other side learns at once: EOF for readers, EPIPE for writers.
    p->readable.wake_all();
    p->writable.wake_all();
    sched::readiness_changed(reinterpret_cast<uintptr_t>(p));
  }
  if (last) delete p;
}

void pipe_close_reader(OpenFile& f) { close_end(f, true); }
void pipe_close_writer(OpenFile& f) { close_end(f, false); }

const FileOps kPipeReaderOps{"pipe", pipe_read, nullptr, nullptr, pipe_poll, pipe_is_terminal, pipe_stat,
                             pipe_close_reader};
const FileOps kPipeWriterOps{"pipe", nullptr, pipe_write, nullptr, pipe_poll, pipe_is_terminal, pipe_stat,
                             pipe_close_writer};

}  // namespace

Result<PipeEnds> make_pipe(int flags, bool terminal) {
  auto* p = new (fallible) Pipe;
  if (!p) return Error::kNoMemory;
  p->terminal = terminal;
  {
    SchedLock lock;
    p->ino = next_ino++;
  }
  int nonblock = flags & kNonBlockFlag;
  auto reader = open_file(&kPipeReaderOps, p, kReadOnlyFlag | nonblock);
  if (!reader.ok()) {
    delete p;
    return reader.error();
  }
  auto writer = open_file(&kPipeWriterOps, p, kWriteOnlyFlag | nonblock);
  if (!writer.ok()) {
    p->writers = 0;  // the reader's release frees the pipe
    release(reader.value());
    return writer.error();
  }
  return PipeEnds{reader.value(), writer.value()};
}

}  // namespace akuma::proc
