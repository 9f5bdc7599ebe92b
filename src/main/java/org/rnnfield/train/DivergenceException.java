package org.rnnfield.train;

/** Training produced NaN or Inf: names the step and the quantity that blew up. */
public class DivergenceException extends RuntimeException {
    private final int step;
    private final String quantity;

    public DivergenceException(int step, String quantity, double value) {
        super("diverged at step " + step + ": " + quantity + " is " + value
                + " (try a smaller eta0, or smaller g)");
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
