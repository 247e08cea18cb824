// A fixed-size byte ring owned by one TCP connection (send or receive side).
//
// Besides FIFO push/pop it can write into the free space past the end without
// making the bytes readable (write_at) and later commit them: the receive side
// stores out-of-order segments in place this way, so reassembly needs no
// extra memory.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma::net::tcp {

inline constexpr size_t kTcpBufferSize = 8192;

class RingBuffer {
 public:
  size_t size() const { return size_; }
  size_t free() const { return kTcpBufferSize - size_; }
  bool empty() const { return size_ == 0; }

  // Appends up to free() bytes; returns how many were taken.
  size_t push(const uint8_t* data, size_t n);
  // Copies up to n bytes starting `offset` bytes after the head; returns the count.
  size_t peek(size_t offset, uint8_t* out, size_t n) const;
  // Removes up to n bytes from the head, copying them to `out` unless null.
  size_t pop(uint8_t* out, size_t n);
  // Writes into the free space, `offset` bytes past the end of the data;
  // anything beyond the capacity is cut off. The bytes stay invisible.
  void write_at(size_t offset, const uint8_t* data, size_t n);
  // Makes the next n bytes of free space (already written) part of the data.
  void commit(size_t n);

 private:
  // Copies between the ring starting at ring position `pos` and a linear buffer.
  void copy_in(size_t pos, const uint8_t* data, size_t n);
  void copy_out(size_t pos, uint8_t* out, size_t n) const;

  uint8_t data_[kTcpBufferSize];
  size_t head_ = 0;  // ring index of the first byte
  size_t size_ = 0;  // bytes of data
};

}  // namespace akuma::net::tcp
