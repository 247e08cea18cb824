#include "kernel/fs/arena.h"

#include "kernel/mm/page_allocator.h"

namespace akuma::fs {

Result<Arena::Chunk*> Arena::new_chunk(size_t pages) {
  uint64_t address = TRY(source_.alloc(source_.ctx, pages));
  auto* chunk = reinterpret_cast<Chunk*>(address);
  chunk->next = chunks_;
  chunk->pages = pages;
  chunks_ = chunk;
  pages_held_ += pages;
  return chunk;
}

Result<void*> Arena::alloc(size_t size, size_t align) {
  constexpr size_t kHeader = align_up(sizeof(Chunk), 16);
  if (size == 0) size = 1;
  uintptr_t start = align_up(cursor_, align);
  if (cursor_ == 0 || start > limit_ || size > limit_ - start) {
    if (size > kPageSize - kHeader) {
      // Pages of its own; the current chunk keeps serving small requests.
      if (size > SIZE_MAX - kHeader - kPageSize) return Error::kNoMemory;
      size_t pages = align_up(kHeader + size, kPageSize) / kPageSize;
      Chunk* chunk = TRY(new_chunk(pages));
      void* p = reinterpret_cast<uint8_t*>(chunk) + kHeader;
      __builtin_memset(p, 0, size);
      return p;
    }
    Chunk* chunk = TRY(new_chunk(1));
    cursor_ = reinterpret_cast<uintptr_t>(chunk) + kHeader;
    limit_ = reinterpret_cast<uintptr_t>(chunk) + kPageSize;
    start = align_up(cursor_, align);
  }
  cursor_ = start + size;
  void* p = reinterpret_cast<void*>(start);
  __builtin_memset(p, 0, size);
  return p;
}

void Arena::release() {
  Chunk* chunk = chunks_;
  while (chunk) {
    Chunk* next = chunk->next;
    source_.free(source_.ctx, reinterpret_cast<uint64_t>(chunk), chunk->pages);
    chunk = next;
  }
  chunks_ = nullptr;
  cursor_ = limit_ = 0;
  pages_held_ = 0;
}

}  // namespace akuma::fs
