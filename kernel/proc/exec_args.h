// Internal to kernel/proc: the argument and environment strings of a program
// being started (collected from the caller's memory or from kernel strings
// before the old program goes), and the loaded program waiting to replace
// the current one.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/arch/aarch64/trap_frame.h"
#include "kernel/lib/result.h"
#include "kernel/proc/process.h"

namespace akuma::proc {

// argv then envp strings, NUL-terminated and back to back, within Linux-like
// limits (api.h: kMaxArgStrings, kMaxArgBytes; beyond them kTooBig = E2BIG).
class ExecArgs {
 public:
  enum class Kind : uint8_t { kArgv, kEnvp };

  static Result<ExecArgs*> create();
  static void destroy(ExecArgs* args);

  // Every argv string must be added before the first envp string.
  Result<void> add(const char* s, Kind kind);
  // A NULL-terminated vector of string pointers in user memory (0 = empty).
  Result<void> add_user_vector(AddressSpace& space, uint64_t uvector, Kind kind);

  size_t argc() const { return argc_; }
  size_t envc() const { return envc_; }
  size_t bytes() const { return used_; }
  const char* strings() const { return buf_; }
  uint64_t offset(size_t i) const { return offsets_[i]; }  // of string i (argv, then envp)

 private:
  ExecArgs() = default;
  Result<char*> reserve(size_t len, Kind kind);

  char* buf_ = nullptr;
  uint32_t* offsets_ = nullptr;
  size_t used_ = 0;
  size_t argc_ = 0;
  size_t envc_ = 0;
};

// Where the argument and environment strings are in the new program's memory.
struct ArgArea {
  uint64_t arg_start = 0, arg_end = 0, env_start = 0, env_end = 0;
};

struct LoadedProgram {
  AddressSpace* space = nullptr;
  arch::TrapFrame frame{};
  ArgArea args;
  char exe[kPathMax] = {};
};

// Builds the program at `path` into a new address space (nothing of the
// caller changes). kNotFound, kAccessDenied, kNotExecutable (ENOEXEC), ...
Result<LoadedProgram> load_program(const char* path, void* cwd, const ExecArgs& args);
// Makes `p` run the loaded program (takes the space over).
void commit_program(Process& p, LoadedProgram& program, const char* path);

}  // namespace akuma::proc
