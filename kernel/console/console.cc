#include "kernel/console/console.h"

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/lock.h"
#include "kernel/arch/aarch64/pl011.h"
#include "kernel/lib/format.h"

namespace akuma {
namespace {
void uart_sink(void*, const char* data, size_t len) { arch::pl011::write(data, len); }

// One writer at a time, for a whole kprintf: lines of different CPUs never
// mix. A panic writes without it (whoever held it may never let go).
arch::IrqSpinLock console_lock("console", arch::LockRank::kConsole);
bool panicking;
}  // namespace

void console_panic_mode() { __atomic_store_n(&panicking, true, __ATOMIC_RELEASE); }

void console_write(const char* s, size_t n) {
  if (__atomic_load_n(&panicking, __ATOMIC_ACQUIRE)) return arch::pl011::write(s, n);
  arch::IrqLockGuard guard(console_lock);
  arch::pl011::write(s, n);
}

void vkprintf(const char* fmt, va_list args) {
  if (__atomic_load_n(&panicking, __ATOMIC_ACQUIRE)) {
    vformat(uart_sink, nullptr, fmt, args);
    return;
  }
  arch::IrqLockGuard guard(console_lock);
  vformat(uart_sink, nullptr, fmt, args);
}

void kprintf(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  vkprintf(fmt, args);
  va_end(args);
}

void klog(const char* fmt, ...) {
#if defined(AKUMA_VERBOSE_BOOT)
  va_list args;
  va_start(args, fmt);
  kprintf("[boot] ");
  vkprintf(fmt, args);
  va_end(args);
#else
  (void)fmt;
#endif
}

namespace {
constexpr int kInfoLevel = 6;  // KERN_INFO
int console_loglevel = 7;

// The value of "key=N" or presence of "word" among the space-separated words.
bool has_word(const char* cmdline, const char* word, int* value) {
  for (const char* p = cmdline; *p;) {
    while (*p == ' ') ++p;
    const char* w = word;
    const char* q = p;
    while (*w && *q == *w) ++q, ++w;
    if (*w == '\0' && (*q == ' ' || *q == '\0' || (value && *q == '='))) {
      if (value && *q == '=') {
        int v = 0;
        for (++q; *q >= '0' && *q <= '9'; ++q) v = v * 10 + (*q - '0');
        *value = v;
      }
      return true;
    }
    while (*p && *p != ' ') ++p;
  }
  return false;
}
}  // namespace

namespace {
const char* the_cmdline = "";
}  // namespace

int console_option(const char* key, int fallback) {
  int v = fallback;
  return has_word(the_cmdline, key, &v) ? v : fallback;
}

void console_configure(const char* cmdline) {
  the_cmdline = cmdline;
  if (has_word(cmdline, "quiet", nullptr)) console_loglevel = 4;
  int level;
  if (has_word(cmdline, "loglevel", &level)) console_loglevel = level;
}

void kinfo(const char* fmt, ...) {
  if (kInfoLevel >= console_loglevel) return;
  va_list args;
  va_start(args, fmt);
  vkprintf(fmt, args);
  va_end(args);
}

}  // namespace akuma

namespace akuma {
namespace {
char (*reader)();
}  // namespace

void set_console_reader(char (*read)()) { reader = read; }

char console_read_char() {
  if (reader) return reader();
  for (;;) {
    arch::IrqGuard guard;
    int c = arch::pl011::try_getc();
    if (c >= 0) return static_cast<char>(c);
    // Sleep with IRQs masked: WFI still wakes on a pending interrupt, so a
    // byte arriving between the check and the WFI is not missed.
    arch::wait_for_interrupt();
  }
}

}  // namespace akuma
