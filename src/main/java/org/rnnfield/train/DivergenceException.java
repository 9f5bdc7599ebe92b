package org.rnnfield.train;

/** Training produced NaN or Inf, or a loss past its divergence factor: names the step and the quantity that blew up. */
public class DivergenceException extends RuntimeException {
    private final int step;
    private final String quantity;

    public DivergenceException(int step, String quantity, double value) {
        this(step, quantity, quantity + " is " + value);
    }

    /** The loss grew past {@code factor} times its initial value. */
    public static DivergenceException lossGrowth(int step, double loss, double initial, double factor) {
        return new DivergenceException(step, "loss", String.format(java.util.Locale.ROOT,
                "loss %.4g exceeds %s x its initial value %.4g", loss,
                java.math.BigDecimal.valueOf(factor).stripTrailingZeros().toPlainString(), initial));
    }

    public DivergenceException(int step, String quantity, String what) {
        super("diverged at step " + step + ": " + what + " (try a smaller eta0, or smaller g)");
        this.step = step;
        this.quantity = quantity;
    }

    public int step() {
        return step;
    }

    public String quantity() {
        return quantity;
    }
}
