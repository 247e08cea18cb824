// spawn then wait4: exit codes come back, WNOHANG does not block on a running
// child, a zombie stays (with plausible rusage) until it is reaped, and bad
// arguments from programs are refused with errno values.
#include "kernel/proc/tests/test_util.h"
#include "kernel/sched/scheduler.h"

namespace akuma {

int program_main() {
  using namespace proc;
  using namespace proc::test;
  auto baseline = MemorySnapshot::now();

  const char* seven[] = {"exit_with", "7", nullptr};
  Pid a = must_spawn("exit_with", seven);
  kprintf("spawned exit_with as pid %d\n", a);
  WaitResult w = must_wait(a);
  kprintf("wait4(%d) -> pid %d, exited: %s, exit code %d\n", a, w.pid, yes(exited_normally(w.status)),
          code(w.status));

  const char* nap[] = {"sleeper", "300", nullptr};
  Pid b = must_spawn("sleeper", nap);
  auto fresh = info(b);  // ready, or already running or asleep on another CPU
  kprintf("sleeper pid %d alive right after spawn: %s\n", b,
          yes(fresh.ok() && fresh.value().state != ProcessState::kZombie));
  auto nohang = wait4(b, kWaitNoHang);
  kprintf("wait4(%d, WNOHANG) on a running child -> %d\n", b, nohang.ok() ? nohang.value().pid : -1);
  (void)wait_settled(b, 10000);
  kprintf("sleeper state while it sleeps: %s\n", state_of(b));
  w = must_wait(b);
  kprintf("wait4(%d) -> exit code %d\n", b, code(w.status));

  const char* three[] = {"exit_with", "3", nullptr};
  Pid c = must_spawn("exit_with", three);
  (void)wait_exited(c, 10000);
  kprintf("exited child %d before wait4: %s\n", c, state_of(c));
  (void)sched::sleep_ms(50);
  kprintf("still there later: %s\n", state_of(c));
  w = must_wait(-1);
  kprintf("wait4(-1) -> pid %d, exit code %d\n", w.pid, code(w.status));
  kprintf("rusage: user %llu us, system %llu us, %llu voluntary and %llu involuntary switches, max %llu KiB\n",
          static_cast<unsigned long long>(w.usage.user_ns / 1000),
          static_cast<unsigned long long>(w.usage.system_ns / 1000),
          static_cast<unsigned long long>(w.usage.voluntary_switches),
          static_cast<unsigned long long>(w.usage.involuntary_switches),
          static_cast<unsigned long long>(w.usage.max_rss_kib));
  kprintf("rusage plausible (cpu under 1 s, 16 KiB..8 MiB): %s\n",
          yes(w.usage.user_ns + w.usage.system_ns < 1000000000ull && w.usage.max_rss_kib >= 16 &&
              w.usage.max_rss_kib <= 8192));
  kprintf("after reaping: %s\n", state_of(c));

  auto none = wait4(-1, 0);
  kprintf("wait4(-1) with no children: %s\n", none.ok() ? "ok?" : error_name(none.error()));
  auto missing = spawn("/bin/no_such_program", nullptr, nullptr, Stdio::kConsole);
  kprintf("spawn of an unknown program: %s\n", missing.ok() ? "ok?" : error_name(missing.error()));

  must_wait(must_spawn("bad_pointers"));
  kprintf("kernel still running after bad pointers: yes\n");

  auto after = MemorySnapshot::now();
  kprintf("memory: %zu free pages, %zu heap bytes (baseline %zu, %zu)\n", after.free_pages, after.heap_bytes,
          baseline.free_pages, baseline.heap_bytes);
  kprintf("memory back to baseline: %s\n", yes(after == baseline));
  return after == baseline ? 0 : 1;
}

}  // namespace akuma
