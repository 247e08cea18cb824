// Entry point, in the arm64 Linux Image format: QEMU recognises the header
// below (magic "ARM\x64" at offset 56), loads the Image at RAM base +
// text_offset, loads -initrd and records it in the device tree, and enters
// _head at EL1 (or EL2) with the MMU off and x0 = the device tree's physical
// address.
//
// Until the MMU is on, the code runs at physical addresses although it is
// linked in the upper half (memory_map.h), so it uses only PC-relative
// addressing. It maps the first 4 GiB of physical memory twice with one
// level-1 table — identity (TTBR0) and linear (TTBR1, VA = PA + kLinearBase,
// the same table since kLinearBase has zero bits 38:30) — turns the MMU on,
// jumps to the linked address, and from there on the identity half is not
// needed (mmu::init replaces both tables).
#define KERNEL_LOAD_PHYS 0x40080000

// Level-1 block descriptors (1 GiB): valid block, AttrIndx, AP EL1 RW,
// inner shareable, access flag, PXN/UXN.
#define BLOCK_DEVICE ((1 << 0) | (0 << 2) | (1 << 10) | (1 << 53) | (1 << 54))
#define BLOCK_NORMAL ((1 << 0) | (1 << 2) | (3 << 8) | (1 << 10) | (1 << 54))
// TCR: T0SZ=T1SZ=25 (39-bit halves), 4 KiB granules, write-back
// write-allocate inner/outer, inner shareable, 40-bit physical addresses.
#define TCR_VALUE (25 | (1 << 8) | (1 << 10) | (3 << 12) | (0 << 14) | \
                   (25 << 16) | (1 << 24) | (1 << 26) | (3 << 28) | (2 << 30) | (2 << 32))
// MAIR: attr0 Device-nGnRnE, attr1 Normal write-back RW-allocate.
#define MAIR_VALUE (0xff << 8)

.section .text.head, "ax"
.global _head
_head:
    b       _start                  // code0
    .long   0                       // code1
    .quad   KERNEL_LOAD_PHYS - 0x40000000   // text_offset from the start of RAM
    .quad   __image_size            // effective size, .bss included
    .quad   0x2                     // flags: little endian, 4 KiB pages
    .quad   0
    .quad   0
    .quad   0
    .ascii  "ARM\x64"               // magic
    .long   0

.section .text.boot, "ax"
_start:
    mov     x19, x0                 // the device tree, kept for kernel_main
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
    // The image is linked for one load address; anything else cannot work.
    adr     x1, _head
    ldr     x2, =KERNEL_LOAD_PHYS
    cmp     x1, x2
    b.ne    .
    // The boot table: devices (first GiB) and RAM (1..4 GiB) in 1 GiB blocks.
    adrp    x1, boot_l1
    mov     x2, #0
2:  str     xzr, [x1, x2, lsl #3]
    add     x2, x2, #1
    cmp     x2, #512
    b.ne    2b
    ldr     x2, =BLOCK_DEVICE
    str     x2, [x1, #0]
    ldr     x2, =(0x40000000 | BLOCK_NORMAL)
    str     x2, [x1, #8]
    ldr     x2, =(0x80000000 | BLOCK_NORMAL)
    str     x2, [x1, #16]
    ldr     x2, =(0xc0000000 | BLOCK_NORMAL)
    str     x2, [x1, #24]
    ldr     x2, =MAIR_VALUE
    msr     mair_el1, x2
    ldr     x2, =TCR_VALUE
    msr     tcr_el1, x2
    msr     ttbr0_el1, x1
    msr     ttbr1_el1, x1
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    mrs     x2, sctlr_el1
    orr     x2, x2, #(1 << 0)       // M: MMU on
    orr     x2, x2, #(1 << 2)       // C: data cache
    orr     x2, x2, #(1 << 12)      // I: instruction cache
    bic     x2, x2, #(1 << 1)       // A: no alignment checking
    msr     sctlr_el1, x2
    isb
    ldr     x2, =high_start         // the linked (upper-half) address
    br      x2

high_start:
    ldr     x1, =__boot_stack_top
    mov     sp, x1
    mov     x29, #0                 // terminates frame-pointer backtraces
    mov     x30, #0
    ldr     x1, =__bss_start
    ldr     x2, =__bss_end
3:  cmp     x1, x2
    b.hs    4f
    str     xzr, [x1], #8
    b       3b
4:
    // FP/SIMD: the kernel never touches it (-mgeneral-regs-only); user code
    // may, and each thread's registers are switched (sched/switch.S).
    mov     x1, #(3 << 20)
    msr     cpacr_el1, x1
    isb
    ldr     x1, =exception_vectors
    msr     vbar_el1, x1
    isb
    mov     x0, x19
    bl      kernel_main
5:  wfe
    b       5b

// A secondary CPU, started by PSCI CPU_ON (kernel/boot/smp.cc) with the MMU
// off, at EL1 (or EL2), x0 = its CPU id. The same steps as the boot CPU with
// the boot table (still in memory: it is only ever read now), then its own
// stack (secondary_stack_tops[id], set before CPU_ON) and secondary_main.
.section .text.boot, "ax"
.global secondary_entry
secondary_entry:
    mov     x19, x0
    mrs     x1, CurrentEL
    lsr     x1, x1, #2
    cmp     x1, #2
    b.ne    1f
    mov     x1, #(1 << 31)
    msr     hcr_el2, x1
    mov     x1, #0x3c5
    msr     spsr_el2, x1
    adr     x1, 1f
    msr     elr_el2, x1
    eret
1:
    adrp    x1, boot_l1
    ldr     x2, =MAIR_VALUE
    msr     mair_el1, x2
    ldr     x2, =TCR_VALUE
    msr     tcr_el1, x2
    msr     ttbr0_el1, x1
    msr     ttbr1_el1, x1
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    mrs     x2, sctlr_el1
    orr     x2, x2, #(1 << 0)
    orr     x2, x2, #(1 << 2)
    orr     x2, x2, #(1 << 12)
    bic     x2, x2, #(1 << 1)
    msr     sctlr_el1, x2
    isb
    ldr     x2, =secondary_high
    br      x2

secondary_high:
    ldr     x1, =secondary_stack_tops
    ldr     x2, [x1, x19, lsl #3]
    mov     sp, x2
    mov     x29, #0
    mov     x30, #0
    mov     x1, #(3 << 20)
    msr     cpacr_el1, x1
    isb
    ldr     x1, =exception_vectors
    msr     vbar_el1, x1
    isb
    mov     x0, x19
    bl      secondary_main
2:  wfe
    b       2b

// The boot translation table: in .data, not .bss, which is cleared while it
// is in use.
.section .data.boot, "aw"
.balign 4096
boot_l1:
    .space  4096

.section .bss
.balign 16
__boot_stack_bottom:
    .space  16384
.global __boot_stack_top
__boot_stack_top:
