package org.rnnfield.dmft;

/**
 * A DMFT solver could not go on (no iterate to commit): the message names the step and the quantity. The CLI
 * records it in summary.json as a failed solve and exits with the unconverged code, as for a solve that stopped
 * short of its tolerance.
 */
public final class DmftFailure extends RuntimeException {
    public DmftFailure(String message) {
        super(message);
    }
}
