// KASAN's quarantine: freed heap objects wait here, poisoned, before the heap may reuse their
// memory, so a use after free hits a poisoned object instead of a new one. First in, first
// out, bounded by the bytes it holds. Pure logic (the nodes live in the objects' metadata),
// host tested.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma::kasan {

struct QuarantineNode {
  QuarantineNode* next = nullptr;
  uint64_t bytes = 0;  // what the object holds of the heap
};

class Quarantine {
 public:
  explicit Quarantine(uint64_t limit = 0) : limit_(limit) {}
  void set_limit(uint64_t limit) { limit_ = limit; }

  void push(QuarantineNode* node) {
    node->next = nullptr;
    (tail_ ? tail_->next : head_) = node;
    tail_ = node;
    bytes_ += node->bytes;
    ++count_;
  }
  // The oldest node while more than the limit is held (call until nullptr), then nullptr.
  QuarantineNode* pop_over_limit() { return bytes_ > limit_ ? pop() : nullptr; }
  // The oldest node, or nullptr when empty (draining it all).
  QuarantineNode* pop() {
    QuarantineNode* node = head_;
    if (!node) return nullptr;
    head_ = node->next;
    if (!head_) tail_ = nullptr;
    bytes_ -= node->bytes;
    --count_;
    node->next = nullptr;
    return node;
  }
  uint64_t bytes() const { return bytes_; }
  size_t count() const { return count_; }

 private:
  QuarantineNode* head_ = nullptr;
  QuarantineNode* tail_ = nullptr;
  uint64_t bytes_ = 0;
  size_t count_ = 0;
  uint64_t limit_;
};

}  // namespace akuma::kasan
