// Kernel timers: a callback at a deadline, run from the scheduler tick (IRQ
// context, sched lock held), so its precision is one tick. The callback may
// wake threads and re-arm its timer; it must not block or allocate.
#pragma once

#include <stdint.h>

#include "kernel/lib/intrusive_list.h"

namespace akuma::sched {

struct Timer {
  uint64_t deadline_ns = 0;          // 0 while not armed; sched lock
  void (*fire)(Timer*) = nullptr;    // set once by the owner
  ListNode node;                     // the armed list; sched lock
};

// (Re)arms `t` for `deadline_ns` (> 0). Sched lock held.
void arm_timer_locked(Timer& t, uint64_t deadline_ns);
// Disarms `t` (nothing if it is not armed). Sched lock held. Once it
// returns, the callback does not run again unless the timer is re-armed.
void cancel_timer_locked(Timer& t);

}  // namespace akuma::sched
