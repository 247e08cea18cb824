#include "kernel/mm/heap.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <vector>

#include "kernel/mm/page_allocator.h"

namespace akuma {
namespace {

// Pages from the host's allocator, with a limit so exhaustion can be tested.
struct FakePages {
  size_t limit_pages = 1 << 20;
  size_t held = 0;
  std::map<uint64_t, size_t> live;
  static Result<uint64_t> alloc(void* ctx, size_t n) {
    auto* self = static_cast<FakePages*>(ctx);
    if (self->held + n > self->limit_pages) return Error::kNoMemory;
    void* p = std::aligned_alloc(kPageSize, n * kPageSize);
    self->held += n;
    self->live[reinterpret_cast<uint64_t>(p)] = n;
    return reinterpret_cast<uint64_t>(p);
  }
  static void free(void* ctx, uint64_t addr, size_t n) {
    auto* self = static_cast<FakePages*>(ctx);
    ASSERT_EQ(self->live.at(addr), n);
    self->live.erase(addr);
    self->held -= n;
    std::free(reinterpret_cast<void*>(addr));
  }
};

class HeapTest : public ::testing::Test {
 protected:
  void SetUp() override { heap.init(PageSource{&fake, FakePages::alloc, FakePages::free}); }
  FakePages fake;
  Heap heap;
};

TEST_F(HeapTest, AllocationsAreAlignedAndDisjoint) {
  std::vector<std::pair<uint8_t*, size_t>> blocks;
  for (size_t size : {1, 7, 16, 100, 4000, 5000, 70000}) {
    auto r = heap.alloc(size);
    ASSERT_TRUE(r.ok());
    auto* p = static_cast<uint8_t*>(r.value());
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % Heap::kAlign, 0u);
    std::memset(p, static_cast<int>(size & 0xff), size);
    blocks.push_back({p, size});
  }
  for (auto& [p, size] : blocks) {
    for (size_t i = 0; i < size; ++i) ASSERT_EQ(p[i], static_cast<uint8_t>(size & 0xff));
  }
  for (auto& [p, size] : blocks) ASSERT_TRUE(heap.free(p).ok());
}

TEST_F(HeapTest, UsableSizeCoversTheRequestUpToTheBlockEnd) {
  std::vector<uint8_t*> blocks;
  for (size_t size : {1, 16, 17, 100, 4000}) {
    auto* p = static_cast<uint8_t*>(heap.alloc(size).value());
    size_t usable = heap.usable_size(p);
    EXPECT_GE(usable, size);
    EXPECT_EQ(usable % Heap::kAlign, 0u);
    blocks.push_back(p);
  }
  // Each block's usable bytes end where the next block's header starts.
  for (size_t i = 0; i + 1 < blocks.size(); ++i) {
    EXPECT_EQ(blocks[i] + heap.usable_size(blocks[i]) + Heap::kAlign, blocks[i + 1]);
  }
  for (uint8_t* p : blocks) ASSERT_TRUE(heap.free(p).ok());
}

TEST_F(HeapTest, RandomWorkloadReturnsToBaseline) {
  std::mt19937 rng(1234);
  std::vector<void*> live;
  for (int i = 0; i < 20000; ++i) {
    if (live.empty() || rng() % 3 != 0) {
      auto r = heap.alloc(1 + rng() % 3000);
      ASSERT_TRUE(r.ok());
      live.push_back(r.value());
    } else {
      size_t k = rng() % live.size();
      ASSERT_TRUE(heap.free(live[k]).ok());
      live[k] = live.back();
      live.pop_back();
    }
  }
  for (void* p : live) ASSERT_TRUE(heap.free(p).ok());
  EXPECT_EQ(heap.stats().bytes_in_use, 0u);
  EXPECT_EQ(heap.stats().allocations, 0u);
  EXPECT_EQ(heap.stats().chunk_pages, 0u);  // every chunk went back
  EXPECT_EQ(fake.held, 0u);
}

TEST_F(HeapTest, ExhaustionIsAnError) {
  fake.limit_pages = 32;
  std::vector<void*> live;
  for (;;) {
    auto r = heap.alloc(1000);
    if (!r.ok()) {
      EXPECT_EQ(r.error(), Error::kNoMemory);
      break;
    }
    live.push_back(r.value());
    ASSERT_LT(live.size(), 1000u);
  }
  EXPECT_GT(live.size(), 100u);
  EXPECT_EQ(heap.alloc(1ull << 40).error(), Error::kNoMemory);
  for (void* p : live) ASSERT_TRUE(heap.free(p).ok());
  EXPECT_TRUE(heap.alloc(1000).ok());
}

TEST_F(HeapTest, BadAndDoubleFreesAreRejected) {
  void* p = heap.alloc(64).value();
  EXPECT_EQ(heap.free(static_cast<uint8_t*>(p) + 8).error(), Error::kInvalidArgument);
  void* q = heap.alloc(64).value();  // keeps the chunk alive after p is freed
  ASSERT_TRUE(heap.free(p).ok());
  EXPECT_EQ(heap.free(p).error(), Error::kInvalidArgument);
  EXPECT_TRUE(heap.free(nullptr).ok());
  ASSERT_TRUE(heap.free(q).ok());
}

TEST_F(HeapTest, FreedNeighboursCoalesce) {
  void* a = heap.alloc(1000).value();
  void* b = heap.alloc(1000).value();
  void* c = heap.alloc(1000).value();
  void* keep = heap.alloc(16).value();
  ASSERT_TRUE(heap.free(a).ok());
  ASSERT_TRUE(heap.free(b).ok());
  ASSERT_TRUE(heap.free(c).ok());
  // a+b+c merged: a 2900-byte request fits where a was.
  EXPECT_EQ(heap.alloc(2900).value(), a);
  (void)keep;
}

}  // namespace
}  // namespace akuma
