#include "net/iface/arp_cache.h"

namespace akuma::net {

const ArpCache::Entry* ArpCache::find(Ipv4Address ip, uint64_t now) const {
  if (ip.is_any()) return nullptr;
  for (const Entry& e : entries_) {
    if (e.ip == ip && now < e.expires_ms) return &e;
  }
  return nullptr;
}

bool ArpCache::lookup(Ipv4Address ip, uint64_t now, MacAddress* mac) const {
  const Entry* e = find(ip, now);
  if (e == nullptr) return false;
  *mac = e->mac;
  return true;
}

bool ArpCache::contains(Ipv4Address ip, uint64_t now) const { return find(ip, now) != nullptr; }

void ArpCache::insert(Ipv4Address ip, MacAddress mac, uint64_t now) {
  if (ip.is_any()) return;
  Entry* victim = &entries_[0];
  for (Entry& e : entries_) {
    if (e.ip == ip) {
      victim = &e;
      break;
    }
    if (e.expires_ms < victim->expires_ms) victim = &e;
  }
  victim->ip = ip;
  victim->mac = mac;
  victim->expires_ms = now + lifetime_ms_;
}

void ArpCache::clear() {
  for (Entry& e : entries_) e = Entry{};
}

}  // namespace akuma::net
