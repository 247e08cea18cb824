// Hands the kernel pointers it must refuse: each syscall fails with EFAULT
// (or ENOSYS for an unknown number) and the program carries on.
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

using namespace akuma::abi;

extern "C" int main() {
  user::printf("bad_pointers: write from NULL: %ld\n", user::write(1, nullptr, 10));
  user::printf("bad_pointers: write from kernel memory: %ld\n",
               user::write(1, reinterpret_cast<const void*>(0x40080000), 10));
  user::printf("bad_pointers: write across the region end: %ld\n",
               user::write(1, reinterpret_cast<const void*>(0x1fffffff0), 64));
  static const char kRodata[] = "constant";
  user::printf("bad_pointers: read into read-only memory: %ld\n",
               user::syscall6(kSysRead, 0, reinterpret_cast<uint64_t>(kRodata), 4, 0, 0, 0));
  user::printf("bad_pointers: spawn with a NULL name: %ld\n", user::spawn(nullptr, nullptr));
  int* bad_status = reinterpret_cast<int*>(0x40080000);
  user::printf("bad_pointers: unknown syscall: %ld\n", user::syscall6(999, 0, 0, 0, 0, 0, 0));
  user::printf("bad_pointers: wait4 into kernel memory: %ld\n", user::wait4(-1, bad_status, 0, nullptr));
  user::printf("bad_pointers: bad fd: %ld\n", user::write(7, "x", 1));
  return 0;
}
