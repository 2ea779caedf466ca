/*
 * Fused forward and backward kernels for the GPT graph: each reads and writes an activation once where the
 * stock ops make several passes. float32, and float64 for the gradient checks; C-order, contiguous buffers;
 * `threads` OpenMP threads. The bodies are in kubegpt_kernels.inc, included once per type.
 * Each function is compiled for AVX-512, AVX2 and plain x86-64, picked at load time for the CPU at hand.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KERNEL __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) __attribute__((visibility("default")))

#define GELU_C 0.7978845608028654
#define GELU_A 0.044715

#define REAL float
#define SUFFIX(name) name##_f32
#define EXP expf
#define LOG logf
#define SQRT sqrtf
#include "kubegpt_kernels.inc"
#undef REAL
#undef SUFFIX
#undef EXP
#undef LOG
#undef SQRT

#define REAL double
#define SUFFIX(name) name##_f64
#define EXP exp
#define LOG log
#define SQRT sqrt
#include "kubegpt_kernels.inc"
