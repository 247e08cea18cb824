// IPv4 -> MAC mappings learned from ARP, each valid for a fixed lifetime.
// Time is passed in (milliseconds); nothing here reads a clock.
#pragma once

#include "net/wire/address.h"

namespace akuma::net {

class ArpCache {
 public:
  static constexpr int kEntries = 16;

  explicit ArpCache(uint64_t lifetime_ms) : lifetime_ms_(lifetime_ms) {}

  // The MAC for `ip` if known and not expired.
  bool lookup(Ipv4Address ip, uint64_t now_ms, MacAddress* mac) const;
  bool contains(Ipv4Address ip, uint64_t now_ms) const;
  // Adds or refreshes; when full, the entry closest to expiry is replaced.
  void insert(Ipv4Address ip, MacAddress mac, uint64_t now_ms);
  void clear();

 private:
  struct Entry {
    Ipv4Address ip;  // 0 = unused
    MacAddress mac;
    uint64_t expires_ms = 0;
  };
  const Entry* find(Ipv4Address ip, uint64_t now_ms) const;

  uint64_t lifetime_ms_;
  Entry entries_[kEntries];  // guarded by the net lock
};

}  // namespace akuma::net
