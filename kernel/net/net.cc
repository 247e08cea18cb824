#include "kernel/net/net.h"

#include "kernel/arch/aarch64/entropy.h"
#include "kernel/arch/aarch64/timer.h"
#include "kernel/drivers/virtio/net_device_adapter.h"
#include "kernel/mm/memory.h"
#include "kernel/sched/readiness.h"
#include "kernel/sched/scheduler.h"

namespace akuma::knet {
namespace {

constexpr uint16_t kPingIdentifier = 0x4b4e;  // "KN"
constexpr uint8_t kPingData[] = {'a', 'k', 'u', 'm', 'a'};

// The stack's configuration: TCP sized from RAM (an eighth of it for
// connection buffers, a table entry per 32 KiB) and a secret for RFC 6528
// initial sequence numbers from the kernel's entropy.
net::InterfaceOptions stack_options() {
  net::InterfaceOptions o;
  o.tcp = net::tcp::tcp_config_for_memory(uint64_t(total_page_count()) * kPageSize);
  o.tcp.isn_secret = net::tcp::IsnSecret{arch::random_u64(), arch::random_u64()};
  return o;
}

struct Stack {
  // Without a NIC the interface is loopback only (127.0.0.0/8).
  explicit Stack(virtio::VirtioNet* nic)
      : device(nic ? new virtio::VirtioNetDevice(*nic) : nullptr),
        iface(device, stack_options(), arch::timer::now_ms()),
        sockets(&iface) {}
  virtio::VirtioNetDevice* device;  // nullptr without a NIC
  net::Interface iface;       // net lock
  net::SocketTable sockets;   // net lock
  sched::WaitQueue net_thread;  // the net thread sleeps here; woken by RX IRQs and kick()
  sched::WaitQueue pingers;     // ping() callers; woken when frames arrive
  sched::WaitQueue configured;  // init() waiting for DHCP
  sched::WaitQueue socket_waiters[net::SocketTable::kCapacity];
  bool kicked = false;          // work for the net thread (atomic: set from IRQs too)
};

arch::IrqSpinLock the_net_lock("net", arch::LockRank::kNet);

Stack* g_stack = nullptr;  // set once by init()

// Frames handed to the stack per round of the net thread, before it lets
// the programs that read them run.
constexpr size_t kFramesPerRound = 64;

void on_socket_wake(void* context, net::SocketHandle h) {
  auto* s = static_cast<Stack*>(context);
  s->socket_waiters[h.value & 0xffff].wake_all();
  // poll()/ppoll() callers (one queue for all of them), only if one may be
  // waiting for what changed (socket_table.h, "Waking").
  if (s->sockets.pollers_may_wait_for(h)) sched::readiness_changed(h.value);  // its files' data
}

// Work for the net thread: it runs its loop again before it sleeps.
void wake_net_thread(Stack& s) {
  __atomic_store_n(&s.kicked, true, __ATOMIC_RELEASE);
  s.net_thread.wake_one();
}

// Lets the other threads run (those reading what the net thread just
// received) without holding the net lock meanwhile.
void yield_unlocking() AKUMA_REQUIRES(net_lock()) {
  net_lock().release_masked();
  arch::irq_enable();
  sched::yield();
  arch::irq_disable();
  net_lock().acquire_masked();
}

void on_rx_irq(void* context) { wake_net_thread(*static_cast<Stack*>(context)); }

Profile g_profile;  // net lock

// The net thread: frames in (a batch per round, in place), timers, then
// sleep until the next frame, kick or timer. A kick from the NIC's IRQ
// handler (on any CPU, without the net lock) sets `kicked` before it wakes
// the thread, and the wait checks `kicked` again under the sched lock, which
// the wake-up takes too: a kick between the loop's own check and the wait
// makes the wait return at once instead of being lost (measured before: on 4
// CPUs, ab -c 32 saw requests stall for 1-8 s, until the next TCP timer woke
// the thread). Each phase's time goes to g_profile.
void net_thread_main(void* arg) {
  auto* s = static_cast<Stack*>(arg);
  NetLock lock;
  for (;;) {
    __atomic_store_n(&s->kicked, false, __ATOMIC_RELEASE);
    uint64_t now = now_ms();
    uint64_t t0 = arch::timer::now_ns();
    // What the round sends (ACKs, data the ACKs let out) reaches the device
    // with one notification.
    if (s->device) s->device->nic().begin_tx_batch();
    size_t frames = s->device ? s->device->deliver(s->iface, now, kFramesPerRound) : 0;
    uint64_t t1 = arch::timer::now_ns();
    s->iface.poll(now);
    if (s->device) s->device->nic().end_tx_batch();
    uint64_t t2 = arch::timer::now_ns();
    ++g_profile.rounds;
    g_profile.frames += frames;
    g_profile.receive_ns += t1 - t0;
    g_profile.poll_ns += t2 - t1;
    if (frames == kFramesPerRound) {
      yield_unlocking();  // more may be waiting: let the readers run first
      continue;
    }
    if (frames != 0) s->pingers.wake_all();
    if (s->iface.configured()) s->configured.wake_all();
    if (__atomic_load_n(&s->kicked, __ATOMIC_ACQUIRE)) continue;
    uint64_t deadline_ms = s->iface.next_deadline();
    // Work already due (loopback packets left over by poll()'s budget): go
    // round again, letting others run first.
    if (deadline_ms != 0 && deadline_ms <= now_ms()) {
      yield_unlocking();
      continue;
    }
    (void)s->net_thread.wait_unlocking(net_lock(), sched::Wait::kUninterruptible, deadline_ms * 1000000,
                                       &s->kicked);
  }
}

}  // namespace

uint64_t now_ms() { return arch::timer::now_ms(); }
arch::IrqSpinLock& net_lock() { return the_net_lock; }
Profile profile() {
  NetLock lock;
  return g_profile;
}
bool up() { return g_stack != nullptr; }
net::Interface& iface() { return g_stack->iface; }
net::SocketTable& sockets() { return g_stack->sockets; }
sched::WaitQueue& socket_waiters(net::SocketHandle h) {
  return g_stack->socket_waiters[h.value & 0xffff];
}

void kick() { wake_net_thread(*g_stack); }

Result<void> init() {
  if (g_stack != nullptr) return {};
  auto nic = virtio::VirtioNet::probe();
  if (!nic.ok() && nic.error() != Error::kNotFound) return nic.error();
  auto* s = new (fallible) Stack(nic.ok() ? nic.value() : nullptr);
  if (s == nullptr) return Error::kNoMemory;
  {
    NetLock lock;
    s->sockets.set_wake_hook(on_socket_wake, s);
    if (nic.ok()) nic.value()->set_rx_callback(on_rx_irq, s);
  }
  TRY(sched::create_thread("net", net_thread_main, s));
  g_stack = s;
  if (!nic.ok()) return {};  // loopback only: nothing to configure
  // DHCP: the interface falls back to its static config after its attempts;
  // the deadline only bounds a stack that never configures at all.
  uint64_t deadline_ns = (now_ms() + kDhcpWaitMs) * 1000000;
  NetLock lock;
  while (!s->iface.configured()) {
    if (!s->configured.wait_unlocking(net_lock(), sched::Wait::kUninterruptible, deadline_ns).ok()) break;
  }
  return {};
}

bool has_nic() { return g_stack && g_stack->device; }

Result<uint64_t> ping(net::Ipv4Address to, uint16_t sequence, uint64_t timeout_ms) {
  if (!up()) return Error::kNotFound;
  Stack* s = g_stack;
  NetLock lock;
  uint64_t start = now_ms();
  TRY(s->iface.send_ping(to, kPingIdentifier, sequence, net::ByteSpan{kPingData, sizeof kPingData},
                         start));
  wake_net_thread(*s);  // ARP may have armed a timer
  uint64_t deadline_ns = (start + timeout_ms) * 1000000;
  for (;;) {
    net::PingReply reply;
    while (s->iface.take_ping_reply(&reply)) {
      if (reply.identifier == kPingIdentifier && reply.sequence == sequence && reply.from == to) {
        return reply.received_ms - start;
      }
    }
    TRY(s->pingers.wait_unlocking(net_lock(), sched::Wait::kInterruptible, deadline_ns));
  }
}

}  // namespace akuma::knet
