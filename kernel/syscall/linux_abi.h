// The Linux AArch64 user ABI, as the kernel sees it at the syscall boundary:
// syscall numbers (asm-generic numbering), errno values, signal numbers, flag
// bits and the layouts of the structs user memory holds. Facts from Linux's
// UAPI (checked against Debian's cross glibc headers,
// /usr/aarch64-linux-gnu/include), written out here; kernel code outside
// kernel/syscall does not use them (it speaks Error and its own types).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma::abi {

// ---------------------------------------------------------------- syscalls
namespace nr {
constexpr int kGetcwd = 17;
constexpr int kDup = 23;
constexpr int kDup3 = 24;
constexpr int kFcntl = 25;
constexpr int kIoctl = 29;
constexpr int kFaccessat = 48;
constexpr int kChdir = 49;
constexpr int kFchdir = 50;
constexpr int kOpenat = 56;
constexpr int kClose = 57;
constexpr int kPipe2 = 59;
constexpr int kGetdents64 = 61;
constexpr int kLseek = 62;
constexpr int kRead = 63;
constexpr int kWrite = 64;
constexpr int kReadv = 65;
constexpr int kWritev = 66;
constexpr int kPread64 = 67;
constexpr int kPwrite64 = 68;
constexpr int kPselect6 = 72;
constexpr int kPpoll = 73;
constexpr int kReadlinkat = 78;
constexpr int kNewfstatat = 79;
constexpr int kFstat = 80;
constexpr int kExit = 93;
constexpr int kExitGroup = 94;
constexpr int kWaitid = 95;
constexpr int kSetTidAddress = 96;
constexpr int kFutex = 98;
constexpr int kSetRobustList = 99;
constexpr int kNanosleep = 101;
constexpr int kGetitimer = 102;
constexpr int kSetitimer = 103;
constexpr int kClockGettime = 113;
constexpr int kClockGetres = 114;
constexpr int kClockNanosleep = 115;
constexpr int kSchedSetaffinity = 122;
constexpr int kSchedGetaffinity = 123;
constexpr int kSchedYield = 124;
constexpr int kRestartSyscall = 128;
constexpr int kKill = 129;
constexpr int kTkill = 130;
constexpr int kTgkill = 131;
constexpr int kSigaltstack = 132;
constexpr int kRtSigsuspend = 133;
constexpr int kRtSigaction = 134;
constexpr int kRtSigprocmask = 135;
constexpr int kRtSigpending = 136;
constexpr int kRtSigreturn = 139;
constexpr int kReboot = 142;
constexpr int kTimes = 153;
constexpr int kSetpgid = 154;
constexpr int kGetpgid = 155;
constexpr int kGetsid = 156;
constexpr int kSetsid = 157;
constexpr int kUname = 160;
constexpr int kGetrlimit = 163;
constexpr int kSetrlimit = 164;
constexpr int kGetrusage = 165;
constexpr int kUmask = 166;
constexpr int kPrctl = 167;
constexpr int kGettimeofday = 169;
constexpr int kGetpid = 172;
constexpr int kGetppid = 173;
constexpr int kGetuid = 174;
constexpr int kGeteuid = 175;
constexpr int kGetgid = 176;
constexpr int kGetegid = 177;
constexpr int kGettid = 178;
constexpr int kGetcpu = 168;
constexpr int kSysinfo = 179;
constexpr int kSocket = 198;
constexpr int kSocketpair = 199;
constexpr int kBind = 200;
constexpr int kListen = 201;
constexpr int kAccept = 202;
constexpr int kConnect = 203;
constexpr int kGetsockname = 204;
constexpr int kGetpeername = 205;
constexpr int kSendto = 206;
constexpr int kRecvfrom = 207;
constexpr int kSetsockopt = 208;
constexpr int kGetsockopt = 209;
constexpr int kShutdown = 210;
constexpr int kSendmsg = 211;
constexpr int kRecvmsg = 212;
constexpr int kBrk = 214;
constexpr int kMunmap = 215;
constexpr int kMremap = 216;
constexpr int kClone = 220;
constexpr int kExecve = 221;
constexpr int kMmap = 222;
constexpr int kMprotect = 226;
constexpr int kMadvise = 233;
constexpr int kAccept4 = 242;
constexpr int kWait4 = 260;
constexpr int kPrlimit64 = 261;
constexpr int kGetrandom = 278;
constexpr int kStatx = 291;
constexpr int kRseq = 293;
constexpr int kClone3 = 435;
// This kernel's own calls, far above Linux's numbers (which Linux answers
// with ENOSYS): the network tools' views of the stack.
constexpr int kAkumaNetStats = 2048;
constexpr int kAkumaSocketList = 2049;
constexpr int kAkumaPing = 2050;
constexpr int kCount = 2051;  // the table's size: every number above is below it
}  // namespace nr

// ---------------------------------------------------------------- errno
namespace err {
constexpr int kEPERM = 1;
constexpr int kENOENT = 2;
constexpr int kESRCH = 3;
constexpr int kEINTR = 4;
constexpr int kEIO = 5;
constexpr int kE2BIG = 7;
constexpr int kENOEXEC = 8;
constexpr int kEBADF = 9;
constexpr int kECHILD = 10;
constexpr int kEAGAIN = 11;
constexpr int kENOMEM = 12;
constexpr int kEACCES = 13;
constexpr int kEFAULT = 14;
constexpr int kEBUSY = 16;
constexpr int kEEXIST = 17;
constexpr int kENODEV = 19;
constexpr int kENOTDIR = 20;
constexpr int kEISDIR = 21;
constexpr int kEINVAL = 22;
constexpr int kEMFILE = 24;
constexpr int kENOTTY = 25;
constexpr int kESPIPE = 29;
constexpr int kEROFS = 30;
constexpr int kEPIPE = 32;
constexpr int kERANGE = 34;
constexpr int kENAMETOOLONG = 36;
constexpr int kENOSYS = 38;
constexpr int kELOOP = 40;
constexpr int kENOTSOCK = 88;
constexpr int kEDESTADDRREQ = 89;
constexpr int kEMSGSIZE = 90;
constexpr int kENOPROTOOPT = 92;
constexpr int kEPROTONOSUPPORT = 93;
constexpr int kEOPNOTSUPP = 95;
constexpr int kEAFNOSUPPORT = 97;
constexpr int kEADDRINUSE = 98;
constexpr int kEADDRNOTAVAIL = 99;
constexpr int kENETUNREACH = 101;
constexpr int kECONNABORTED = 103;
constexpr int kECONNRESET = 104;
constexpr int kEISCONN = 106;
constexpr int kENOTCONN = 107;
constexpr int kETIMEDOUT = 110;
constexpr int kECONNREFUSED = 111;
constexpr int kEALREADY = 114;
constexpr int kEINPROGRESS = 115;
}  // namespace err

// ---------------------------------------------------------------- signals
// Signal numbers and dispositions are the kernel's own (kernel/proc/signal.h:
// Linux's numbers, which the kernel also reports in wait statuses).
constexpr uint64_t kSaRestorer = 0x04000000;
constexpr uint64_t kSaRestart = 0x10000000;
constexpr uint64_t kSaNodefer = 0x40000000;
constexpr uint64_t kSaResethand = 0x80000000;
constexpr uint64_t kSaSiginfo = 0x00000004;
constexpr uint64_t kSaNocldstop = 0x00000001;
constexpr uint64_t kSaNocldwait = 0x00000002;
constexpr uint64_t kSaOnstack = 0x08000000;
constexpr int kSigBlock = 0;
constexpr int kSigUnblock = 1;
constexpr int kSigSetmask = 2;

// The kernel's struct sigaction (asm-generic with SA_RESTORER).
struct KernelSigaction {
  uint64_t handler;
  uint64_t flags;
  uint64_t restorer;
  uint64_t mask;
};
static_assert(sizeof(KernelSigaction) == 32);

// stack_t (sigaltstack, uc_stack).
struct StackT {
  uint64_t sp;
  int32_t flags;
  int32_t pad;
  uint64_t size;
};
static_assert(sizeof(StackT) == 24);
constexpr int32_t kSsOnstack = 1;
constexpr int32_t kSsDisable = 2;
constexpr int32_t kSsAutodisarm = static_cast<int32_t>(1u << 31);

// siginfo_t: 128 bytes; the union at offset 16 holds, by kind of signal,
// pid and uid (kill, tgkill, SIGCHLD), then status, utime and stime
// (SIGCHLD), or the fault address (SIGSEGV, SIGBUS, ...).
struct Siginfo {
  int32_t signo;
  int32_t errno_;
  int32_t code;
  int32_t pad;
  union {
    struct {
      int32_t pid;
      uint32_t uid;
      int32_t status;
      int32_t pad;
      int64_t utime;
      int64_t stime;
    } child;
    uint64_t addr;
    uint8_t bytes[112];
  };
};
static_assert(sizeof(Siginfo) == 128);

// The signal frame on the user stack (arm64's rt_sigframe): siginfo, then
// the ucontext with the registers and, in __reserved, a list of records:
// the FP/SIMD state, then a terminating record of size 0.
struct Sigcontext {
  uint64_t fault_address;
  uint64_t regs[31];
  uint64_t sp;
  uint64_t pc;
  uint64_t pstate;
  alignas(16) uint8_t reserved[4096];
};
static_assert(sizeof(Sigcontext) == 4384);

struct Ucontext {
  uint64_t flags;
  uint64_t link;
  StackT stack;
  uint64_t sigmask;
  uint8_t unused[1024 / 8 - sizeof(uint64_t)];  // room for a larger sigset_t
  alignas(16) Sigcontext mcontext;
};
static_assert(__builtin_offsetof(Ucontext, mcontext) == 176 && sizeof(Ucontext) == 4560);

struct RtSigframe {
  Siginfo info;
  Ucontext uc;
};
static_assert(sizeof(RtSigframe) == 4688);

constexpr uint32_t kFpsimdMagic = 0x46508001;
struct FpsimdContext {
  uint32_t magic;
  uint32_t size;
  uint32_t fpsr;
  uint32_t fpcr;
  uint64_t vregs[64];  // q0..q31, low half first
};
static_assert(sizeof(FpsimdContext) == 528);

// The frame record Linux puts above the signal frame (x29 points at it).
struct FrameRecord {
  uint64_t fp;
  uint64_t lr;
};

// ---------------------------------------------------------------- wait
constexpr int kWNOHANG = 1;
constexpr int kWUNTRACED = 2;
constexpr int kWCONTINUED = 8;
constexpr int kWNOTHREAD = 0x20000000;
constexpr int kWALL = 0x40000000;
constexpr int kWCLONE = static_cast<int>(0x80000000u);

// ---------------------------------------------------------------- clone
constexpr uint64_t kCsignal = 0x000000ff;
constexpr uint64_t kCloneVm = 0x00000100;
constexpr uint64_t kCloneFs = 0x00000200;
constexpr uint64_t kCloneFiles = 0x00000400;
constexpr uint64_t kCloneSighand = 0x00000800;
constexpr uint64_t kClonePidfd = 0x00001000;
constexpr uint64_t kClonePtrace = 0x00002000;
constexpr uint64_t kCloneVfork = 0x00004000;
constexpr uint64_t kCloneParent = 0x00008000;
constexpr uint64_t kCloneThread = 0x00010000;
constexpr uint64_t kCloneNewns = 0x00020000;
constexpr uint64_t kCloneSysvsem = 0x00040000;
constexpr uint64_t kCloneSettls = 0x00080000;
constexpr uint64_t kCloneParentSettid = 0x00100000;
constexpr uint64_t kCloneChildCleartid = 0x00200000;
constexpr uint64_t kCloneDetached = 0x00400000;
constexpr uint64_t kCloneUntraced = 0x00800000;
constexpr uint64_t kCloneChildSettid = 0x01000000;

// ---------------------------------------------------------------- files
constexpr int kAtFdcwd = -100;
constexpr int kAtSymlinkNofollow = 0x100;
constexpr int kAtEaccess = 0x200;
constexpr int kAtEmptyPath = 0x1000;
constexpr int kOAccmode = 03;
constexpr int kORdonly = 0;
constexpr int kOWronly = 01;
constexpr int kORdwr = 02;
constexpr int kOCreat = 0100;
constexpr int kOExcl = 0200;
constexpr int kONoctty = 0400;
constexpr int kOTrunc = 01000;
constexpr int kOAppend = 02000;
constexpr int kONonblock = 04000;
constexpr int kODirectory = 040000;   // AArch64's value
constexpr int kONofollow = 0100000;   // AArch64's value
constexpr int kOLargefile = 0400000;  // AArch64's value
constexpr int kOCloexec = 02000000;
constexpr int kOPath = 010000000;
constexpr int kFDupfd = 0;
constexpr int kFGetfd = 1;
constexpr int kFSetfd = 2;
constexpr int kFGetfl = 3;
constexpr int kFSetfl = 4;
constexpr int kFDupfdCloexec = 1030;
constexpr int kFdCloexec = 1;
constexpr int kSeekSet = 0;
constexpr int kSeekCur = 1;
constexpr int kSeekEnd = 2;
constexpr int kROk = 4;
constexpr int kWOk = 2;
constexpr int kXOk = 1;

constexpr uint32_t kSIfmt = 0170000;
constexpr uint32_t kSIfsock = 0140000;
constexpr uint32_t kSIflnk = 0120000;
constexpr uint32_t kSIfreg = 0100000;
constexpr uint32_t kSIfdir = 0040000;
constexpr uint32_t kSIfchr = 0020000;
constexpr uint32_t kSIfifo = 0010000;

struct Stat {
  uint64_t dev;
  uint64_t ino;
  uint32_t mode;
  uint32_t nlink;
  uint32_t uid;
  uint32_t gid;
  uint64_t rdev;
  uint64_t pad1;
  int64_t size;
  int32_t blksize;
  int32_t pad2;
  int64_t blocks;
  int64_t atime_sec;
  uint64_t atime_nsec;
  int64_t mtime_sec;
  uint64_t mtime_nsec;
  int64_t ctime_sec;
  uint64_t ctime_nsec;
  uint32_t unused4;
  uint32_t unused5;
};
static_assert(sizeof(Stat) == 128);

// Linux's dev_t encoding (new_encode_dev) for st_dev / st_rdev.
constexpr uint64_t encode_dev(uint32_t major, uint32_t minor) {
  return (minor & 0xff) | ((major & 0xfff) << 8) | (uint64_t{minor & ~0xffu} << 12);
}

struct Dirent64Header {
  uint64_t ino;
  int64_t off;
  uint16_t reclen;
  uint8_t type;
  // char name[] follows, NUL-terminated, record padded to 8 bytes.
};
constexpr size_t kDirent64NameOffset = 19;
constexpr uint8_t kDtUnknown = 0;
constexpr uint8_t kDtFifo = 1;
constexpr uint8_t kDtChr = 2;
constexpr uint8_t kDtDir = 4;
constexpr uint8_t kDtReg = 8;
constexpr uint8_t kDtLnk = 10;
constexpr uint8_t kDtSock = 12;

struct Iovec {
  uint64_t base;
  uint64_t len;
};
constexpr int kIovMax = 1024;

// ---------------------------------------------------------------- ioctl
constexpr uint64_t kTCGETS = 0x5401;
constexpr uint64_t kTCSETS = 0x5402;
constexpr uint64_t kTCSETSW = 0x5403;
constexpr uint64_t kTCSETSF = 0x5404;
constexpr uint64_t kTIOCGPGRP = 0x540f;
constexpr uint64_t kTIOCSPGRP = 0x5410;
constexpr uint64_t kTIOCGWINSZ = 0x5413;
constexpr uint64_t kTIOCSWINSZ = 0x5414;
constexpr uint64_t kFIONREAD = 0x541b;
constexpr uint64_t kFIONBIO = 0x5421;

// The kernel's struct termios (TCGETS).
struct Termios {
  uint32_t iflag;
  uint32_t oflag;
  uint32_t cflag;
  uint32_t lflag;
  uint8_t line;
  uint8_t cc[19];
};
static_assert(sizeof(Termios) == 36);

struct Winsize {
  uint16_t row;
  uint16_t col;
  uint16_t xpixel;
  uint16_t ypixel;
};

// Network interface ioctls on a socket (struct ifreq, struct rtentry).
constexpr uint64_t kSIOCADDRT = 0x890b;
constexpr uint64_t kSIOCGIFFLAGS = 0x8913;
constexpr uint64_t kSIOCSIFFLAGS = 0x8914;
constexpr uint64_t kSIOCGIFADDR = 0x8915;
constexpr uint64_t kSIOCSIFADDR = 0x8916;
constexpr uint64_t kSIOCGIFNETMASK = 0x891b;
constexpr uint64_t kSIOCSIFNETMASK = 0x891c;
constexpr int16_t kIffUp = 0x1;
constexpr int16_t kIffBroadcast = 0x2;
constexpr int16_t kIffLoopback = 0x8;
constexpr int16_t kIffRunning = 0x40;
constexpr int16_t kIffMulticast = 0x1000;
constexpr uint16_t kRtfGateway = 0x2;

// ---------------------------------------------------------------- memory
constexpr int kMapShared = 0x01;
constexpr int kMapPrivate = 0x02;
constexpr int kMapType = 0x0f;
constexpr int kMapFixed = 0x10;
constexpr int kMapAnonymous = 0x20;
constexpr int kMapGrowsdown = 0x0100;
constexpr int kMapDenywrite = 0x0800;
constexpr int kMapExecutable = 0x1000;
constexpr int kMapLocked = 0x2000;
constexpr int kMapNoreserve = 0x4000;
constexpr int kMapPopulate = 0x8000;
constexpr int kMapNonblock = 0x10000;
constexpr int kMapStack = 0x20000;
constexpr int kMapFixedNoreplace = 0x100000;
constexpr int kMadvNormal = 0;
constexpr int kMadvRandom = 1;
constexpr int kMadvSequential = 2;
constexpr int kMadvWillneed = 3;
constexpr int kMadvDontneed = 4;

// ---------------------------------------------------------------- time
struct Timespec {
  int64_t sec;
  int64_t nsec;
};
struct Timeval {
  int64_t sec;
  int64_t usec;
};
constexpr int kClockRealtime = 0;
constexpr int kClockMonotonic = 1;
constexpr int kClockProcessCputimeId = 2;
constexpr int kClockThreadCputimeId = 3;
constexpr int kClockMonotonicRaw = 4;
constexpr int kClockRealtimeCoarse = 5;
constexpr int kClockMonotonicCoarse = 6;
constexpr int kClockBoottime = 7;
constexpr int kTimerAbstime = 1;
struct Itimerval {
  Timeval interval;
  Timeval value;
};
constexpr int kItimerReal = 0;
constexpr int kItimerVirtual = 1;
constexpr int kItimerProf = 2;

// ---------------------------------------------------------------- futex
constexpr int kFutexWait = 0;
constexpr int kFutexWake = 1;
constexpr int kFutexRequeue = 3;
constexpr int kFutexCmpRequeue = 4;
constexpr int kFutexWaitBitset = 9;
constexpr int kFutexWakeBitset = 10;
constexpr int kFutexPrivateFlag = 128;
constexpr int kFutexClockRealtime = 256;
constexpr int kFutexCmdMask = ~(kFutexPrivateFlag | kFutexClockRealtime);
constexpr uint32_t kFutexBitsetMatchAny = 0xffffffff;

struct Rusage {
  Timeval utime;
  Timeval stime;
  int64_t maxrss;  // KiB
  int64_t ixrss;
  int64_t idrss;
  int64_t isrss;
  int64_t minflt;
  int64_t majflt;
  int64_t nswap;
  int64_t inblock;
  int64_t oublock;
  int64_t msgsnd;
  int64_t msgrcv;
  int64_t nsignals;
  int64_t nvcsw;
  int64_t nivcsw;
};
static_assert(sizeof(Rusage) == 144);
constexpr int kRusageSelf = 0;
constexpr int kRusageChildren = -1;
constexpr int kRusageThread = 1;

struct Rlimit {
  uint64_t cur;
  uint64_t max;
};
constexpr uint64_t kRlimInfinity = ~0ull;
constexpr int kRlimitStack = 3;
constexpr int kRlimitNofile = 7;
constexpr int kRlimNlimits = 16;

// ---------------------------------------------------------------- system
struct Utsname {
  char sysname[65];
  char nodename[65];
  char release[65];
  char version[65];
  char machine[65];
  char domainname[65];
};
static_assert(sizeof(Utsname) == 390);

constexpr uint32_t kRebootMagic1 = 0xfee1dead;
constexpr uint32_t kRebootMagic2 = 672274793;
constexpr uint32_t kRebootCmdPowerOff = 0x4321fedc;
constexpr uint32_t kRebootCmdRestart = 0x01234567;
constexpr uint32_t kRebootCmdHalt = 0xcdef0123;
constexpr uint32_t kGrndNonblock = 1;
constexpr uint32_t kGrndRandom = 2;

// ---------------------------------------------------------------- auxv
constexpr uint64_t kAtNull = 0;
constexpr uint64_t kAtPhdr = 3;
constexpr uint64_t kAtPhent = 4;
constexpr uint64_t kAtPhnum = 5;
constexpr uint64_t kAtPagesz = 6;
constexpr uint64_t kAtBase = 7;
constexpr uint64_t kAtFlags = 8;
constexpr uint64_t kAtEntry = 9;
constexpr uint64_t kAtUid = 11;
constexpr uint64_t kAtEuid = 12;
constexpr uint64_t kAtGid = 13;
constexpr uint64_t kAtEgid = 14;
constexpr uint64_t kAtPlatform = 15;
constexpr uint64_t kAtHwcap = 16;
constexpr uint64_t kAtClktck = 17;
constexpr uint64_t kAtSecure = 23;
constexpr uint64_t kAtRandom = 25;
constexpr uint64_t kAtHwcap2 = 26;
constexpr uint64_t kAtExecfn = 31;
// AT_HWCAP bits (arm64).
constexpr uint64_t kHwcapFp = 1 << 0;
constexpr uint64_t kHwcapAsimd = 1 << 1;
constexpr uint64_t kHwcapAes = 1 << 3;
constexpr uint64_t kHwcapPmull = 1 << 4;
constexpr uint64_t kHwcapSha1 = 1 << 5;
constexpr uint64_t kHwcapSha2 = 1 << 6;
constexpr uint64_t kHwcapCrc32 = 1 << 7;

// ---------------------------------------------------------------- poll
constexpr int16_t kPollin = 0x001;
constexpr int16_t kPollpri = 0x002;
constexpr int16_t kPollout = 0x004;
constexpr int16_t kPollerr = 0x008;
constexpr int16_t kPollhup = 0x010;
constexpr int16_t kPollnval = 0x020;
constexpr int16_t kPollrdnorm = 0x040;
constexpr int16_t kPollwrnorm = 0x100;
constexpr int16_t kPollrdhup = 0x2000;
struct Pollfd {
  int32_t fd;
  int16_t events;
  int16_t revents;
};

// ---------------------------------------------------------------- sockets
constexpr int kAfUnix = 1;
constexpr int kAfInet = 2;
constexpr int kSockStream = 1;
constexpr int kSockDgram = 2;
constexpr int kSockTypeMask = 0xf;
constexpr int kSockNonblock = kONonblock;
constexpr int kSockCloexec = kOCloexec;
constexpr int kIpprotoIp = 0;
constexpr int kIpprotoTcp = 6;
constexpr int kIpprotoUdp = 17;
constexpr int kSolSocket = 1;
constexpr int kSoReuseaddr = 2;
constexpr int kSoType = 3;
constexpr int kSoError = 4;
constexpr int kSoKeepalive = 9;
constexpr int kSoRcvbuf = 8;
constexpr int kSoSndbuf = 7;
constexpr int kSoReuseport = 15;
constexpr int kSoRcvtimeo = 20;
constexpr int kSoSndtimeo = 21;
constexpr int kTcpNodelay = 1;
constexpr int kShutRd = 0;
constexpr int kShutWr = 1;
constexpr int kShutRdwr = 2;
constexpr int kMsgPeek = 0x2;
constexpr int kMsgDontwait = 0x40;
constexpr int kMsgWaitall = 0x100;
constexpr int kMsgNosignal = 0x4000;

struct SockaddrIn {
  uint16_t family;
  uint16_t port_be;  // network byte order
  uint32_t addr_be;  // network byte order
  uint8_t zero[8];
};
static_assert(sizeof(SockaddrIn) == 16);

struct Ifreq {
  char name[16];
  union {
    SockaddrIn addr;
    int16_t flags;
    uint8_t pad[24];
  };
};
static_assert(sizeof(Ifreq) == 40);

struct Rtentry {
  uint64_t pad1;
  SockaddrIn dst;
  SockaddrIn gateway;
  SockaddrIn genmask;
  uint16_t flags;
  uint8_t rest[128 - 8 - 48 - 2];  // metric, device name, mtu, window, irtt
};
static_assert(sizeof(Rtentry) == 128);

}  // namespace akuma::abi
