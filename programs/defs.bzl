"""User programs and the program image linked into the kernel.

akuma_program(name, srcs, deps = [])
    An AArch64 EL0 ELF linked at 4 GiB against //programs/runtime.
akuma_program_image(name, programs)
    A cc_library holding every program in one read-only image (format in
    programs/pack_programs.py); the kernel finds programs in it by name,
    which is the program target's name.
"""

load("@rules_cc//cc:defs.bzl", "cc_binary", "cc_library")

def akuma_program(name, srcs, deps = [], **kwargs):
    cc_binary(
        name = name,
        srcs = srcs,
        deps = deps + ["//programs/runtime"],
        additional_linker_inputs = ["//programs/runtime:user.ld"],
        linkopts = [
            "-T",
            "$(location //programs/runtime:user.ld)",
            "-Wl,-z,max-page-size=4096",
        ],
        target_compatible_with = ["@platforms//os:none"],
        **kwargs
    )

def akuma_program_image(name, programs):
    labels = [p if ":" in p else ":" + p for p in programs]
    names = [l.split(":")[-1] for l in labels]
    pairs = " ".join(["%s=$(location %s)" % (n, l) for n, l in zip(names, labels)])
    native.genrule(
        name = name + "_gen",
        srcs = labels,
        outs = [name + ".inc", name + ".S"],
        tools = ["//programs:pack_programs.py"],
        cmd = "/usr/bin/python3 $(location //programs:pack_programs.py) " +
              "--image $(location %s.inc) --asm $(location %s.S) %s" % (name, name, pairs),
        target_compatible_with = ["@platforms//os:none"],
    )
    cc_library(
        name = name,
        srcs = [name + ".S"],
        # The image is pulled in by .incbin; a .inc "header" makes Bazel ship
        # it to the assembler's sandbox.
        textual_hdrs = [name + ".inc"],
        target_compatible_with = ["@platforms//os:none"],
        visibility = ["//visibility:public"],
    )
