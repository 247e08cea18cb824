// A TCP connection's send or receive buffer: a byte ring whose storage is
// allocated when the connection is established and given back as soon as
// nobody can use it any more (TIME_WAIT, closed), so the many connections
// waiting out TIME_WAIT cost a few hundred bytes each, not their buffers.
//
// Besides FIFO push/pop it can write into the free space past the end without
// making the bytes readable (write_at) and later commit them: the receive
// side stores out-of-order segments in place this way. Capacities are powers
// of two. Without storage it is an empty ring of capacity 0.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "net/wire/bytes.h"

namespace akuma::net::tcp {

// The buffer sizes a connection starts with (TcpConfig): 16 KiB each way;
// they grow for bulk transfers (TcpConfig::max_receive_buffer/max_send_buffer).
inline constexpr size_t kTcpBufferSize = 16384;

class RingBuffer {
 public:
  RingBuffer() = default;
  ~RingBuffer() { release(); }
  RingBuffer(const RingBuffer&) = delete;
  RingBuffer& operator=(const RingBuffer&) = delete;

  // Gives the ring `capacity` bytes (a power of two) of storage, empty.
  // False if it could not be allocated.
  bool allocate(size_t capacity) { return attach(new uint8_t[capacity], capacity); }
  void release() { delete[] detach(); }
  // The same with storage the caller manages (TcpStack recycles buffers:
  // a fresh 64 KiB allocation per connection costs more than the rest).
  bool attach(uint8_t* storage, size_t capacity) {
    release();
    if (storage == nullptr) return false;
    data_ = storage;
    capacity_ = capacity;
    return true;
  }
  uint8_t* detach() {
    uint8_t* storage = data_;
    data_ = nullptr;
    capacity_ = head_ = size_ = 0;
    return storage;
  }
  bool allocated() const { return data_ != nullptr; }
  // Moves the data into `storage` (`capacity` bytes, a power of two, at
  // least size()) and returns the old storage for the caller to give back.
  // Not for a ring holding out-of-order bytes past its end (they stay
  // behind).
  uint8_t* move_to(uint8_t* storage, size_t capacity) {
    size_t n = size_;
    if (n != 0) copy_out(head_, storage, n);
    uint8_t* old = data_;
    data_ = storage;
    capacity_ = capacity;
    head_ = 0;
    size_ = n;
    return old;
  }

  size_t capacity() const { return capacity_; }
  size_t size() const { return size_; }
  size_t free() const { return capacity_ - size_; }
  bool empty() const { return size_ == 0; }

  // Appends up to free() bytes; returns how many were taken.
  size_t push(const uint8_t* data, size_t n) {
    if (n > free()) n = free();
    copy_in(head_ + size_, data, n);
    size_ += n;
    return n;
  }
  // Copies up to n bytes starting `offset` bytes after the head.
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
    head_ = capacity_ == 0 ? 0 : (head_ + n) & (capacity_ - 1);
    size_ -= n;  // the head stays put: out-of-order bytes may wait past the end
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

 private:
  void copy_in(size_t pos, const uint8_t* data, size_t n) {
    if (n == 0) return;
    pos &= capacity_ - 1;
    size_t first = n < capacity_ - pos ? n : capacity_ - pos;
    bytes_copy(data_ + pos, data, first);
    bytes_copy(data_, data + first, n - first);
  }
  void copy_out(size_t pos, uint8_t* out, size_t n) const {
    if (n == 0) return;
    pos &= capacity_ - 1;
    size_t first = n < capacity_ - pos ? n : capacity_ - pos;
    bytes_copy(out, data_ + pos, first);
    bytes_copy(out + first, data_, n - first);
  }

  uint8_t* data_ = nullptr;
  size_t capacity_ = 0;
  size_t head_ = 0;  // index of the first byte
  size_t size_ = 0;  // bytes of data
};

}  // namespace akuma::net::tcp
