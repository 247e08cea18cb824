#include "shell/jobs.h"

namespace akuma::shell {

void join_command(const char* const* argv, char* out, size_t n) {
  if (n == 0) return;
  size_t w = 0;
  bool cut = false;
  for (size_t i = 0; argv[i] && !cut; ++i) {
    const char* word = argv[i];
    if (i > 0) {
      if (w + 1 >= n) cut = true;
      else out[w++] = ' ';
    }
    for (size_t k = 0; word[k] && !cut; ++k) {
      if (w + 1 >= n) cut = true;
      else out[w++] = word[k];
    }
  }
  if (cut && n > 4) w = n - 4, out[w++] = '.', out[w++] = '.', out[w++] = '.';
  out[w] = '\0';
}

bool JobTable::add(int pid, bool background, const char* const* argv) {
  if (count_ == kMaxJobs || find(pid)) return false;
  Job& j = jobs_[count_++];
  j.pid = pid;
  j.background = background;
  j.input = nullptr;
  join_command(argv, j.command, kMaxCommand);
  return true;
}

JobTable::Job* JobTable::find(int pid) {
  for (size_t i = 0; i < count_; ++i) {
    if (jobs_[i].pid == pid) return &jobs_[i];
  }
  return nullptr;
}

bool JobTable::remove(int pid) {
  for (size_t i = 0; i < count_; ++i) {
    if (jobs_[i].pid != pid) continue;
    for (size_t k = i + 1; k < count_; ++k) jobs_[k - 1] = jobs_[k];
    --count_;
    return true;
  }
  return false;
}

size_t JobTable::background_count() const {
  size_t n = 0;
  for (size_t i = 0; i < count_; ++i) n += jobs_[i].background ? 1 : 0;
  return n;
}

}  // namespace akuma::shell
