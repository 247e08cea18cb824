#include "kernel/sched/readiness.h"

namespace akuma::sched {
namespace {
WaitQueue pollers;
}  // namespace

WaitQueue& readiness_queue() { return pollers; }
void readiness_changed() { pollers.wake_all(); }

}  // namespace akuma::sched
