#include "kernel/proc/exec_args.h"

#include "kernel/lib/string.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"

namespace akuma::proc {

Result<ExecArgs*> ExecArgs::create() {
  auto* a = new (fallible) ExecArgs;
  if (!a) return Error::kNoMemory;
  a->buf_ = new (fallible) char[kMaxArgBytes];
  a->offsets_ = new (fallible) uint32_t[kMaxArgStrings];
  if (!a->buf_ || !a->offsets_) {
    destroy(a);
    return Error::kNoMemory;
  }
  return a;
}

void ExecArgs::destroy(ExecArgs* args) {
  if (!args) return;
  delete[] args->buf_;
  delete[] args->offsets_;
  delete args;
}

Result<char*> ExecArgs::reserve(size_t len, Kind kind) {
  if (kind == Kind::kArgv && envc_ != 0) return Error::kInvalidArgument;
  if (argc_ + envc_ == kMaxArgStrings || len > kMaxArgBytes - used_) return Error::kTooBig;
  offsets_[argc_ + envc_] = static_cast<uint32_t>(used_);
  ++(kind == Kind::kArgv ? argc_ : envc_);
  char* at = buf_ + used_;
  used_ += len;
  return at;
}

Result<void> ExecArgs::add(const char* s, Kind kind) {
  size_t len = string_length(s) + 1;
  char* at = TRY(reserve(len, kind));
  __builtin_memcpy(at, s, len);
  return {};
}

Result<void> ExecArgs::add_user_vector(AddressSpace& space, uint64_t uvector, Kind kind) {
  if (uvector == 0) return {};
  for (size_t i = 0;; ++i) {
    uint64_t ptr = TRY((UserPtr<uint64_t>{uvector + i * sizeof(uint64_t)}.read(space)));
    if (ptr == 0) return {};
    if (argc_ + envc_ == kMaxArgStrings) return Error::kTooBig;
    // Copy straight into the buffer; what does not fit is E2BIG.
    auto len = copy_string_from_user(space, buf_ + used_, ptr, kMaxArgBytes - used_);
    if (!len.ok()) return len.error() == Error::kRange ? Error::kTooBig : len.error();
    TRY(reserve(len.value() + 1, kind));
  }
}

}  // namespace akuma::proc
