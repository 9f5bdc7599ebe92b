// C = alpha op(A) op(B) + beta C, column-major with leading dimensions (BLAS convention), op = transpose
// when the flag is set. Shared-memory tiles of TILE x TILE, each thread computes one element; bounds
// are checked so any M, N, K work (not only multiples of the tile). A first, simple kernel: the fast
// path on GPUs with CUDA 12 libraries is cuBLAS.
#define TILE 16

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
        T a = 0;
        if (row < m && ka < k) a = transA ? A[ka + (long long)row * lda] : A[row + (long long)ka * lda];
        As[threadIdx.y][threadIdx.x] = a;
        int kb = t0 + threadIdx.y;                 // B tile: (kb, col)
        T b = 0;
        if (col < n && kb < k) b = transB ? B[col + (long long)kb * ldb] : B[kb + (long long)col * ldb];
        Bs[threadIdx.y][threadIdx.x] = b;
        __syncthreads();
        #pragma unroll
        for (int q = 0; q < TILE; q++) acc += As[threadIdx.y][q] * Bs[q][threadIdx.x];
        __syncthreads();
    }
    if (row < m && col < n) {
        T* c = &C[row + (long long)col * ldc];
        *c = beta == T(0) ? alpha * acc : alpha * acc + beta * *c;
    }
}

extern "C" {
__global__ void gemm_f64(int ta, int tb, int m, int n, int k, double alpha, const double* A, int lda, const double* B, int ldb, double beta, double* C, int ldc) { gemm(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc); }
__global__ void gemm_f32(int ta, int tb, int m, int n, int k, float alpha, const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc) { gemm(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc); }
}
