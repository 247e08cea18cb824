// Intrusive doubly linked list: the node lives inside the element, so linking
// never allocates. An element can sit on several lists through several nodes.
//
//   struct Thread { ListNode run_node; ... };
//   IntrusiveList<Thread, &Thread::run_node> run_queue;
#pragma once

#include <stddef.h>

namespace akuma {

struct ListNode {
  ListNode* prev = nullptr;
  ListNode* next = nullptr;
  bool linked() const { return next != nullptr; }
};

template <typename T, ListNode T::*Member>
class IntrusiveList {
 public:
  IntrusiveList() { head_.prev = head_.next = &head_; }
  IntrusiveList(const IntrusiveList&) = delete;
  IntrusiveList& operator=(const IntrusiveList&) = delete;

  bool empty() const { return head_.next == &head_; }
  size_t size() const {
    size_t n = 0;
    for (const ListNode* p = head_.next; p != &head_; p = p->next) ++n;
    return n;
  }

  void push_back(T& item) { insert_before(&head_, &(item.*Member)); }
  void push_front(T& item) { insert_before(head_.next, &(item.*Member)); }

  T* front() { return empty() ? nullptr : owner(head_.next); }
  T* pop_front() {
    if (empty()) return nullptr;
    T* item = owner(head_.next);
    remove(*item);
    return item;
  }

  // Removing an element that is not linked is a no-op, so callers on racing
  // paths (kill vs. wake-up) need not know who got there first.
  static void remove(T& item) {
    ListNode* n = &(item.*Member);
    if (!n->linked()) return;
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->prev = n->next = nullptr;
  }

  class Iterator {
   public:
    explicit Iterator(ListNode* n) : node_(n) {}
    T& operator*() const { return *owner(node_); }
    T* operator->() const { return owner(node_); }
    Iterator& operator++() { node_ = node_->next; return *this; }
    bool operator!=(const Iterator& o) const { return node_ != o.node_; }

   private:
    ListNode* node_;
  };
  Iterator begin() { return Iterator(head_.next); }
  Iterator end() { return Iterator(&head_); }

  // Calls f(item) for every element; f may remove the element it is given.
  template <typename F>
  void for_each_safe(F f) {
    ListNode* n = head_.next;
    while (n != &head_) {
      ListNode* next = n->next;
      f(*owner(n));
      n = next;
    }
  }

 private:
  static T* owner(ListNode* n) {
    // Offset of Member inside T, computed without offsetof on a member pointer.
    const size_t offset = reinterpret_cast<size_t>(&(static_cast<T*>(nullptr)->*Member));
    return reinterpret_cast<T*>(reinterpret_cast<char*>(n) - offset);
  }
  static void insert_before(ListNode* pos, ListNode* n) {
    n->next = pos;
    n->prev = pos->prev;
    pos->prev->next = n;
    pos->prev = n;
  }

  ListNode head_;
};

}  // namespace akuma
