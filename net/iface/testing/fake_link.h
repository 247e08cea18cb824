// Test-only: Ethernet between Interfaces in one process. Each FakeDevice
// queues what it transmits; Network::run() carries frames between the
// attached interfaces, optionally losing some, and advances a fake clock
// through their timers.
#pragma once

#include <deque>
#include <functional>
#include <vector>

#include "net/iface/interface.h"

namespace akuma::net::testing {

class FakeDevice : public NetDevice {
 public:
  explicit FakeDevice(MacAddress mac) : mac_(mac) {}
  Result<void> transmit(ByteSpan frame) override {
    ++transmitted;
    if (drop_every != 0 && transmitted % drop_every == 0) return {};  // lost on the wire
    sent.emplace_back(frame.data, frame.data + frame.size);
    return {};
  }
  MacAddress mac() const override { return mac_; }

  std::deque<std::vector<uint8_t>> sent;
  int drop_every = 0;  // lose every Nth frame; 0 = none
  int transmitted = 0;

 private:
  MacAddress mac_;
};

// A broadcast segment joining several interfaces.
class Network {
 public:
  void attach(FakeDevice* device, Interface* iface) { ports_.push_back({device, iface}); }

  // Delivers queued frames until none are left, each batch followed by a
  // poll of the interfaces with work due at once (the ACK for the batch),
  // as the kernel's net thread does.
  void deliver(uint64_t now) {
    for (bool moved = true; moved;) {
      moved = false;
      for (auto& from : ports_) {
        while (!from.device->sent.empty()) {
          std::vector<uint8_t> frame = std::move(from.device->sent.front());
          from.device->sent.pop_front();
          for (auto& to : ports_) {
            if (to.device != from.device) to.iface->receive(frame.data(), frame.size(), now);
          }
          moved = true;
        }
      }
      for (auto& p : ports_) {
        uint64_t d = p.iface->next_deadline();
        if (d == 0 || d > now) continue;
        p.iface->poll(now);
        moved = moved || !p.device->sent.empty();
      }
    }
  }

  // Delivers frames and fires timers until `done` or no timer is left
  // before `limit_ms`; returns whether `done` became true.
  bool run(uint64_t* now, uint64_t limit_ms, const std::function<bool()>& done) {
    for (;;) {
      deliver(*now);
      if (done()) return true;
      uint64_t next = 0;
      for (auto& p : ports_) {
        uint64_t d = p.iface->next_deadline();
        if (d != 0 && (next == 0 || d < next)) next = d;
      }
      if (next == 0 || next > limit_ms) return false;
      if (next > *now) *now = next;
      for (auto& p : ports_) p.iface->poll(*now);
    }
  }

 private:
  struct Port {
    FakeDevice* device;
    Interface* iface;
  };
  std::vector<Port> ports_;
};

}  // namespace akuma::net::testing
