// Clang's thread-safety annotations (-Wthread-safety, on for every kernel build): a lock is a
// capability, a field says which lock guards it, a function which lock it needs, and the
// compiler checks every access. Under other compilers (the host tests' gcc) they are empty.
//
// Used where a lock and what it guards live in one class or file: each device's lock
// (virtio-net), each address space's, the page allocator's and the heap's. Not for the sched
// lock: it nests (SchedLock counts per CPU) and is handed from one thread to the next across
// a context switch, which the analysis cannot follow; the rank checks of lock.h cover it.
#pragma once

#if defined(__clang__)
#define AKUMA_TSA(x) __attribute__((x))
#else
#define AKUMA_TSA(x)
#endif

#define AKUMA_CAPABILITY(name) AKUMA_TSA(capability(name))
#define AKUMA_SCOPED_CAPABILITY AKUMA_TSA(scoped_lockable)
#define AKUMA_GUARDED_BY(lock) AKUMA_TSA(guarded_by(lock))
#define AKUMA_PT_GUARDED_BY(lock) AKUMA_TSA(pt_guarded_by(lock))
#define AKUMA_REQUIRES(...) AKUMA_TSA(requires_capability(__VA_ARGS__))
#define AKUMA_EXCLUDES(...) AKUMA_TSA(locks_excluded(__VA_ARGS__))
#define AKUMA_ACQUIRE(...) AKUMA_TSA(acquire_capability(__VA_ARGS__))
#define AKUMA_RELEASE(...) AKUMA_TSA(release_capability(__VA_ARGS__))
#define AKUMA_NO_THREAD_SAFETY_ANALYSIS AKUMA_TSA(no_thread_safety_analysis)
