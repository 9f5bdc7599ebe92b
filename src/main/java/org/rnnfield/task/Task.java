package org.rnnfield.task;

/** A task: inputs I(t), targets y*(t) and a training mask on a time grid of step dt. */
public interface Task {
    String name();

    /** The batch on the grid t_k = k dt (same time units as dt and tau). */
    TaskData generate(double dt);
}
