// A process channel: the live byte streams between a process and whoever
// started it. Output written by the program is readable at once (no
// buffering until exit); when the buffer is full the writer blocks until the
// reader catches up, so nothing is lost. At exit the channel is closed:
// readers drain what is left, then see end of stream.
//
// Locking: every field is guarded by the sched lock (IRQs masked, single
// core); the methods take it.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"
#include "kernel/proc/byte_ring.h"
#include "kernel/sched/wait_queue.h"
#include "kernel/syscall/abi.h"

namespace akuma::proc {

class Channel {
 public:
  explicit Channel(abi::Stdio mode) : mode_(mode) {}

  // The program's side. write_output blocks (interruptibly) while full.
  Result<size_t> write_output(const char* p, size_t n);
  // Blocks until input arrives or the input is closed (0 = end of input).
  Result<size_t> read_input(char* p, size_t n);

  // The reader's side (parent or PID 0). read_output blocks until output
  // arrives or the channel closes (0 = the program exited and all was read).
  Result<size_t> read_output(char* p, size_t n);
  // Queues input without blocking; returns how much fit.
  size_t write_input(const char* p, size_t n);
  void close_input();

  // At exit: no more output; wake everyone waiting on the channel.
  void close();

 private:
  const abi::Stdio mode_;
  ByteRing<4096> out_;            // sched lock
  ByteRing<1024> in_;             // sched lock
  bool closed_ = false;           // sched lock
  bool input_closed_ = false;     // sched lock
  sched::WaitQueue out_readers_;  // wait for output or close
  sched::WaitQueue out_writers_;  // wait for space
  sched::WaitQueue in_readers_;   // wait for input
};

}  // namespace akuma::proc
