// Counter-based standard normals: Philox4x32-10 (Salmon et al. 2011) + Box-Muller, bit-compatible with
// org.rnnfield.array.Philox: element i of a buffer is normal(seed, stream, i), so CPU and GPU draw the
// same numbers in any order.
#include <stdint.h>

__device__ __forceinline__ void philox4x32_10(uint32_t c[4], uint32_t k0, uint32_t k1) {
    const uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u, W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
    #pragma unroll
    for (int r = 0; r < 10; r++) {
        uint64_t p0 = (uint64_t)M0 * c[0];
        uint64_t p1 = (uint64_t)M1 * c[2];
        uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
        uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
        uint32_t n0 = hi1 ^ c[1] ^ k0;
        uint32_t n2 = hi0 ^ c[3] ^ k1;
        c[0] = n0; c[1] = lo1; c[2] = n2; c[3] = lo0;
        k0 += W0; k1 += W1;
    }
}

// 53 random bits from two words, mapped to (0, 1): ((bits + 0.5) * 2^-53), as Philox.uniform
__device__ __forceinline__ double uniform53(uint32_t hi, uint32_t lo) {
    uint64_t bits = (((uint64_t)hi << 21) ^ ((uint64_t)lo >> 11)) & ((1ull << 53) - 1);
    return ((double)bits + 0.5) * 1.1102230246251565e-16;
}

__device__ __forceinline__ double philox_normal(uint64_t seed, uint64_t stream, uint64_t index) {
    uint64_t pair = index >> 1;
    uint32_t c[4] = {(uint32_t)pair, (uint32_t)(pair >> 32), (uint32_t)stream, (uint32_t)(stream >> 32)};
    philox4x32_10(c, (uint32_t)seed, (uint32_t)(seed >> 32));
    double radius = sqrt(-2.0 * log(uniform53(c[0], c[1])));
    double angle = 6.283185307179586 * uniform53(c[2], c[3]);
    return (index & 1) == 0 ? radius * cos(angle) : radius * sin(angle);
}

extern "C" __global__ void philox_normal_f64(double* out, long long n, unsigned long long seed, unsigned long long stream) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        out[i] = philox_normal(seed, stream, (uint64_t)i);
    }
}

extern "C" __global__ void philox_normal_f32(float* out, long long n, unsigned long long seed, unsigned long long stream) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        out[i] = (float)philox_normal(seed, stream, (uint64_t)i);
    }
}
