"""The two AArch64 C/C++ toolchains, both Debian's clang 14 + lld.

aarch64_none_elf_toolchain_config: bare metal, freestanding. Used for
everything built for //tools/platforms:aarch64_virt (the kernel, its test
variants and the private-ABI user programs).

aarch64_linux_gnu_toolchain_config: static Linux executables against Debian's
cross glibc and libstdc++ (gcc-aarch64-linux-gnu, g++-aarch64-linux-gnu,
libc6-dev-arm64-cross). Used for everything built for
//tools/platforms:aarch64_linux (programs/linux.bzl's linux_program): the
programs that run on Linux and on Akuma alike. FP/SIMD is allowed there.

Host code keeps Bazel's auto-configured toolchain.
"""

load(
    "@rules_cc//cc:cc_toolchain_config_lib.bzl",
    "feature",
    "flag_group",
    "flag_set",
    "tool_path",
)
load("@rules_cc//cc:action_names.bzl", "ACTION_NAMES")

# clang reports its resource dir through either path (one links to the other).
_CLANG_RESOURCE_INCLUDES = [
    "/usr/lib/llvm-14/lib/clang/14.0.6/include",
    "/usr/lib/clang/14.0.6/include",
]

# Debian's cross glibc and libstdc++ (GCC 12). The Linux toolchain names these
# itself (-nostdlibinc), so the host's /usr/include can never leak in.
_CROSS = "/usr/aarch64-linux-gnu/include"
_LINUX_C_INCLUDES = _CLANG_RESOURCE_INCLUDES[:1] + [_CROSS]
_LINUX_CXX_INCLUDES = [
    _CROSS + "/c++/12",
    _CROSS + "/c++/12/aarch64-linux-gnu",
    _CROSS + "/c++/12/backward",
]

_COMPILE_ACTIONS = [
    ACTION_NAMES.assemble,
    ACTION_NAMES.preprocess_assemble,
    ACTION_NAMES.c_compile,
    ACTION_NAMES.cpp_compile,
]

_CXX_ACTIONS = [ACTION_NAMES.cpp_compile]

_LINK_ACTIONS = [
    ACTION_NAMES.cpp_link_executable,
]

# Keep absolute paths and dates out of the output, so builds are reproducible
# and --disk_cache hits across checkouts.
_REPRODUCIBLE = [
    "-no-canonical-prefixes",
    "-fdebug-prefix-map=/proc/self/cwd=.",
    "-Wno-builtin-macro-redefined",
    "-D__DATE__=\"redacted\"",
    "-D__TIMESTAMP__=\"redacted\"",
    "-D__TIME__=\"redacted\"",
]

_WARNINGS = [
    "-Wall",
    "-Wextra",
    "-Werror",
    "-Wno-unused-parameter",
    # kernel/lib/thread_safety.h: fields guarded by a lock, functions that need one.
    "-Wthread-safety",
]

_TOOL_PATHS = [
    tool_path(name = "gcc", path = "/usr/bin/clang"),
    tool_path(name = "ld", path = "/usr/bin/ld.lld"),
    tool_path(name = "ar", path = "/usr/bin/llvm-ar"),
    tool_path(name = "cpp", path = "/usr/bin/clang-cpp"),
    tool_path(name = "nm", path = "/usr/bin/llvm-nm"),
    tool_path(name = "objcopy", path = "/usr/bin/llvm-objcopy"),
    tool_path(name = "objdump", path = "/usr/bin/llvm-objdump"),
    tool_path(name = "strip", path = "/usr/bin/llvm-strip"),
    tool_path(name = "gcov", path = "/bin/false"),
]

def _flags(actions, flags):
    return flag_set(actions = actions, flag_groups = [flag_group(flags = flags)])

def _isystem(dirs):
    flags = []
    for d in dirs:
        flags += ["-isystem", d]
    return flags

def _config(ctx, identifier, target, libc, features, include_dirs):
    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        features = features,
        cxx_builtin_include_directories = include_dirs,
        toolchain_identifier = identifier,
        host_system_name = "x86_64-linux-gnu",
        target_system_name = target,
        target_cpu = "aarch64",
        target_libc = libc,
        compiler = "clang",
        abi_version = libc,
        abi_libc_version = libc,
        tool_paths = _TOOL_PATHS,
    )

# Kernel instrumentation, off unless asked for (`.bazelrc`: --config=ubsan, kasan, coverage
# set --features=...). Each compiles with its flag and a define; no runtime library is linked
# (-nostdlib): //kernel/debug provides the kernel's own runtime for each, and opts its own
# sources out with `features = ["-akuma_..."]`.
_KERNEL_INSTRUMENTATION = [
    # UBSan with its full handler ABI (source locations, type descriptors, values):
    # //kernel/debug:ubsan prints them and panics. Left out: vptr and function, which
    # need RTTI (the kernel has none).
    feature(
        name = "akuma_ubsan",
        flag_sets = [_flags(_COMPILE_ACTIONS, [
            "-fsanitize=undefined",
            "-fno-sanitize=vptr,function",
            "-DAKUMA_UBSAN=1",
        ])],
    ),
    # KASAN: every load and store of instrumented code calls __asan_{load,store}N_noabort
    # (call threshold 0: no inline shadow arithmetic, so the shadow can sit wherever
    # memory_init puts it); heap and page allocator state is tracked by //kernel/debug:kasan.
    # Stack and global redzones are off: the runtime covers the heap and the pages.
    feature(
        name = "akuma_kasan",
        flag_sets = [_flags(_COMPILE_ACTIONS, [
            # clang's driver refuses kernel-address for a bare-metal target (it knows no
            # runtime for one); the compiler proper does it, and the runtime is ours.
            "-Xclang",
            "-fsanitize=kernel-address",
            "-Xclang",
            "-fsanitize-recover=kernel-address",
            "-mllvm",
            "-asan-instrumentation-with-call-threshold=0",
            "-mllvm",
            "-asan-stack=0",
            "-mllvm",
            "-asan-globals=0",
            "-DAKUMA_KASAN=1",
        ])],
    ),
    # Source-based coverage: counters in __llvm_prf_cnts, written out at power-off by
    # //kernel/debug:profile through semihosting (see kernel/debug/README.md).
    feature(
        name = "akuma_coverage",
        flag_sets = [_flags(_COMPILE_ACTIONS, [
            "-fprofile-instr-generate",
            "-fcoverage-mapping",
            # For a target without an OS, clang's instrumentation registers every function
            # from a constructor, whose references to the records of inline functions' COMDAT
            # copies the linker discards do not link. Told that the target is Linux (in the
            # compiler proper only: the driver keeps every bare-metal setting), it relies on
            # the sections' bounds instead, which the linker script provides. The kernel
            # tests no OS macro.
            "-Xclang",
            "-triple",
            "-Xclang",
            "aarch64-unknown-linux-gnu",
            "-DAKUMA_COVERAGE=1",
        ])],
    ),
]

# `bazel coverage` turns on the toolchain's "coverage" feature for what it instruments, and
# Bazel gives a toolchain without one its legacy gcov flags (--coverage), which would want
# gcc's gcov runtime in AArch64 images. These toolchains define it, empty: their code is
# covered by --config=coverage (akuma_coverage, clang's source-based coverage) instead.
_NO_BAZEL_COVERAGE = [
    feature(name = "coverage"),
    feature(name = "gcc_coverage_map_format"),
    feature(name = "llvm_coverage_map_format"),
]

def _none_elf_impl(ctx):
    freestanding = feature(
        name = "aarch64_freestanding",
        enabled = True,
        flag_sets = [
            _flags(_COMPILE_ACTIONS, [
                "--target=aarch64-none-elf",
                "-mcpu=cortex-a72",
                # The kernel never touches FP/SIMD registers, so context
                # switches need not save them; user programs follow suit.
                "-mgeneral-regs-only",
                "-mstrict-align",
                "-ffreestanding",
                "-nostdlibinc",
                "-fno-stack-protector",
                "-fno-omit-frame-pointer",
                "-mno-omit-leaf-frame-pointer",
                "-fno-common",
                "-ffunction-sections",
                "-fdata-sections",
                "-DAKUMA_FREESTANDING",
                "-O2",
                "-g",
            ] + _WARNINGS + _REPRODUCIBLE),
            _flags(_CXX_ACTIONS, [
                "-std=c++20",
                "-fno-exceptions",
                "-fno-rtti",
                "-fno-threadsafe-statics",
                "-fno-use-cxa-atexit",
                "-fno-sized-deallocation",
            ]),
            _flags(_LINK_ACTIONS, [
                "--target=aarch64-none-elf",
                "-fuse-ld=lld",
                "-nostdlib",
                "-static",
                "-Wl,--gc-sections",
                "-Wl,--build-id=none",
            ]),
        ],
    )
    return _config(
        ctx,
        "aarch64-none-elf-clang",
        "aarch64-none-elf",
        "none",
        [freestanding] + _KERNEL_INSTRUMENTATION + _NO_BAZEL_COVERAGE,
        _CLANG_RESOURCE_INCLUDES,
    )

aarch64_none_elf_toolchain_config = rule(
    implementation = _none_elf_impl,
    attrs = {},
    provides = [CcToolchainConfigInfo],
)

def _linux_gnu_impl(ctx):
    linux = feature(
        name = "aarch64_linux_gnu_static",
        enabled = True,
        flag_sets = [
            _flags(_COMPILE_ACTIONS, [
                "--target=aarch64-linux-gnu",
                "-mcpu=cortex-a72",
                # Only the cross headers named below: never the host's /usr/include.
                "-nostdlibinc",
                "-fno-omit-frame-pointer",
                "-ffunction-sections",
                "-fdata-sections",
                "-O2",
                "-g",
            ] + _WARNINGS + _REPRODUCIBLE),
            # C++ headers first, as clang orders them itself.
            _flags(_CXX_ACTIONS, ["-std=c++20"] + _isystem(_LINUX_CXX_INCLUDES)),
            _flags(_COMPILE_ACTIONS, _isystem(_LINUX_C_INCLUDES)),
            _flags(_LINK_ACTIONS, [
                "--target=aarch64-linux-gnu",
                "-fuse-ld=lld",
                # clang finds Debian's cross GCC installation (crt files,
                # libgcc, glibc) under /usr/lib/gcc-cross/aarch64-linux-gnu/12.
                "-static",
                "-Wl,--gc-sections",
                "-Wl,--build-id=none",
                # Link as clang++ does (libstdc++ and libm after the objects);
                # static archives add only what a program uses.
                "--driver-mode=g++",
            ]),
        ],
    )
    # --config=coverage for user programs too: counters written at exit by
    # //programs/coverage:profile_runtime (programs/linux.bzl links it in that build).
    coverage = feature(
        name = "akuma_coverage",
        flag_sets = [_flags(_COMPILE_ACTIONS, [
            "-fprofile-instr-generate",
            "-fcoverage-mapping",
        ])],
    )
    return _config(
        ctx,
        "aarch64-linux-gnu-clang",
        "aarch64-linux-gnu",
        "glibc",
        [linux, coverage] + _NO_BAZEL_COVERAGE,
        _CLANG_RESOURCE_INCLUDES + [_CROSS, "/usr/lib/gcc-cross/aarch64-linux-gnu/12/include"],
    )

aarch64_linux_gnu_toolchain_config = rule(
    implementation = _linux_gnu_impl,
    attrs = {},
    provides = [CcToolchainConfigInfo],
)
