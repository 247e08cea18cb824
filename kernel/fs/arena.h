// Bump allocation over pages from a PageSource, all given back at once.
//
// A tree is built once and then only read, so its nodes, names and directory
// tables need no individual frees: they come from an arena, and release()
// returns every page. Allocations are zero-filled.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"
#include "kernel/mm/heap.h"

namespace akuma::fs {

class Arena {
 public:
  void init(PageSource source) { source_ = source; }

  // `size` zeroed bytes aligned to `align` (a power of two, at most 16).
  // Requests larger than a page get pages of their own.
  Result<void*> alloc(size_t size, size_t align);

  template <typename T>
  Result<T*> make() {
    void* p = TRY(alloc(sizeof(T), alignof(T)));
    return new (p) T();
  }

  // Every page back to the source; the arena is empty afterwards.
  void release();

  size_t pages_held() const { return pages_held_; }

 private:
  struct Chunk {
    Chunk* next;
    size_t pages;
  };
  Result<Chunk*> new_chunk(size_t pages);

  PageSource source_{};
  Chunk* chunks_ = nullptr;
  uintptr_t cursor_ = 0;  // free space of the current chunk: [cursor_, limit_)
  uintptr_t limit_ = 0;
  size_t pages_held_ = 0;
};

}  // namespace akuma::fs
