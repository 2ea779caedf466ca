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

/*
 * Built without -ffast-math: it assumes no NaN or infinity (a diverged loss must stay NaN), and GCC 12 links
 * crtfastmath.o into the library with it, whose constructor turns on flush-to-zero in the thread that loads the
 * library (a JVM thread). glibc declares its vector math (libmvec) only under -ffast-math; declared here, the
 * loops over exp and log vectorize without it.
 */
#pragma omp declare simd notinbranch
float expf(float);
#pragma omp declare simd notinbranch
double exp(double);
#pragma omp declare simd notinbranch
float logf(float);
#pragma omp declare simd notinbranch
double log(double);

#define KERNEL __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) __attribute__((visibility("default")))

#define GELU_C 0.7978845608028654
#define GELU_A 0.044715
/* The columns of logits by class one thread takes at a time in the cross-entropy: 1 KB of each class's row. */
#define CE_COLUMNS 256
/* The columns one thread sums at a time down the rows of a bias's gradient: four vectors of sums. */
#define SUM_COLUMNS 64

/* One vector of 64 bytes (a register with AVX-512, two with AVX2) holds VW values of REAL; loads and stores need no
 * alignment. Macros, not functions: a function passing such vectors would have another ABI in each clone. */
typedef float vector_f32 __attribute__((vector_size(64)));
typedef double vector_f64 __attribute__((vector_size(64)));
#define VW (int64_t) (64 / sizeof(REAL))
#define LOAD(from) ({ VEC loaded_; memcpy(&loaded_, (from), sizeof loaded_); loaded_; })
#define STORE(to, value) do { VEC stored_ = (value); memcpy((to), &stored_, sizeof stored_); } while (0)
/* Helpers called from the kernels: inlined, so that they run with the clone's instructions. */
#define INLINE static inline __attribute__((always_inline))

#define REAL float
#define VEC vector_f32
#define SUFFIX(name) name##_f32
#define EXP expf
#define LOG logf
#define SQRT sqrtf
#include "kubegpt_kernels.inc"
#undef REAL
#undef VEC
#undef SUFFIX
#undef EXP
#undef LOG
#undef SQRT

#define REAL double
#define VEC vector_f64
#define SUFFIX(name) name##_f64
#define EXP exp
#define LOG log
#define SQRT sqrt
#include "kubegpt_kernels.inc"
