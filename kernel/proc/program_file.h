// An executable file as the loader sees it: its size, a way to read any part
// of it, and — when the file's contents sit in page-aligned pages (the
// initramfs) — the kernel address of each page, so read-only segments can be
// mapped without copying.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma::proc {

struct ProgramFile {
  uint64_t size = 0;
  const void* ctx = nullptr;
  // Copies [offset, offset + len) of the file; kMalformed past its end.
  Result<void> (*read)(const void* ctx, uint64_t offset, void* out, size_t len) = nullptr;
  // The kernel address of the file's 4 KiB page `index` (zero-filled past the
  // end of the file), or 0 when pages cannot be shared.
  uint64_t (*page)(const void* ctx, uint64_t index) = nullptr;
};

// Finds the program at `path` (absolute, or relative to `cwd`). kNotFound,
// kNotDirectory, kAccessDenied (not a regular executable file), ...
// `resolved` receives the absolute path (for /proc/self/exe).
Result<ProgramFile> open_program(const char* path, void* cwd, char* resolved, size_t resolved_size);

}  // namespace akuma::proc
