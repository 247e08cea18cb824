// The serial console shell, run as the kernel's program in the full kernel:
// prompt "akuma:/> ", line editing, builtins. Process control (jobs, ps,
// kill) joins it when processes exist.
#include "kernel/arch/aarch64/timer.h"
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/lib/string.h"
#include "kernel/mm/memory.h"
#include "shell/line_editor.h"
#include "shell/parser.h"

namespace akuma {
namespace {

constexpr const char* kPrompt = "akuma:/> ";

void echo_to_console(void*, const char* data, size_t len) { console_write(data, len); }

struct Builtin {
  const char* name;
  const char* help;
  int (*run)(const shell::Command& cmd);
};

int cmd_help(const shell::Command&);

int cmd_echo(const shell::Command& cmd) {
  for (size_t i = 1; i < cmd.argc; ++i) kprintf(i > 1 ? " %s" : "%s", cmd.argv[i]);
  kprintf("\n");
  return 0;
}

int cmd_uptime(const shell::Command&) {
  uint64_t ms = arch::timer::now_ms();
  kprintf("up %lu.%03lu s\n", ms / 1000, ms % 1000);
  return 0;
}

int cmd_free(const shell::Command&) {
  HeapStats heap = heap_stats();
  kprintf("pages: %zu free of %zu (4 KiB each)\n", free_page_count(), total_page_count());
  kprintf("heap: %zu bytes in %zu allocations, %zu pages held\n", heap.bytes_in_use,
          heap.allocations, heap.chunk_pages);
  return 0;
}

int cmd_poweroff(const shell::Command&) {
  kprintf("powering off\n");
  power_off(0);
}

const Builtin kBuiltins[] = {
    {"help", "list the commands", cmd_help},
    {"echo", "print the arguments", cmd_echo},
    {"uptime", "time since boot", cmd_uptime},
    {"free", "free pages and heap usage", cmd_free},
    {"poweroff", "stop the machine", cmd_poweroff},
};

int cmd_help(const shell::Command&) {
  for (const Builtin& b : kBuiltins) kprintf("  %-10s %s\n", b.name, b.help);
  return 0;
}

void run_line(const char* line, size_t len) {
  static shell::Command cmd;  // 4 KiB: kept off the boot stack
  shell::parse(line, len, cmd);
  if (cmd.argc == 0) return;
  if (cmd.too_many_args) {
    kprintf("error: too many arguments (at most %zu)\n", shell::Command::kMaxArgs);
    return;
  }
  for (const Builtin& b : kBuiltins) {
    if (string_equal(b.name, cmd.argv[0])) {
      int status = b.run(cmd);
      if (status != 0) kprintf("[exit code: %d]\n", status);
      return;
    }
  }
  kprintf("%s: command not found (try 'help')\n", cmd.argv[0]);
}

}  // namespace

int program_main() {
  static shell::LineEditor editor(echo_to_console, nullptr);
  kprintf("%s", kPrompt);
  for (;;) {
    switch (editor.feed(console_read_char())) {
      case shell::LineEditor::Event::kLine:
        if (editor.truncated()) {
          kprintf("error: line longer than %zu characters, ignored\n", shell::LineEditor::kMaxLine);
        } else {
          run_line(editor.line(), editor.length());
        }
        kprintf("%s", kPrompt);
        break;
      case shell::LineEditor::Event::kInterrupt:
        kprintf("%s", kPrompt);
        break;
      case shell::LineEditor::Event::kNone:
        break;
    }
  }
}

}  // namespace akuma
