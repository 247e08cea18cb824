// Futexes: threads sleep on a 32-bit word of user memory until another
// thread wakes that word. A word is named by its kernel (linear-map)
// address, so threads of one process (and any processes mapping the same
// page) agree on it; waiters sit in one of a few hashed wait queues and
// carry the word and their wake bitset in their Task.
//
// Checking the word and going to sleep happen under the sched lock, so a
// wake between them cannot be lost (the kernel is not preempted between
// resolving the address and taking the lock, so the page stays).
#include "kernel/mm/address_space.h"
#include "kernel/proc/api.h"
#include "kernel/proc/internal.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

namespace {

constexpr size_t kBuckets = 64;
sched::WaitQueue buckets[kBuckets];

sched::WaitQueue& bucket(uint64_t key) { return buckets[(key >> 2) % kBuckets]; }

struct Match {
  uint64_t key;
  uint32_t bitset;
};

bool matches(sched::Thread& waiter, void* ctx) {
  auto* m = static_cast<Match*>(ctx);
  auto* t = static_cast<Task*>(waiter.owner);
  return t && t->futex_key == m->key && (t->futex_bitset & m->bitset) != 0;
}

struct Retarget {
  Match from;
  uint64_t to;
};

// Called only for waiters that are then moved.
bool retarget(sched::Thread& waiter, void* ctx) {
  auto* r = static_cast<Retarget*>(ctx);
  if (!matches(waiter, &r->from)) return false;
  static_cast<Task*>(waiter.owner)->futex_key = r->to;
  return true;
}

Result<uint64_t> key_of(AddressSpace& space, uint64_t uaddr) {
  if (uaddr & 3) return Error::kInvalidArgument;
  return space.resolve(uaddr, Access::kRead);
}

size_t wake_locked(uint64_t key, size_t n, uint32_t bitset) {
  Match m{key, bitset};
  return bucket(key).wake_if(matches, &m, n);
}

}  // namespace

Result<void> futex_wait(uint64_t uaddr, uint32_t expected, uint64_t deadline_ns, uint32_t bitset) {
  if (bitset == 0) return Error::kInvalidArgument;
  Task* t = current_task();
  if (!t) return Error::kInvalidArgument;
  uint64_t key = TRY(key_of(*t->process->space, uaddr));
  SchedLock lock;
  if (*reinterpret_cast<volatile uint32_t*>(key) != expected) return Error::kWouldBlock;
  t->futex_key = key;
  t->futex_bitset = bitset;
  auto r = bucket(key).wait(sched::Wait::kInterruptible, deadline_ns);
  t->futex_key = 0;
  return r;
}

Result<size_t> futex_wake_bitset(uint64_t uaddr, size_t n, uint32_t bitset) {
  if (bitset == 0) return Error::kInvalidArgument;
  uint64_t key = TRY(key_of(*current_process().space, uaddr));
  SchedLock lock;
  return wake_locked(key, n, bitset);
}

size_t futex_wake(AddressSpace& space, uint64_t uaddr, size_t n) {
  auto key = key_of(space, uaddr);
  if (!key.ok()) return 0;
  SchedLock lock;
  return wake_locked(key.value(), n, ~0u);
}

Result<size_t> futex_requeue(uint64_t uaddr, size_t n, size_t requeue, uint64_t uaddr2, const uint32_t* expected) {
  AddressSpace& space = *current_process().space;
  uint64_t key = TRY(key_of(space, uaddr));
  uint64_t key2 = TRY(key_of(space, uaddr2));
  SchedLock lock;
  if (expected && *reinterpret_cast<volatile uint32_t*>(key) != *expected) return Error::kWouldBlock;
  size_t woken = wake_locked(key, n, ~0u);
  // The moved waiters keep sleeping, now on the second word (and keep
  // their bitset).
  Retarget r{{key, ~0u}, key2};
  size_t moved = requeue ? bucket(key).move_if(bucket(key2), retarget, &r, requeue) : 0;
  return woken + moved;
}

}  // namespace akuma::proc
