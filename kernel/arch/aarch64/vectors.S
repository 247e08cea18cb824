// Exception vector table (VBAR_EL1). Every entry saves a TrapFrame
// (trap_frame.h) on the current EL1 stack and calls
// exception_dispatch(kind, frame); on return the frame is restored, so a
// handler may change it (syscall results, a different thread's frame).
#define FRAME_SIZE 288

.macro VENTRY kind
.balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x0, #\kind
    b       save_and_dispatch
.endm

.section .text
.balign 0x800
.global exception_vectors
exception_vectors:
    // Current EL with SP_EL0 (unused by this kernel).
    VENTRY 0
    VENTRY 1
    VENTRY 2
    VENTRY 3
    // Current EL with SP_ELx: kernel-mode exceptions.
    VENTRY 4    // sync
    VENTRY 5    // irq
    VENTRY 6    // fiq
    VENTRY 7    // serror
    // Lower EL, AArch64: user-mode exceptions.
    VENTRY 8    // sync (svc, faults)
    VENTRY 9    // irq
    VENTRY 10   // fiq
    VENTRY 11   // serror
    // Lower EL, AArch32: not supported.
    VENTRY 12
    VENTRY 13
    VENTRY 14
    VENTRY 15

save_and_dispatch:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x2, sp_el0
    stp     x30, x2, [sp, #240]
    mrs     x2, elr_el1
    mrs     x3, spsr_el1
    stp     x2, x3, [sp, #256]
    mrs     x2, esr_el1
    mrs     x3, far_el1
    stp     x2, x3, [sp, #272]
    mov     x1, sp
    // A frame record pointing at the interrupted code, so backtraces walk
    // through the exception into the code it interrupted.
    ldr     x2, [sp, #256]
    stp     x29, x2, [sp, #-16]!
    mov     x29, sp
    bl      exception_dispatch
    add     sp, sp, #16
.global exception_return
exception_return:
    // Invariant: IRQs are masked here. An IRQ taken in the middle would
    // overwrite ELR/SPSR after they are set below; a path that gets here
    // with IRQs on is a kernel bug, stopped at once (brk: a panic report).
    mrs     x2, daif
    tbz     x2, #7, 9f
    ldp     x2, x3, [sp, #256]
    msr     elr_el1, x2
    msr     spsr_el1, x3
    ldp     x30, x2, [sp, #240]
    msr     sp_el0, x2
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    add     sp, sp, #FRAME_SIZE
    eret
9:  brk     #0x4b49    // "KI": exception_return with IRQs on
