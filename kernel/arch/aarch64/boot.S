// Entry point. QEMU enters here at EL1 (or EL2 with virtualization=on) with the
// MMU and caches off. We set up the boot stack, clear .bss, install the
// exception vectors and call kernel_main; it never returns.
.section .text.boot, "ax"
.global _start
_start:
    mrs     x1, CurrentEL
    lsr     x1, x1, #2
    cmp     x1, #2
    b.ne    1f
    // At EL2: run the kernel at EL1 with AArch64, interrupts masked.
    mov     x1, #(1 << 31)          // HCR_EL2.RW: EL1 is AArch64
    msr     hcr_el2, x1
    mov     x1, #0x3c5              // SPSR: EL1h, DAIF masked
    msr     spsr_el2, x1
    adr     x1, 1f
    msr     elr_el2, x1
    eret
1:
    ldr     x1, =__boot_stack_top
    mov     sp, x1
    mov     x29, #0                 // terminates frame-pointer backtraces
    mov     x30, #0
    ldr     x1, =__bss_start
    ldr     x2, =__bss_end
2:  cmp     x1, x2
    b.hs    3f
    str     xzr, [x1], #8
    b       2b
3:
    // FP/SIMD: the kernel is built with -mgeneral-regs-only, but allow it so a
    // stray instruction does not trap before the vectors are up.
    mov     x1, #(3 << 20)
    msr     cpacr_el1, x1
    isb
    ldr     x1, =exception_vectors
    msr     vbar_el1, x1
    isb
    bl      kernel_main
4:  wfe
    b       4b

.section .bss
.balign 16
__boot_stack_bottom:
    .space  16384
.global __boot_stack_top
__boot_stack_top:
