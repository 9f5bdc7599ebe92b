package org.rnnfield.model;

/**
 * The one parameterization (DESIGN.md section 1, docs/theory.md section 2) that the finite network and both
 * theories share: width N and richness gamma enter only through these factors. For a network of N neurons,
 * the recurrent input is scaled by g / sqrt N, the readout by 1 / (N gamma), gradient descent takes steps
 * eta0 gamma^2 N (so the output moves at a rate eta0 independent of N and gamma), and the Gibbs measure of
 * training weighs the loss by beta gamma^2 N. In the N -> infinity variables of the DMFT (v = V, u = U,
 * z = J phi / sqrt N order one per site) the N's cancel: the single site reads out y = (1/gamma) <v phi>, and
 * one GD step changes v by eta0 gamma / W times its error signal, and the recurrent field by
 * eta0 gamma alpha / W times its (theory.md eqs. 2.4-2.6).
 */
public final class MeanFieldScaling {
    private MeanFieldScaling() {
    }

    /** g / sqrt(N): the scale of J phi(x) in a neuron's input. */
    public static double recurrent(double g, int n) {
        return g / Math.sqrt(n);
    }

    /** 1 / (N gamma): the scale of V^T phi(x) in the readout. */
    public static double readout(int n, double gamma) {
        return 1.0 / (n * gamma);
    }

    /** eta0 gamma^2 N: the gradient-descent step of every trained matrix. */
    public static double gradientStep(double eta0, double gamma, int n) {
        return eta0 * gamma * gamma * n;
    }

    /**
     * Adam's step is already O(step) per entry, so the same scaling reads: J entries move by eta0 gamma / sqrt N,
     * U and V entries by eta0 gamma.
     */
    public static double adamStep(double eta0, double gamma, int n, boolean recurrent) {
        return recurrent ? eta0 * gamma / Math.sqrt(n) : eta0 * gamma;
    }

    /** beta gamma^2 N: the weight of the loss in the Gibbs measure of training, p ~ exp(-beta gamma^2 N L) (eq. 5.1). */
    public static double gibbsWeight(double beta, double gamma, int n) {
        return beta * gamma * gamma * n;
    }

    /** 1 / gamma: the single site's readout, y = (1/gamma) <v phi> (theory.md eq. 2.5). */
    public static double siteReadout(double gamma) {
        return 1.0 / gamma;
    }

    /**
     * eta0 gamma / W: one GD step's change of the site's readout weight per unit error signal (eq. 2.6);
     * {@link #gradientStep} times {@link #readout} over W, the N's cancelling.
     */
    public static double readoutUpdateRate(double eta0, double gamma, double scoredPoints) {
        return eta0 * gamma / scoredPoints;
    }

    /** kappa = eta0 gamma alpha / W: the rate of the site's recurrent (and input) field updates (eq. 2.4). */
    public static double recurrentUpdateRate(double eta0, double gamma, double alpha, double scoredPoints) {
        return eta0 * gamma * alpha / scoredPoints;
    }
}
