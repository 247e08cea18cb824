#include "kernel/lib/spinlock.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace akuma {
namespace {

TEST(Spinlock, TryLockFailsWhileHeld) {
  Spinlock l;
  EXPECT_TRUE(l.try_lock());
  EXPECT_TRUE(l.is_locked());
  EXPECT_FALSE(l.try_lock());
  l.unlock();
  EXPECT_FALSE(l.is_locked());
}

TEST(Guarded, SerialisesUpdatesFromManyThreads) {
  Guarded<long> counter;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) counter.with([](long& v) { ++v; });
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter.with([](long& v) { return v; }), 80000);
}

}  // namespace
}  // namespace akuma
