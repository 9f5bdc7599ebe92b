package org.rnnfield.analysis;

/**
 * An error measured over network sizes with several seeds each, and its power law in N: the
 * least-squares slope of log(mean error) against log N (N^-1/2 fluctuations give -1/2).
 *
 * @param mean   mean error per size
 * @param stdErr standard error of the mean per size
 */
public record SizeScaling(int[] sizes, double[] mean, double[] stdErr, double slope, double slopeStdErr) {

    /** @param errors errors[size index][seed] */
    public static SizeScaling fit(int[] sizes, double[][] errors) {
        double[] mean = new double[sizes.length];
        double[] err = new double[sizes.length];
        double[] lx = new double[sizes.length];
        double[] ly = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            mean[i] = Statistics.mean(errors[i]);
            err[i] = Statistics.stdErr(errors[i]);
            lx[i] = Math.log(sizes[i]);
            ly[i] = Math.log(mean[i]);
        }
        double[] fit = Statistics.linearFit(lx, ly);
        return new SizeScaling(sizes.clone(), mean, err, fit[0], fit[1]);
    }
}
