// /init of every conformance image: PID 1 on Linux and on Akuma alike (the same binary).
//
// 1. Machine setup, each step silent when it works:
//    - mounts proc on /proc;
//    - brings the loopback interface `lo` up (Linux then gives it 127.0.0.1/8), so tests
//      can talk to themselves over 127.0.0.1 without a host;
//    - loads the kernel modules named in /lib/modules/modules.load, in that order (the
//      image of a net test carries Linux's virtio-net modules there; see tools/setup.sh);
//    - if the machine has an `eth0` (net tests boot with a virtio-net device), configures
//      it as QEMU's user network expects: 10.0.2.15/24, default route via 10.0.2.2.
//    A minimal kernel may lack a step: mount, ioctl, socket and finit_module failing with
//    ENOSYS, ENOTTY or EINVAL are tolerated silently (so is EEXIST for a module already
//    loaded, and ENODEV for eth0: no network device). Any other failure prints one line
//    "init: ..." and the init carries on; the line then breaks the test's golden.
// 2. Runs the program under test, /test, with argv {"/test"} and a fixed environment, and
//    reaps every child that comes to it (orphans are reparented to PID 1) until /test
//    itself ends; then prints its status as one line, "exit status N" or
//    "killed by signal N".
// 3. Powers the machine off (QEMU exits with status 0). PID 1 must never exit on Linux (the
//    kernel panics), so if power-off fails it prints why and waits forever.

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/route.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define TEST_PROGRAM "/test"
#define MODULES_DIR "/lib/modules/"
#define MODULE_LIST MODULES_DIR "modules.load"

// One line on the console, written at once (no stdio buffer to lose or duplicate).
static void say(const char *fmt, ...) {
  char line[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > (int)sizeof line - 2) n = sizeof line - 2;
  line[n++] = '\n';
  for (int off = 0; off < n;) {
    ssize_t w = write(STDOUT_FILENO, line + off, n - off);
    if (w <= 0 && errno != EINTR) return;
    if (w > 0) off += w;
  }
}

// A setup step's failure that a minimal kernel may legitimately report: the call or the
// request does not exist there.
static int tolerated(int err) { return err == ENOSYS || err == ENOTTY || err == EINVAL; }

// Reports a failed setup step unless tolerated; returns whether the step succeeded.
static int step(int ok, const char *what) {
  if (!ok && !tolerated(errno)) say("init: %s: %s (errno %d)", what, strerror(errno), errno);
  return ok;
}

static void set_in_addr(struct sockaddr *sa, const char *dotted) {
  struct sockaddr_in sin = {.sin_family = AF_INET};
  inet_aton(dotted, &sin.sin_addr);
  memcpy(sa, &sin, sizeof sin);
}

// Sets IFF_UP on `name`; 0 if the interface does not exist (ENODEV), -1 on failure.
static int interface_up(int sock, const char *name) {
  struct ifreq ifr = {0};
  strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) {
    if (errno == ENODEV) return 0;
    step(0, "ioctl SIOCGIFFLAGS");
    return -1;
  }
  ifr.ifr_flags |= IFF_UP;
  return step(ioctl(sock, SIOCSIFFLAGS, &ifr) == 0, "ioctl SIOCSIFFLAGS") ? 1 : -1;
}

// eth0 as QEMU's user network expects it (its DHCP would give the same).
static void configure_eth0(int sock) {
  struct ifreq ifr = {0};
  strncpy(ifr.ifr_name, "eth0", IFNAMSIZ - 1);
  if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) {
    if (errno != ENODEV) step(0, "ioctl SIOCGIFFLAGS eth0");
    return;  // ENODEV: no network device, not a net test
  }
  set_in_addr(&ifr.ifr_addr, "10.0.2.15");
  if (!step(ioctl(sock, SIOCSIFADDR, &ifr) == 0, "ioctl SIOCSIFADDR eth0")) return;
  set_in_addr(&ifr.ifr_netmask, "255.255.255.0");
  if (!step(ioctl(sock, SIOCSIFNETMASK, &ifr) == 0, "ioctl SIOCSIFNETMASK eth0")) return;
  if (interface_up(sock, "eth0") <= 0) return;
  struct rtentry route = {0};
  set_in_addr(&route.rt_dst, "0.0.0.0");
  set_in_addr(&route.rt_genmask, "0.0.0.0");
  set_in_addr(&route.rt_gateway, "10.0.2.2");
  route.rt_flags = RTF_UP | RTF_GATEWAY;
  step(ioctl(sock, SIOCADDRT, &route) == 0, "ioctl SIOCADDRT default via 10.0.2.2");
}

// Loads the modules listed (one name a line) in MODULE_LIST, in order: each after the
// ones it depends on. No list: nothing to load.
static void load_modules(void) {
  char list[512];
  int fd = open(MODULE_LIST, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno != ENOENT) step(0, "open " MODULE_LIST);
    return;
  }
  ssize_t n = read(fd, list, sizeof list - 1);
  close(fd);
  if (n < 0) {
    step(0, "read " MODULE_LIST);
    return;
  }
  list[n] = '\0';
  for (char *save = NULL, *name = strtok_r(list, "\n", &save); name; name = strtok_r(NULL, "\n", &save)) {
    char path[128];
    snprintf(path, sizeof path, MODULES_DIR "%s.ko", name);
    int mod = open(path, O_RDONLY | O_CLOEXEC);
    if (mod < 0) {
      step(0, path);
      continue;
    }
    if (syscall(SYS_finit_module, mod, "", 0) != 0 && errno != EEXIST) step(0, "finit_module");
    close(mod);
  }
}

static void setup_machine(void) {
  step(mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0, "mount proc on /proc");
  load_modules();
  int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (!step(sock >= 0, "socket")) return;
  if (interface_up(sock, "lo") == 0) say("init: no loopback interface");
  configure_eth0(sock);
  close(sock);
}

// Starts /test and reaps children until /test ends; returns its wait status, or -1.
static int run_test(void) {
  char *argv[] = {TEST_PROGRAM, NULL};
  char *envp[] = {"PATH=/bin", "HOME=/", NULL};
  pid_t pid = fork();
  if (pid < 0) {
    say("init: fork: %s (errno %d)", strerror(errno), errno);
    return -1;
  }
  if (pid == 0) {
    execve(TEST_PROGRAM, argv, envp);
    say("init: execve %s: %s (errno %d)", TEST_PROGRAM, strerror(errno), errno);
    _exit(127);
  }
  for (;;) {
    int status;
    pid_t got = wait4(-1, &status, 0, NULL);
    if (got == pid) return status;
    if (got < 0 && errno != EINTR) {
      say("init: wait4: %s (errno %d)", strerror(errno), errno);
      return -1;
    }
    // Another child: an orphan that came to PID 1. Reaped, not reported.
  }
}

int main(void) {
  setup_machine();
  int status = run_test();
  if (status != -1) {
    if (WIFEXITED(status)) say("exit status %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) say("killed by signal %d", WTERMSIG(status));
    else say("init: unexpected wait status 0x%x", status);
  }
  reboot(RB_POWER_OFF);
  say("init: reboot(RB_POWER_OFF): %s (errno %d)", strerror(errno), errno);
  for (;;) pause();
}
