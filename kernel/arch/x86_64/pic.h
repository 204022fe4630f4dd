/*
 * pic.h — the legacy 8259 interrupt controllers: ISA interrupt lines 0-15
 * arrive through them (via the local APIC's LINT0 in ExtINT mode) on
 * vectors VEC_PIC_BASE + line. Every line starts masked; user-space drivers
 * unmask theirs through interrupt objects (irq.c).
 */
#ifndef ARCH_PIC_H
#define ARCH_PIC_H

#include <stdbool.h>

#define PIC_LINES        16
#define PIC_CASCADE_LINE 2

void pic_init(void);
void pic_mask(unsigned line);
void pic_unmask(unsigned line);
/* Acknowledge line at the controller(s); false if it was spurious (nothing to acknowledge). */
bool pic_acknowledge(unsigned line);

#endif
