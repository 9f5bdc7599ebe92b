// C = alpha op(A) op(B) + beta C, column-major with leading dimensions (BLAS convention), op = transpose
// when the flag is set. Three tilings, chosen by CudaBackend.gemm from the shape; all check bounds, so
// any M, N, K work, and all sum over k in increasing order within a thread.
//   gemm_f*:        16 x 16 tile, one output per thread (small or odd shapes)
//   gemm_big_f*:    128 x 128 tile, 8 x 8 outputs per thread from registers (N, M >= 128: weight
//                   gradients, large trial batches); next tile prefetched into registers
//   gemm_skinny*_f*: N <= 4/16/32 columns (the recurrent step J phi(X) and its adjoint J^T lambda for a
//                   small trial batch): 32 rows per block, K split over 8 thread groups and reduced
//                   in shared memory, so M/32 blocks stream A once
#define TILE 16

template <typename T>
__device__ __forceinline__ T op_a(int trans, const T* A, int lda, int row, int kk) {
    return trans ? A[kk + (long long)row * lda] : A[row + (long long)kk * lda];
}

template <typename T>
__device__ __forceinline__ T op_b(int trans, const T* B, int ldb, int kk, int col) {
    return trans ? B[col + (long long)kk * ldb] : B[kk + (long long)col * ldb];
}

template <typename T>
__device__ __forceinline__ void store_c(T* C, int ldc, int row, int col, T alpha, T acc, T beta) {
    T* c = &C[row + (long long)col * ldc];
    *c = beta == T(0) ? alpha * acc : alpha * acc + beta * *c;
}

template <typename T>
__device__ void gemm(int transA, int transB, int m, int n, int k, T alpha, const T* A, int lda,
                     const T* B, int ldb, T beta, T* C, int ldc) {
    __shared__ T As[TILE][TILE + 1];
    __shared__ T Bs[TILE][TILE + 1];
    int row = blockIdx.y * TILE + threadIdx.y;   // index into M
    int col = blockIdx.x * TILE + threadIdx.x;   // index into N
    T acc = 0;
    for (int t0 = 0; t0 < k; t0 += TILE) {
        int ka = t0 + threadIdx.x;                 // A tile: (row, ka)
        As[threadIdx.y][threadIdx.x] = row < m && ka < k ? op_a(transA, A, lda, row, ka) : T(0);
        int kb = t0 + threadIdx.y;                 // B tile: (kb, col)
        Bs[threadIdx.y][threadIdx.x] = col < n && kb < k ? op_b(transB, B, ldb, kb, col) : T(0);
        __syncthreads();
        #pragma unroll
        for (int q = 0; q < TILE; q++) acc += As[threadIdx.y][q] * Bs[q][threadIdx.x];
        __syncthreads();
    }
    if (row < m && col < n) store_c(C, ldc, row, col, alpha, acc, beta);
}

// ---- 128 x 128 tiles, 256 threads (16 x 16), 8 x 8 outputs each ----
#define BIG 128
#define BIG_K 8

// element q (0..3) of this thread's share of a BIG x BIG_K tile of op(A) (or BIG_K x BIG of op(B)), with
// the mapping that makes consecutive threads read consecutive addresses for the given transpose
template <typename T>
__device__ __forceinline__ void big_load(int transA, int transB, int m, int n, int k, const T* A, int lda,
                                         const T* B, int ldb, int r0, int c0, int k0, T a[4], T b[4]) {
    int tid = threadIdx.y * 16 + threadIdx.x;
    #pragma unroll
    for (int q = 0; q < 4; q++) {
        int idx = tid + 256 * q;
        int r = transA ? idx / BIG_K : idx % BIG;
        int kk = transA ? idx % BIG_K : idx / BIG;
        a[q] = r0 + r < m && k0 + kk < k ? op_a(transA, A, lda, r0 + r, k0 + kk) : T(0);
        int c = transB ? idx % BIG : idx / BIG_K;
        int kb = transB ? idx / BIG : idx % BIG_K;
        b[q] = c0 + c < n && k0 + kb < k ? op_b(transB, B, ldb, k0 + kb, c0 + c) : T(0);
    }
}

template <typename T>
__device__ __forceinline__ void big_store(int transA, int transB, T As[BIG_K][BIG], T Bs[BIG_K][BIG], const T a[4], const T b[4]) {
    int tid = threadIdx.y * 16 + threadIdx.x;
    #pragma unroll
    for (int q = 0; q < 4; q++) {
        int idx = tid + 256 * q;
        As[transA ? idx % BIG_K : idx / BIG][transA ? idx / BIG_K : idx % BIG] = a[q];
        Bs[transB ? idx / BIG : idx % BIG_K][transB ? idx % BIG : idx / BIG_K] = b[q];
    }
}

template <typename T>
__device__ void gemm_big(int transA, int transB, int m, int n, int k, T alpha, const T* A, int lda,
                         const T* B, int ldb, T beta, T* C, int ldc) {
    __shared__ T As[BIG_K][BIG];
    __shared__ T Bs[BIG_K][BIG];
    int r0 = blockIdx.y * BIG;
    int c0 = blockIdx.x * BIG;
    // this thread's rows: 4 at tx*4 and 4 at 64 + tx*4 (columns likewise with ty): contiguous quads
    T acc[8][8];
    #pragma unroll
    for (int i = 0; i < 8; i++)
        #pragma unroll
        for (int j = 0; j < 8; j++) acc[i][j] = 0;
    T a[4], b[4];
    big_load(transA, transB, m, n, k, A, lda, B, ldb, r0, c0, 0, a, b);
    big_store(transA, transB, As, Bs, a, b);
    __syncthreads();
    for (int k0 = 0; k0 < k; k0 += BIG_K) {
        bool more = k0 + BIG_K < k;
        if (more) big_load(transA, transB, m, n, k, A, lda, B, ldb, r0, c0, k0 + BIG_K, a, b);
        #pragma unroll
        for (int kk = 0; kk < BIG_K; kk++) {
            T ar[8], br[8];
            #pragma unroll
            for (int i = 0; i < 4; i++) {
                ar[i] = As[kk][threadIdx.x * 4 + i];
                ar[i + 4] = As[kk][64 + threadIdx.x * 4 + i];
                br[i] = Bs[kk][threadIdx.y * 4 + i];
                br[i + 4] = Bs[kk][64 + threadIdx.y * 4 + i];
            }
            #pragma unroll
            for (int i = 0; i < 8; i++)
                #pragma unroll
                for (int j = 0; j < 8; j++) acc[i][j] += ar[i] * br[j];
        }
        __syncthreads();
        if (more) {
            big_store(transA, transB, As, Bs, a, b);
            __syncthreads();
        }
    }
    #pragma unroll
    for (int j = 0; j < 8; j++) {
        int col = c0 + (j < 4 ? threadIdx.y * 4 + j : 64 + threadIdx.y * 4 + j - 4);
        #pragma unroll
        for (int i = 0; i < 8; i++) {
            int row = r0 + (i < 4 ? threadIdx.x * 4 + i : 64 + threadIdx.x * 4 + i - 4);
            if (row < m && col < n) store_c(C, ldc, row, col, alpha, acc[i][j], beta);
        }
    }
}

// ---- skinny: n <= NB columns; block = 32 rows x 8 k-groups (256 threads) ----
#define SK_ROWS 32
#define SK_GROUPS 8
#define SK_K 64

template <typename T, int NB>
__device__ void gemm_skinny(int transA, int transB, int m, int n, int k, T alpha, const T* A, int lda,
                            const T* B, int ldb, T beta, T* C, int ldc) {
    __shared__ T As[SK_K][SK_ROWS + 1];
    __shared__ T Bs[SK_K][NB];
    __shared__ T sum[SK_ROWS][NB + 1];
    int r = threadIdx.x;                         // row within the block
    int g = threadIdx.y;                         // k-group
    int tid = g * SK_ROWS + r;
    int r0 = blockIdx.x * SK_ROWS;
    T acc[NB];
    #pragma unroll
    for (int c = 0; c < NB; c++) acc[c] = 0;
    for (int k0 = 0; k0 < k; k0 += SK_K) {
        for (int idx = tid; idx < SK_ROWS * SK_K; idx += SK_ROWS * SK_GROUPS) {
            int rr = transA ? idx / SK_K : idx % SK_ROWS;
            int kk = transA ? idx % SK_K : idx / SK_ROWS;
            As[kk][rr] = r0 + rr < m && k0 + kk < k ? op_a(transA, A, lda, r0 + rr, k0 + kk) : T(0);
        }
        for (int idx = tid; idx < SK_K * NB; idx += SK_ROWS * SK_GROUPS) {
            int c = transB ? idx % NB : idx / SK_K;
            int kk = transB ? idx / NB : idx % SK_K;
            Bs[kk][c] = c < n && k0 + kk < k ? op_b(transB, B, ldb, k0 + kk, c) : T(0);
        }
        __syncthreads();
        for (int kk = g; kk < SK_K; kk += SK_GROUPS) {
            T a = As[kk][r];
            #pragma unroll
            for (int c = 0; c < NB; c++) acc[c] += a * Bs[kk][c];
        }
        __syncthreads();
    }
    // the 8 groups' partial sums, added in group order (deterministic)
    for (int gg = 0; gg < SK_GROUPS; gg++) {
        if (g == gg) {
            #pragma unroll
            for (int c = 0; c < NB; c++) sum[r][c] = gg == 0 ? acc[c] : sum[r][c] + acc[c];
        }
        __syncthreads();
    }
    int row = r0 + r;
    for (int c = g; c < n; c += SK_GROUPS) {
        if (row < m) store_c(C, ldc, row, c, alpha, sum[r][c], beta);
    }
}

#define GEMM_ARGS int ta, int tb, int m, int n, int k
extern "C" {
__global__ void gemm_f64(GEMM_ARGS, double alpha, const double* A, int lda, const double* B, int ldb, double beta, double* C, int ldc) { gemm(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc); }
__global__ void gemm_f32(GEMM_ARGS, float alpha, const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc) { gemm(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc); }
__global__ void __launch_bounds__(256) gemm_big_f64(GEMM_ARGS, double alpha, const double* A, int lda, const double* B, int ldb, double beta, double* C, int ldc) { gemm_big(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc); }
__global__ void __launch_bounds__(256) gemm_big_f32(GEMM_ARGS, float alpha, const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc) { gemm_big(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc); }
__global__ void gemm_skinny4_f64(GEMM_ARGS, double alpha, const double* A, int lda, const double* B, int ldb, double beta, double* C, int ldc) { gemm_skinny<double, 4>(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc); }
__global__ void gemm_skinny4_f32(GEMM_ARGS, float alpha, const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc) { gemm_skinny<float, 4>(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc); }
__global__ void gemm_skinny16_f64(GEMM_ARGS, double alpha, const double* A, int lda, const double* B, int ldb, double beta, double* C, int ldc) { gemm_skinny<double, 16>(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc); }
__global__ void gemm_skinny16_f32(GEMM_ARGS, float alpha, const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc) { gemm_skinny<float, 16>(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc); }
__global__ void gemm_skinny32_f64(GEMM_ARGS, double alpha, const double* A, int lda, const double* B, int ldb, double beta, double* C, int ldc) { gemm_skinny<double, 32>(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc); }
__global__ void gemm_skinny32_f32(GEMM_ARGS, float alpha, const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc) { gemm_skinny<float, 32>(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc); }
}
