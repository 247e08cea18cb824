#include "net/wire/checksum.h"

namespace akuma::net {

uint32_t checksum_add(uint32_t sum, ByteSpan bytes) {
  // A 64-bit accumulator cannot overflow for any packet we handle; folding
  // happens once, in checksum_finish.
  uint64_t acc = sum;
  size_t i = 0;
  for (; i + 1 < bytes.size; i += 2) acc += load_be16(bytes.data + i);
  if (i < bytes.size) acc += uint32_t(bytes.data[i]) << 8;
  while (acc >> 32) acc = (acc & 0xffffffffu) + (acc >> 32);
  return uint32_t(acc);
}

uint16_t checksum_finish(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return uint16_t(~sum);
}

uint32_t pseudo_header_sum(Ipv4Address src, Ipv4Address dst, uint8_t protocol,
                           uint16_t length) {
  uint64_t acc = (src.value >> 16) + (src.value & 0xffff) + (dst.value >> 16) +
                 (dst.value & 0xffff) + protocol + length;
  while (acc >> 32) acc = (acc & 0xffffffffu) + (acc >> 32);
  return uint32_t(acc);
}

}  // namespace akuma::net
