package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.analysis.TargetTraining;
import org.rnnfield.backend.Backend;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.task.TaskData;

import java.util.ArrayList;
import java.util.List;

/**
 * Networks trained in an experiment: to the settings' target loss by {@link TargetTraining}'s rule (GD on J and V),
 * each outcome recorded beside the point it belongs to, and every point that did not reach the target warned
 * about and collected, so the headline can say which numbers rest on networks that learned the task.
 */
final class TrainedToTarget {
    private final String experiment;
    private final List<String> unreached = new ArrayList<>();

    TrainedToTarget(String experiment) {
        this.experiment = experiment;
    }

    TargetTraining.Outcome train(Backend backend, NetworkSpec spec, TaskData task, TargetTraining.Rule rule, long seed,
                                 String label) {
        TargetTraining.Outcome o = TargetTraining.train(backend, spec, task, Tasks.gd(rule.eta0(), rule.stepCap()), rule,
                seed);
        if (!o.reached()) {
            unreached.add(label);
            System.err.println("rnnfield experiment " + experiment + ": warning: " + label + " " + o.describe()
                    + "; flagged, not plotted as a result");
        }
        return o;
    }

    /** The outcome's fields, beside the point's other numbers. */
    static void record(ObjectNode into, TargetTraining.Outcome o) {
        into.put("target_normalized_loss", o.rule().targetNormalizedLoss());
        into.put("reached_target", o.reached());
        into.put("normalized_loss", o.normalizedLoss());
        into.put("training_steps", o.steps());
        into.put("eta0_used", o.eta0());
        ArrayNode runs = into.putArray("training_runs");
        for (TargetTraining.Attempt a : o.attempts()) {
            runs.addObject().put("eta0", a.eta0()).put("steps", a.steps()).put("normalized_loss", a.normalizedLoss())
                    .put("outcome", a.outcome());
        }
    }

    /** "all_reached_target" and the labels of the points that did not, into the headline. */
    void summarize(ObjectNode headline) {
        headline.put("all_reached_target", unreached.isEmpty());
        unreached.forEach(headline.putArray("not_reached_target")::add);
    }

    /** The entries of v where keep[i] equals want. */
    static double[] select(double[] v, boolean[] keep, boolean want) {
        double[] out = new double[v.length];
        int k = 0;
        for (int i = 0; i < v.length; i++) {
            if (keep[i] == want) {
                out[k++] = v[i];
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    /**
     * y(x) as a result line through the points whose networks reached the target, and the others, if any, as
     * separate markers labelled as not results.
     */
    static org.rnnfield.report.LinePlot plot(org.rnnfield.report.LinePlot plot, double[] x, double[] y, boolean[] reached,
                                             String label) {
        plot.line(select(x, reached, true), select(y, reached, true), label + " (at the target loss)");
        double[] xu = select(x, reached, false);
        if (xu.length > 0) {
            plot.points(xu, select(y, reached, false), label + ": did NOT reach the target (not a result)");
        }
        return plot;
    }
}
