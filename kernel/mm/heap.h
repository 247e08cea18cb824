// Kernel heap: first-fit over address-ordered free blocks, with coalescing.
// Memory comes from a page source in chunks; a chunk that becomes entirely
// free goes back to the source, so heap usage returns to its baseline after
// a workload. Pure logic, unit tested on the host with a fake page source.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma {

struct PageSource {
  void* ctx;
  Result<uint64_t> (*alloc)(void* ctx, size_t pages);
  void (*free)(void* ctx, uint64_t addr, size_t pages);
};

struct HeapStats {
  size_t bytes_in_use;     // payload bytes handed out and not yet freed
  size_t allocations;      // live allocations
  size_t chunk_pages;      // pages currently held from the page source
};

class Heap {
 public:
  static constexpr size_t kAlign = 16;
  static constexpr size_t kChunkPages = 16;  // 64 KiB unless a request needs more

  void init(PageSource source) { source_ = source; }

  Result<void*> alloc(size_t size);
  // Freeing nullptr is a no-op. Freeing a pointer the heap did not hand out
  // (or twice) is detected by the block header check and reported.
  Result<void> free(void* p);
  HeapStats stats() const { return stats_; }
  // The payload bytes of the block a live allocation got: at least what was asked for
  // (KASAN poisons the rest as the object's right redzone).
  size_t usable_size(const void* p) const;

 private:
  struct Block;
  struct Chunk;
  Result<void> grow(size_t min_bytes);
  void release_chunk_if_empty(Chunk* chunk);

  PageSource source_{};
  Chunk* chunks_ = nullptr;
  HeapStats stats_{};
};

}  // namespace akuma
