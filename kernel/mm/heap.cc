#include "kernel/mm/heap.h"

#include "kernel/mm/page_allocator.h"

namespace akuma {

// Layout: a chunk is a run of pages beginning with a Chunk header, followed
// by blocks that tile the rest of it exactly. Each Block header records its
// size (header included) and whether it is free; free blocks of a chunk are
// found by walking the chunk, which keeps the headers small and coalescing
// trivial. Chunks are few (64 KiB each), so the walk is short.
struct Heap::Block {
  static constexpr uint32_t kMagicUsed = 0xa110c8ed;
  static constexpr uint32_t kMagicFree = 0xf4eeb10c;
  uint64_t size;   // whole block, header included, multiple of kAlign
  uint32_t magic;  // kMagicUsed / kMagicFree: catches bad and double frees
  uint32_t chunk_offset;  // distance back to the owning Chunk header
  uint8_t* payload() { return reinterpret_cast<uint8_t*>(this) + sizeof(Block); }
  Block* next() { return reinterpret_cast<Block*>(reinterpret_cast<uint8_t*>(this) + size); }
};

struct Heap::Chunk {
  Chunk* next;
  uint64_t pages;
  uint64_t live;  // allocated blocks in this chunk
  uint64_t pad;
  Block* first() { return reinterpret_cast<Block*>(reinterpret_cast<uint8_t*>(this) + sizeof(Chunk)); }
  uint8_t* end() { return reinterpret_cast<uint8_t*>(this) + pages * kPageSize; }
};

Result<void> Heap::grow(size_t min_bytes) {
  size_t need = sizeof(Chunk) + sizeof(Block) + min_bytes;
  size_t pages = (need + kPageSize - 1) / kPageSize;
  if (pages < kChunkPages) pages = kChunkPages;
  uint64_t addr = TRY(source_.alloc(source_.ctx, pages));
  auto* chunk = reinterpret_cast<Chunk*>(addr);
  chunk->pages = pages;
  chunk->live = 0;
  chunk->next = chunks_;
  chunks_ = chunk;
  Block* b = chunk->first();
  b->size = pages * kPageSize - sizeof(Chunk);
  b->magic = Block::kMagicFree;
  b->chunk_offset = static_cast<uint32_t>(reinterpret_cast<uint8_t*>(b) - reinterpret_cast<uint8_t*>(chunk));
  stats_.chunk_pages += pages;
  return {};
}

Result<void*> Heap::alloc(size_t size) {
  static_assert(sizeof(Block) == kAlign && sizeof(Chunk) % kAlign == 0, "payloads stay 16-aligned");
  if (size == 0) size = 1;
  if (size > (1ull << 30)) return Error::kNoMemory;
  size_t want = align_up(size, kAlign) + sizeof(Block);
  for (int attempt = 0; attempt < 2; ++attempt) {
    for (Chunk* c = chunks_; c; c = c->next) {
      for (Block* b = c->first(); reinterpret_cast<uint8_t*>(b) < c->end(); b = b->next()) {
        if (b->magic != Block::kMagicFree) continue;
        // Merge following free blocks lazily, so free() stays O(1).
        while (reinterpret_cast<uint8_t*>(b->next()) < c->end() && b->next()->magic == Block::kMagicFree) {
          b->size += b->next()->size;
        }
        if (b->size < want) continue;
        if (b->size - want >= sizeof(Block) + kAlign) {
          Block* rest = reinterpret_cast<Block*>(reinterpret_cast<uint8_t*>(b) + want);
          rest->size = b->size - want;
          rest->magic = Block::kMagicFree;
          rest->chunk_offset = static_cast<uint32_t>(reinterpret_cast<uint8_t*>(rest) - reinterpret_cast<uint8_t*>(c));
          b->size = want;
        }
        b->magic = Block::kMagicUsed;
        ++c->live;
        stats_.bytes_in_use += b->size - sizeof(Block);
        ++stats_.allocations;
        return static_cast<void*>(b->payload());
      }
    }
    if (attempt == 0) TRY(grow(want));
  }
  return Error::kNoMemory;
}

Result<void> Heap::free(void* p) {
  if (!p) return {};
  if (reinterpret_cast<uintptr_t>(p) % kAlign) return Error::kInvalidArgument;
  auto* b = reinterpret_cast<Block*>(static_cast<uint8_t*>(p) - sizeof(Block));
  if (b->magic != Block::kMagicUsed) return Error::kInvalidArgument;
  auto* c = reinterpret_cast<Chunk*>(reinterpret_cast<uint8_t*>(b) - b->chunk_offset);
  b->magic = Block::kMagicFree;
  --c->live;
  stats_.bytes_in_use -= b->size - sizeof(Block);
  --stats_.allocations;
  release_chunk_if_empty(c);
  return {};
}

size_t Heap::usable_size(const void* p) const {
  const auto* b = reinterpret_cast<const Block*>(static_cast<const uint8_t*>(p) - sizeof(Block));
  return b->size - sizeof(Block);
}

void Heap::release_chunk_if_empty(Chunk* chunk) {
  if (chunk->live != 0) return;
  for (Chunk** link = &chunks_; *link; link = &(*link)->next) {
    if (*link == chunk) {
      *link = chunk->next;
      stats_.chunk_pages -= chunk->pages;
      source_.free(source_.ctx, reinterpret_cast<uint64_t>(chunk), chunk->pages);
      return;
    }
  }
}

}  // namespace akuma
