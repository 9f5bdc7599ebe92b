package org.rnnfield.backend.cuda;

/**
 * Which of the GEMM kernels of kernels/gemm.cu computes an m x n result, and its launch geometry.
 * Few columns (the recurrent step J phi(X) and its adjoint for up to 32 trials) go to the skinny kernels,
 * which stream A once over m / 32 blocks; large results to 128 x 128 register-blocked tiles; the rest
 * to the plain 16 x 16 tile.
 */
enum GemmTiling {
    SKINNY4("gemm_skinny4", 32, 8, 32, 0),
    SKINNY16("gemm_skinny16", 32, 8, 32, 0),
    SKINNY32("gemm_skinny32", 32, 8, 32, 0),
    BIG("gemm_big", 16, 16, 128, 128),
    PLAIN("gemm", 16, 16, 16, 16);

    private final String kernel;
    final int blockX;
    final int blockY;
    /** Rows of C per block (grid y for the 2-D tilings, grid x for the skinny ones). */
    private final int rowsPerBlock;
    /** Columns of C per block; 0: all columns in one block. */
    private final int colsPerBlock;

    GemmTiling(String kernel, int blockX, int blockY, int rowsPerBlock, int colsPerBlock) {
        this.kernel = kernel;
        this.blockX = blockX;
        this.blockY = blockY;
        this.rowsPerBlock = rowsPerBlock;
        this.colsPerBlock = colsPerBlock;
    }

    static GemmTiling of(int m, int n) {
        if (n <= 4) {
            return SKINNY4;
        }
        if (n <= 16) {
            return SKINNY16;
        }
        if (n <= 32) {
            return SKINNY32;
        }
        return m >= 64 ? BIG : PLAIN;
    }

    String kernel() {
        return kernel;
    }

    int gridX(int m, int n) {
        return colsPerBlock == 0 ? blocks(m, rowsPerBlock) : blocks(n, colsPerBlock);
    }

    int gridY(int m, int n) {
        return colsPerBlock == 0 ? 1 : blocks(m, rowsPerBlock);
    }

    private static int blocks(int extent, int tile) {
        return (extent + tile - 1) / tile;
    }
}
