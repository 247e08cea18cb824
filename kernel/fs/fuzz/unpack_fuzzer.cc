// libFuzzer target: arbitrary bytes as an initramfs. The reader must keep
// every entry inside the input; the tree unpacked from it (if any) is walked
// whole (listing, stat, read, read_link, path_of, resolve back) and cleared,
// after which every page must be back. Crashes, sanitizer reports and leaks
// are failures. //kernel/fs/fuzz:unpack_fuzzer_test runs it; by hand:
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-exceptions -fno-rtti -I.
//     kernel/fs/fuzz/unpack_fuzzer.cc kernel/fs/{arena,cpio,names,node,resolve,unpack,vfs}.cc
//     kernel/lib/error.cc -o /tmp/unpack_fuzzer
//   /tmp/unpack_fuzzer -max_len=8192 SEEDS   (SEEDS: written by //kernel/fs/fuzz:make_corpus)
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "kernel/fs/cpio.h"
#include "kernel/fs/vfs.h"

namespace {

using namespace akuma;
using namespace akuma::fs;

void check(bool condition) {
  if (!condition) abort();
}

struct Pages {
  size_t held = 0;
  static Result<uint64_t> alloc(void* ctx, size_t n) {
    auto* self = static_cast<Pages*>(ctx);
    if (self->held + n > 256) return Error::kNoMemory;  // 1 MiB: ample for 8 KiB inputs
    void* p = aligned_alloc(kFilePageSize, n * kFilePageSize);
    if (!p) return Error::kNoMemory;
    self->held += n;
    return reinterpret_cast<uint64_t>(p);
  }
  static void free(void* ctx, uint64_t address, size_t n) {
    static_cast<Pages*>(ctx)->held -= n;
    ::free(reinterpret_cast<void*>(address));
  }
};

void read_entries(const uint8_t* data, size_t size) {
  CpioReader reader(data, size);
  CpioEntry entry;
  for (;;) {
    Result<bool> r = reader.next(&entry);
    if (!r.ok() || !r.value()) return;
    const auto* name = reinterpret_cast<const uint8_t*>(entry.name);
    check(name >= data && name + entry.name_length < data + size && entry.name[entry.name_length] == '\0');
    check(entry.data >= data && entry.data_size <= size && entry.data + entry.data_size <= data + size);
  }
}

// Every node reachable from `dir`: its path resolves back to it.
void walk(const Tree& tree, const Node* dir, int depth) {
  if (depth > 64) return;
  DirListing entry;
  for (uint64_t position = 0;;) {
    Result<bool> more = list(dir, position, &entry);
    check(more.ok());
    if (!more.value()) return;
    check(entry.next > position);
    position = entry.next;
    const Node* node = entry.node;
    StatInfo info = stat(node);
    (void)info;
    if (position <= 2) continue;  // "." and ".."

    char path[kPathMax];
    Result<size_t> length = path_of(node, path, sizeof path);
    if (length.ok()) {
      Result<const Node*> back = tree.resolve(nullptr, path, length.value(), Follow::kNo);
      check(back.ok() && back.value() == node);
    }
    char buffer[512];
    switch (node->kind) {
      case NodeKind::kDirectory:
        walk(tree, node, depth + 1);
        break;
      case NodeKind::kRegular:
        for (uint64_t offset = 0;; offset += sizeof buffer) {
          Result<size_t> n = read(node, offset, buffer, sizeof buffer);
          check(n.ok());
          if (n.value() == 0) break;
        }
        for (size_t i = 0; page(node, i).ok(); ++i) {
        }
        break;
      case NodeKind::kSymlink: {
        Result<size_t> n = read_link(node, buffer, sizeof buffer);
        check(n.ok());
        (void)tree.resolve(dir, entry.name, entry.name_length, Follow::kYes);
        break;
      }
      default:
        break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  read_entries(data, size);
  Pages pages;
  Tree tree;
  if (tree.unpack(data, size, PageSource{&pages, Pages::alloc, Pages::free}).ok()) {
    check(tree.pages_held() == pages.held);
    walk(tree, tree.root(), 0);
    tree.clear();
  }
  check(pages.held == 0);
  return 0;
}
