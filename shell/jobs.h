// The shell's job table: the programs it started and has not reaped yet, with
// the command line that started them. Pure logic, host tested.
#pragma once

#include <stddef.h>

namespace akuma::shell {

class JobTable {
 public:
  static constexpr size_t kMaxJobs = 16;
  static constexpr size_t kMaxCommand = 64;  // longer command lines end in "..."

  struct Job {
    int pid;
    bool background;
    char command[kMaxCommand];
    void* input;  // the shell's end of the job's stdin (opaque here), or nullptr
  };

  // Records a job started by argv (NULL-terminated); false when the table is
  // full or the pid is already there.
  bool add(int pid, bool background, const char* const* argv);
  Job* find(int pid);
  bool remove(int pid);

  // Jobs in the order they were started.
  size_t size() const { return count_; }
  const Job& at(size_t i) const { return jobs_[i]; }
  size_t background_count() const;

 private:
  Job jobs_[kMaxJobs] = {};
  size_t count_ = 0;
};

// Joins argv with single spaces into out (size n, NUL-terminated); a line
// that does not fit ends in "...".
void join_command(const char* const* argv, char* out, size_t n);

}  // namespace akuma::shell
