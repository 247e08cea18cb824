"""Bare-metal AArch64 C++ toolchain: Debian's clang 14 + lld, freestanding.

Used for everything built for //tools/platforms:aarch64_virt (the kernel, its
test variants and user programs). Host code keeps Bazel's auto-configured
toolchain.
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

def _flags(actions, flags):
    return flag_set(actions = actions, flag_groups = [flag_group(flags = flags)])

def _impl(ctx):
    tool_paths = [
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
                "-Wall",
                "-Wextra",
                "-Werror",
                "-Wno-unused-parameter",
                # Keep absolute paths out of the output, so builds are
                # reproducible and --disk_cache hits across checkouts.
                "-no-canonical-prefixes",
                "-fdebug-prefix-map=/proc/self/cwd=.",
                "-Wno-builtin-macro-redefined",
                "-D__DATE__=\"redacted\"",
                "-D__TIMESTAMP__=\"redacted\"",
                "-D__TIME__=\"redacted\"",
            ]),
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

    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        features = [freestanding],
        cxx_builtin_include_directories = _CLANG_RESOURCE_INCLUDES,
        toolchain_identifier = "aarch64-none-elf-clang",
        host_system_name = "x86_64-linux-gnu",
        target_system_name = "aarch64-none-elf",
        target_cpu = "aarch64",
        target_libc = "none",
        compiler = "clang",
        abi_version = "none",
        abi_libc_version = "none",
        tool_paths = tool_paths,
    )

aarch64_none_elf_toolchain_config = rule(
    implementation = _impl,
    attrs = {},
    provides = [CcToolchainConfigInfo],
)
