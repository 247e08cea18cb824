// A fixed-size byte FIFO (the buffers of a process channel). Pure logic,
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
    for (size_t i = 0; i < n; ++i) data_[(head_ + count_ + i) % N] = p[i];
    count_ += n;
    return n;
  }
  size_t pop(char* p, size_t n) {
    n = n < count_ ? n : count_;
    for (size_t i = 0; i < n; ++i) p[i] = data_[(head_ + i) % N];
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
