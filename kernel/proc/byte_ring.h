// A fixed-size byte FIFO (a pipe's buffer). Pure logic,
// host unit tested; callers provide the locking.
#pragma once

#include <stddef.h>

namespace akuma::proc {

template <size_t N>
class ByteRing {
 public:
  size_t size() const { return count_; }
  size_t space() const { return N - count_; }
  size_t push(const char* p, size_t n) {
    n = n < space() ? n : space();
    size_t tail = (head_ + count_) % N;
    size_t first = n < N - tail ? n : N - tail;  // up to the end of the buffer, then from its start
    __builtin_memcpy(data_ + tail, p, first);
    __builtin_memcpy(data_, p + first, n - first);
    count_ += n;
    return n;
  }
  size_t pop(char* p, size_t n) {
    n = n < count_ ? n : count_;
    size_t first = n < N - head_ ? n : N - head_;
    __builtin_memcpy(p, data_ + head_, first);
    __builtin_memcpy(p + first, data_, n - first);
    head_ = (head_ + n) % N;
    count_ -= n;
    return n;
  }

 private:
  char data_[N];
  size_t head_ = 0;
  size_t count_ = 0;
};

}  // namespace akuma::proc
