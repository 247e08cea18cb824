// The network stack in the kernel: one net::Interface over the virtio-net
// NIC, its socket table, the net lock and the net thread.
//
// Bring-up is explicit: kernel_main calls net_boot() (boot.cc) only in images
// that link //kernel/net:boot (the full kernel and the net test variants);
// other images never touch the NIC. init() without a NIC returns
// kNotFound and prints nothing.
//
// Addressing: DHCP at boot, and init() waits for it (bounded by
// kDhcpWaitMs) before returning, so the program starts with its address
// and transcripts never race DHCP. QEMU's user network answers at once with
// 10.0.2.15; when nobody answers, the interface falls back to the same
// static 10.0.2.15/24 (net::kFallbackIpConfig).
//
// Receive path: the virtio RX interrupt wakes the net thread, which hands
// every ready frame to the interface and runs its timers; it then sleeps
// (scheduler deadline sleep) until the next frame or iface->next_deadline(),
// so an idle stack costs nothing. Socket calls that arm timers kick() it.
//
// The net lock (rank kNet, before the sched lock): everything in
// net::Interface / net::SocketTable requires it. A caller that waits for a
// socket holds it across its check and WaitQueue::wait_unlocking, which lets
// it go once the thread is on the queue, so no wake-up is lost.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/lock.h"
#include "kernel/lib/result.h"
#include "kernel/sched/wait_queue.h"
#include "net/iface/interface.h"
#include "net/socket/socket_table.h"

namespace akuma::knet {

arch::IrqSpinLock& net_lock();
class AKUMA_SCOPED_CAPABILITY NetLock {
 public:
  NetLock() AKUMA_ACQUIRE(net_lock()) : guard_(net_lock()) {}
  ~NetLock() AKUMA_RELEASE() {}

 private:
  arch::IrqLockGuard guard_;
};

// Longer than the interface takes to fall back to its static config (three
// DISCOVERs 1, 2 and 4 s apart), so init() always returns configured.
constexpr uint64_t kDhcpWaitMs = 10000;

// Probes the NIC, creates the interface and the net thread, and with a NIC
// waits for DHCP. Without one the stack is loopback only (127.0.0.0/8), so
// sockets work in every image. Call once from PID 0 with IRQs enabled.
Result<void> init();
bool up();
bool has_nic();

// The stack; the caller holds the net lock. Only valid when up().
net::Interface& iface();
net::SocketTable& sockets();
// Woken (all waiters) whenever the socket's readiness may have changed.
sched::WaitQueue& socket_waiters(net::SocketHandle h);
// Timers may have changed: the net thread recomputes its sleep. With or
// without the net lock.
void kick();
uint64_t now_ms();

// Where the net thread's time goes (nanoseconds of the generic counter,
// 16 ns ticks on QEMU's virt board), for tools/bench_net.py's profile.
struct Profile {
  uint64_t rounds = 0;      // loops of the net thread
  uint64_t frames = 0;      // frames handed to the stack
  uint64_t receive_ns = 0;  // driver + stack receive path (parse, TCP, ACKs sent)
  uint64_t poll_ns = 0;     // timers, loopback delivery, held-back output
};
Profile profile();

// Sends an ICMP echo and waits for its reply (interruptibly); the
// round-trip time in ms. kTimedOut after timeout_ms.
Result<uint64_t> ping(net::Ipv4Address to, uint16_t sequence, uint64_t timeout_ms);

}  // namespace akuma::knet
