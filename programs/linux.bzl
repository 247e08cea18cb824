"""Static Linux AArch64 executables: programs that run on Linux and on Akuma alike.

linux_program(name, srcs, deps = [], copts = [], linkopts = [], ...)
    A static executable against Debian's cross glibc, built for
    //tools/platforms:aarch64_linux through a transition (so one
    `bazel test //...` builds it next to host code and bare-metal kernels).
    `:NAME` is the stripped copy that goes into an initramfs; the unstripped
    ELF, with symbols and debug info, is `:NAME_elf` (in the Linux
    configuration) and the `unstripped` output group of `:NAME`.

LinuxProgramInfo(stripped, unstripped) is the provider of `:NAME`.

The Linux configuration has its own output directory (platform suffix
`-aarch64-linux`), so its objects never mix with host or bare-metal ones.
"""

load("@rules_cc//cc:defs.bzl", "cc_binary")

LinuxProgramInfo = provider(
    doc = "A static Linux executable: the stripped copy and the ELF with symbols.",
    fields = {
        "stripped": "File: the executable without symbols or debug info",
        "unstripped": "File: the same executable as linked",
    },
)

def _aarch64_linux_transition_impl(settings, attr):
    # A coverage build's programs get their own output directory, as its kernels do.
    coverage = "akuma_coverage" in settings["//command_line_option:features"]
    return {
        "//command_line_option:platforms": "//tools/platforms:aarch64_linux",
        "//command_line_option:platform_suffix": "-aarch64-linux" + ("-coverage" if coverage else ""),
    }

aarch64_linux_transition = transition(
    implementation = _aarch64_linux_transition_impl,
    inputs = ["//command_line_option:features"],
    outputs = ["//command_line_option:platforms", "//command_line_option:platform_suffix"],
)

def _stripped_program_impl(ctx):
    unstripped = ctx.attr.binary[0][DefaultInfo].files_to_run.executable
    stripped = ctx.actions.declare_file(ctx.label.name)
    ctx.actions.run(
        executable = "/usr/bin/llvm-strip",
        arguments = ["--strip-all", "-o", stripped.path, unstripped.path],
        inputs = [unstripped],
        outputs = [stripped],
        mnemonic = "StripLinuxProgram",
        progress_message = "Stripping %s" % ctx.label,
    )
    return [
        DefaultInfo(files = depset([stripped]), runfiles = ctx.runfiles(files = [stripped])),
        OutputGroupInfo(unstripped = depset([unstripped])),
        LinuxProgramInfo(stripped = stripped, unstripped = unstripped),
    ]

_stripped_program = rule(
    implementation = _stripped_program_impl,
    attrs = {
        "binary": attr.label(cfg = aarch64_linux_transition, mandatory = True),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)

def linux_program(name, srcs, deps = [], copts = [], linkopts = [], visibility = None, tags = [], **kwargs):
    """A static Linux AArch64 executable; `:NAME` is its stripped copy."""
    cc_binary(
        name = name + "_elf",
        srcs = srcs,
        # --config=coverage: the runtime that writes the program's profile at exit.
        deps = deps + select({
            "//kernel/debug:coverage_enabled": ["//programs/coverage:profile_runtime"],
            "//conditions:default": [],
        }),
        copts = copts,
        linkopts = linkopts,
        target_compatible_with = [
            "@platforms//os:linux",
            "@platforms//cpu:aarch64",
        ],
        tags = tags + ["manual"],
        visibility = visibility,
        **kwargs
    )
    _stripped_program(
        name = name,
        binary = ":" + name + "_elf",
        tags = tags,
        visibility = visibility,
    )
