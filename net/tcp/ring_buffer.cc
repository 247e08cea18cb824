#include "net/tcp/ring_buffer.h"

#include "net/wire/bytes.h"

namespace akuma::net::tcp {

void RingBuffer::copy_in(size_t pos, const uint8_t* data, size_t n) {
  pos %= kTcpBufferSize;
  size_t first = n < kTcpBufferSize - pos ? n : kTcpBufferSize - pos;
  bytes_copy(data_ + pos, data, first);
  bytes_copy(data_, data + first, n - first);
}

void RingBuffer::copy_out(size_t pos, uint8_t* out, size_t n) const {
  pos %= kTcpBufferSize;
  size_t first = n < kTcpBufferSize - pos ? n : kTcpBufferSize - pos;
  bytes_copy(out, data_ + pos, first);
  bytes_copy(out + first, data_, n - first);
}

size_t RingBuffer::push(const uint8_t* data, size_t n) {
  if (n > free()) n = free();
  copy_in(head_ + size_, data, n);
  size_ += n;
  return n;
}

size_t RingBuffer::peek(size_t offset, uint8_t* out, size_t n) const {
  if (offset >= size_) return 0;
  if (n > size_ - offset) n = size_ - offset;
  copy_out(head_ + offset, out, n);
  return n;
}

size_t RingBuffer::pop(uint8_t* out, size_t n) {
  if (n > size_) n = size_;
  if (out != nullptr) copy_out(head_, out, n);
  head_ = (head_ + n) % kTcpBufferSize;
  size_ -= n;
  return n;
}

void RingBuffer::write_at(size_t offset, const uint8_t* data, size_t n) {
  if (offset >= free()) return;
  if (n > free() - offset) n = free() - offset;
  copy_in(head_ + size_ + offset, data, n);
}

void RingBuffer::commit(size_t n) {
  if (n > free()) n = free();
  size_ += n;
}

}  // namespace akuma::net::tcp
