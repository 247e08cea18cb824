// A fixed-capacity byte ring: a TCP connection's send and receive buffers,
// a UDP socket's queue of datagrams.
//
// Besides FIFO push/pop it can write into the free space past the end without
// making the bytes readable (write_at) and later commit them: TCP's receive
// side stores out-of-order segments in place this way, so reassembly needs no
// extra memory.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "net/wire/bytes.h"

namespace akuma::net {

template <size_t kCapacity>
class ByteRing {
 public:
  static constexpr size_t capacity() { return kCapacity; }
  size_t size() const { return size_; }
  size_t free() const { return kCapacity - size_; }
  bool empty() const { return size_ == 0; }

  // Appends up to free() bytes; returns how many were taken.
  size_t push(const uint8_t* data, size_t n) {
    if (n > free()) n = free();
    copy_in(head_ + size_, data, n);
    size_ += n;
    return n;
  }
  // Copies up to n bytes starting `offset` bytes after the head; returns the count.
  size_t peek(size_t offset, uint8_t* out, size_t n) const {
    if (offset >= size_) return 0;
    if (n > size_ - offset) n = size_ - offset;
    copy_out(head_ + offset, out, n);
    return n;
  }
  // Removes up to n bytes from the head, copying them to `out` unless null.
  size_t pop(uint8_t* out, size_t n) {
    if (n > size_) n = size_;
    if (out != nullptr) copy_out(head_, out, n);
    head_ = (head_ + n) % kCapacity;
    size_ -= n;
    return n;
  }
  // Writes into the free space, `offset` bytes past the end of the data;
  // anything beyond the capacity is cut off. The bytes stay invisible.
  void write_at(size_t offset, const uint8_t* data, size_t n) {
    if (offset >= free()) return;
    if (n > free() - offset) n = free() - offset;
    copy_in(head_ + size_ + offset, data, n);
  }
  // Makes the next n bytes of free space (already written) part of the data.
  void commit(size_t n) {
    if (n > free()) n = free();
    size_ += n;
  }
  void clear() { head_ = size_ = 0; }

 private:
  // Copies between the ring starting at ring position `pos` and a linear buffer.
  void copy_in(size_t pos, const uint8_t* data, size_t n) {
    pos %= kCapacity;
    size_t first = n < kCapacity - pos ? n : kCapacity - pos;
    bytes_copy(data_ + pos, data, first);
    bytes_copy(data_, data + first, n - first);
  }
  void copy_out(size_t pos, uint8_t* out, size_t n) const {
    pos %= kCapacity;
    size_t first = n < kCapacity - pos ? n : kCapacity - pos;
    bytes_copy(out, data_ + pos, first);
    bytes_copy(out + first, data_, n - first);
  }

  uint8_t data_[kCapacity];
  size_t head_ = 0;  // ring index of the first byte
  size_t size_ = 0;  // bytes of data
};

}  // namespace akuma::net
