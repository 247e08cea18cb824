// Host test helpers for kernel/fs: a page source that checks every page
// comes back, and buffers whose last byte sits just before an unmapped page,
// so a read past the end crashes the test instead of passing unseen.
#pragma once

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kernel/fs/vfs.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/page_allocator.h"

namespace akuma::fs::testing {

// Aligned pages from malloc, at most `limit` at a time; every allocation
// and free is checked.
struct FakePages {
  size_t limit = SIZE_MAX;
  size_t held = 0;
  size_t allocations = 0;  // successful alloc calls, ever
  std::map<uint64_t, size_t> live;

  PageSource source() { return PageSource{this, alloc, free}; }

  static Result<uint64_t> alloc(void* ctx, size_t n) {
    auto* self = static_cast<FakePages*>(ctx);
    if (n == 0 || self->held + n > self->limit) return Error::kNoMemory;
    void* p = std::aligned_alloc(kPageSize, n * kPageSize);
    std::memset(p, 0xa5, n * kPageSize);  // pages are not zeroed in the kernel either
    self->held += n;
    ++self->allocations;
    self->live[reinterpret_cast<uint64_t>(p)] = n;
    return reinterpret_cast<uint64_t>(p);
  }
  static void free(void* ctx, uint64_t address, size_t n) {
    auto* self = static_cast<FakePages*>(ctx);
    auto it = self->live.find(address);
    ASSERT_NE(it, self->live.end()) << "freeing a page that is not held";
    ASSERT_EQ(it->second, n);
    self->live.erase(it);
    self->held -= n;
    std::free(reinterpret_cast<void*>(address));
  }
};

// `bytes` copied so that they end right where an inaccessible page begins.
class GuardedBuffer {
 public:
  explicit GuardedBuffer(const std::string& bytes) {
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    data_pages_ = (bytes.size() + page - 1) / page;
    total_ = (data_pages_ + 1) * page;
    void* m = mmap(nullptr, total_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT_NE(m, MAP_FAILED);
    base_ = static_cast<uint8_t*>(m);
    EXPECT_EQ(mprotect(base_ + data_pages_ * page, page, PROT_NONE), 0);
    data_ = base_ + data_pages_ * page - bytes.size();
    std::memcpy(data_, bytes.data(), bytes.size());
    size_ = bytes.size();
  }
  ~GuardedBuffer() { munmap(base_, total_); }
  GuardedBuffer(const GuardedBuffer&) = delete;
  GuardedBuffer& operator=(const GuardedBuffer&) = delete;

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  uint8_t* base_ = nullptr;
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t total_ = 0;
  size_t data_pages_ = 0;
};

// A tree unpacked from an archive held in a guarded buffer; at the end of
// every test the tree is cleared and every page must be back.
class TreeTest : public ::testing::Test {
 protected:
  void TearDown() override {
    tree.clear();
    EXPECT_EQ(tree.root(), nullptr);
    EXPECT_EQ(tree.pages_held(), 0u);
    EXPECT_EQ(pages.held, 0u);
    EXPECT_TRUE(pages.live.empty());
  }

  Result<void> try_unpack(const std::string& archive) {
    buffer = std::make_unique<GuardedBuffer>(archive);
    return tree.unpack(buffer->data(), buffer->size(), pages.source());
  }
  void unpack(const std::string& archive) {
    Result<void> r = try_unpack(archive);
    ASSERT_TRUE(r.ok()) << error_name(r.error());
  }

  Result<const Node*> resolve(const std::string& path, Follow follow = Follow::kYes,
                              const Node* start = nullptr, const Caller* caller = nullptr) {
    return tree.resolve(start, path.data(), path.size(), follow, caller);
  }
  // The node at `path`, or nullptr (with a test failure) if there is none.
  const Node* node(const std::string& path, Follow follow = Follow::kYes, const Node* start = nullptr) {
    Result<const Node*> r = resolve(path, follow, start);
    EXPECT_TRUE(r.ok()) << path << ": " << error_name(r.error());
    return r.ok() ? r.value() : nullptr;
  }
  // The error resolving `path`, or "ok".
  std::string error_of(const std::string& path, Follow follow = Follow::kYes, const Node* start = nullptr) {
    Result<const Node*> r = resolve(path, follow, start);
    return r.ok() ? "ok" : error_name(r.error());
  }

  static std::string contents(const Node* file, const Caller* caller = nullptr) {
    std::string out;
    char chunk[1000];
    for (;;) {
      Result<size_t> r = read(file, out.size(), chunk, sizeof chunk, caller);
      EXPECT_TRUE(r.ok()) << error_name(r.error());
      if (!r.ok() || r.value() == 0) return out;
      out.append(chunk, r.value());
    }
  }
  static std::string link_target(const Node* link) {
    char target[kPathMax];
    Result<size_t> r = read_link(link, target, sizeof target);
    EXPECT_TRUE(r.ok()) << error_name(r.error());
    return r.ok() ? std::string(target, r.value()) : "";
  }
  // Every name of a listing from position 0, "." and ".." included.
  static std::vector<std::string> listing(const Node* dir, const Caller* caller = nullptr) {
    std::vector<std::string> names;
    DirListing entry;
    for (uint64_t position = 0;;) {
      Result<bool> r = list(dir, position, &entry, caller);
      EXPECT_TRUE(r.ok()) << error_name(r.error());
      if (!r.ok() || !r.value()) return names;
      names.emplace_back(entry.name, entry.name_length);
      EXPECT_GT(entry.next, position);
      position = entry.next;
    }
  }
  static std::string path(const Node* node) {
    char buffer[kPathMax];
    Result<size_t> r = path_of(node, buffer, sizeof buffer);
    EXPECT_TRUE(r.ok()) << error_name(r.error());
    return r.ok() ? std::string(buffer, r.value()) : "";
  }

  FakePages pages;
  Tree tree;
  std::unique_ptr<GuardedBuffer> buffer;
};

}  // namespace akuma::fs::testing
