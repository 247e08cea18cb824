// Small helpers shared by the process test programs (PID 0 code).
#pragma once

#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/lib/format.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"

namespace akuma::proc::test {

inline const char* yes(bool b) { return b ? "yes" : "no"; }

// "exit code N" the way a shell shows it (137 for a kill).
inline int code(int status) { return shell_exit_code(status); }

// A started program and, for Stdio::kJob, the test's ends of its stdin and
// stdout (released when the Job goes).
struct Job {
  Pid pid = 0;
  JobStreams io;
  Job() = default;
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;
  ~Job() { close(); }
  // Gives the test's ends of the job's streams back (its pipes then go when
  // the job's ends do).
  void close() {
    if (io.input) release(io.input);
    if (io.output) release(io.output);
    io = JobStreams{};
  }
  // The job's output as it comes: blocks until some arrives; 0 at its end.
  Result<size_t> read(char* buf, size_t len) { return io.output->ops->read(*io.output, buf, len); }
  Result<size_t> write(const char* buf, size_t len) { return io.input->ops->write(*io.input, buf, len); }
};

// Starts /bin/NAME (argv may be nullptr: {name}) or stops the test with a
// clear line.
inline void must_start(Job& job, const char* name, const char* const* argv = nullptr,
                       Stdio stdio = Stdio::kConsole) {
  char path[64];
  format_to(path, sizeof(path), "/bin/%s", name);
  const char* only_name[] = {name, nullptr};
  auto r = spawn(path, argv ? argv : only_name, nullptr, stdio, stdio == Stdio::kConsole ? nullptr : &job.io);
  if (!r.ok()) {
    kprintf("FAIL: spawn '%s': %s\n", name, error_name(r.error()));
    power_off(1);
  }
  job.pid = r.value();
}

inline Pid must_spawn(const char* name, const char* const* argv = nullptr) {
  Job job;
  must_start(job, name, argv);
  return job.pid;
}

inline WaitResult must_wait(Pid pid) {
  auto r = wait4(pid, 0);
  if (!r.ok()) {
    kprintf("FAIL: wait4(%d): %s\n", pid, error_name(r.error()));
    power_off(1);
  }
  return r.value();
}

// A state as the tests print it: ready and running are one, "runnable"
// (which of them depends on how many CPUs there are to run it).
inline const char* state_name(ProcessState s) {
  return s == ProcessState::kReady || s == ProcessState::kRunning ? "runnable" : process_state_name(s);
}

inline const char* state_of(Pid pid) {
  auto i = info(pid);
  return i.ok() ? state_name(i.value().state) : "gone";
}

// Memory in use right now, to compare against a baseline.
struct MemorySnapshot {
  size_t free_pages;
  size_t heap_bytes;
  static MemorySnapshot now() { return {free_page_count(), heap_stats().bytes_in_use}; }
  bool operator==(const MemorySnapshot& o) const {
    return free_pages == o.free_pages && heap_bytes == o.heap_bytes;
  }
};

}  // namespace akuma::proc::test
