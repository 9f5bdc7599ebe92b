package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.analysis.ParticipationRatio;
import org.rnnfield.analysis.PopulationSimilarity;
import org.rnnfield.analysis.Statistics;
import org.rnnfield.analysis.SyntheticRecording;
import org.rnnfield.analysis.TargetTraining;
import org.rnnfield.analysis.TrainedNetwork;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.io.ArrayFiles;
import org.rnnfield.io.Json;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Phi;
import org.rnnfield.report.LinePlot;
import org.rnnfield.task.ReachConfig;
import org.rnnfield.task.ReachTask;
import org.rnnfield.task.TaskData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Similarity to "recorded" motor cortex on the reaching task (THEORY.md section 5), made testable
 * without real data by parameter recovery: a teacher network trained at a hidden gamma* (its own
 * seed) is recorded ({@link SyntheticRecording}: 200 units, Poisson spikes, trial-averaged);
 * student networks (other seeds) trained at each gamma of a grid are compared with the recording
 * by cross-validated CCA and Procrustes distance on soft-normalized, PCA-reduced rates, and by RSA. The
 * similarity-vs-gamma curve should peak near gamma*. Also reported per gamma: participation ratio
 * and excess kurtosis of the single-unit rate distribution, and the same two of each student recorded as the
 * recording was, against the recording's ({@link #statisticsDistance}): at N = 150-300 they locate a gamma* = 0.3
 * that CV-CCA and RSA do not (docs/experiments.md).
 */
public final class ReachExperiment extends NamedExperiment<ReachExperiment.Settings> {
    /** Soft-normalization constant, spikes/s (Churchland et al. 2012). */
    static final double SOFTNESS = 5;
    /** The network's step in tau, and the recording's bin: 0.2 tau = 10 ms at the reach task's tau = 50 ms. */
    static final double DT = 0.2;
    static final double BIN_SECONDS = DT * new ReachConfig().tauMs / 1000;
    /** A recorded rate above this many spikes/s is taken for data in other units (cortical rates stay below ~500). */
    public static final double MAX_RECORDED_RATE = 1000;

    /**
     * @param steps      step cap of each training run (teacher and students)
     * @param targetLoss normalized loss the teacher and every student are trained to (TargetTraining's rule, eta0
     *                   halved up to {@code halvings} times), so students are compared at matched loss
     * @param studentsMatchTeacher students are trained to the teacher's reached loss when it stopped above
     *                   targetLoss (a teacher at small gamma* may not reach it), so they are matched to it
     * @param recording  the user's recording (.npy, .mat or HDF5/NWB; conditions x time x units, spikes/s) that
     *                   replaces the teacher's synthetic one; null: the teacher at gammaStar is recorded
     * @param targets    the user's targets (conditions x time x outputs, e.g. EMG) replacing the task's; null: the
     *                   task's EMG-like targets
     */
    public record Settings(int n, double g, double gammaStar, double[] gammas, int steps, double eta0, double targetLoss,
                           int halvings, int conditions, int studentSeeds, int recordedUnits, int recordedTrials,
                           double maxRate, int pcs, long teacherSeed, boolean studentsMatchTeacher,
                           String recording, String recordingVariable,
                           String targets, String targetsVariable, long seed) {
        public Settings {
            new TargetTraining.Rule(targetLoss, steps, eta0, halvings);
            Checks.atLeast("n", n, 2);
            Checks.positive("gammaStar", gammaStar);
            Checks.grid("gammas", gammas);
            Checks.atLeast("steps", steps, 0);
            Checks.positive("eta0", eta0);
            Checks.atLeast("studentSeeds", studentSeeds, 1);
            Checks.atLeast("recordedUnits", recordedUnits, 1);
            if (recordedUnits > n) {
                throw org.rnnfield.model.ConfigException.field("settings.recordedUnits", recordedUnits, "1..n = " + n);
            }
            Checks.atLeast("recordedTrials", recordedTrials, 1);
            Checks.positive("maxRate", maxRate);
            Checks.atLeast("pcs", pcs, 1);
            if (recording == null && recordingVariable != null) {
                throw org.rnnfield.model.ConfigException.field("settings.recordingVariable", recordingVariable,
                        "null unless settings.recording names a file");
            }
            if (targets == null && targetsVariable != null) {
                throw org.rnnfield.model.ConfigException.field("settings.targetsVariable", targetsVariable,
                        "null unless settings.targets names a file");
            }
            if (pcs > recordedUnits) {
                throw org.rnnfield.model.ConfigException.field("settings.pcs", pcs, "1..recordedUnits = " + recordedUnits);
            }
        }

        TargetTraining.Rule rule() {
            return new TargetTraining.Rule(targetLoss, steps, eta0, halvings);
        }
    }

    public ReachExperiment() {
        super("reach",
                "Students at a gamma grid vs a recorded teacher trained at hidden gamma* on the delayed-reach task (CCA, Procrustes)",
                Settings.class);
    }

    /**
     * float32: the quick form ran in 127 s instead of 272 s (2 cores, 2026-12-02) with the same headline (peak of
     * CV-CCA and Procrustes at gamma = 1 = gamma*, teacher loss 0.01875 vs 0.01884) and every per-gamma CCA within
     * one seed standard error of the float64 run (largest gap 0.04 at gamma = 3, standard error 0.04-0.07).
     */
    @Override
    public org.rnnfield.backend.Precision defaultPrecision() {
        return org.rnnfield.backend.Precision.FLOAT32;
    }

    @Override
    public ObjectNode run(Backend be, Settings s, ExperimentOutput out) throws IOException {
        TaskData task = task(s);
        TrainedToTarget training = new TrainedToTarget(name());
        if (s.recording() != null) {
            NdArray recording = checkedRecording(ArrayFiles.read("recording", Path.of(s.recording()), s.recordingVariable()),
                    task, s.pcs());
            ObjectNode source = Json.object().put("recording", s.recording());
            return compare(be, s, task, recording, source, s.rule(), training, out);
        }
        ExperimentOutput.progress(name(), 1, 1 + s.gammas().length * s.studentSeeds(), "teacher at hidden gamma* = " + s.gammaStar());
        TargetTraining.Outcome taught = training.train(be, spec(s, s.gammaStar(), task), task, s.rule(), s.teacherSeed(),
                "teacher (gamma* = " + s.gammaStar() + ")");
        NdArray recording = SyntheticRecording.record(taught.network().responses(Phi.TANH), s.recordedUnits(),
                s.recordedTrials(), s.maxRate(), BIN_SECONDS, s.seed());
        out.npy("recording", recording);
        ObjectNode source = Json.object().put("gamma_star", s.gammaStar());
        TrainedToTarget.record(source.putObject("teacher"), taught);
        TargetTraining.Rule students = s.rule();
        if (s.studentsMatchTeacher() && taught.normalizedLoss() > s.targetLoss()) {
            students = new TargetTraining.Rule(taught.normalizedLoss(), s.steps(), s.eta0(), s.halvings());
        }
        source.put("student_target_normalized_loss", students.targetNormalizedLoss());
        return compare(be, s, task, recording, source, students, training, out);
    }

    /**
     * Students at every gamma of the grid against a recording (the user's or the teacher's), Java API: the
     * recording is (conditions, time, units) in spikes/s on the task's bins ({@link #checkedRecording}).
     */
    public ObjectNode compareWithRecording(Backend be, Settings s, NdArray recording, ExperimentOutput out)
            throws IOException {
        TaskData task = task(s);
        return compare(be, s, task, checkedRecording(recording, task, s.pcs()), Json.object().put("recording", "(Java API)"),
                s.rule(), new TrainedToTarget(name()), out);
    }

    /** The reach task of the settings, its targets replaced by the user's when given (shape-checked). */
    static TaskData task(Settings s) {
        ReachConfig rc = new ReachConfig();
        rc.conditions = s.conditions();
        TaskData task = new ReachTask(rc).generate(DT);
        if (s.targets() == null) {
            return task;
        }
        NdArray targets = ArrayFiles.read("targets", Path.of(s.targets()), s.targetsVariable());
        if (targets.ndim() != 3 || targets.dim(0) != task.trials() || targets.dim(1) != task.steps()) {
            throw new ConfigException("targets: shape " + targets.shapeString() + " is not allowed (allowed: ("
                    + task.trials() + " conditions, " + task.steps() + " time bins of " + BIN_SECONDS * 1000
                    + " ms, outputs); settings.conditions = " + s.conditions() + ")");
        }
        for (double v : targets.data()) {
            if (!Double.isFinite(v)) {
                throw new ConfigException("targets: value " + v + " is not allowed (allowed: finite numbers)");
            }
        }
        return new TaskData(task.inputs(), targets, task.mask());
    }

    /**
     * A recording checked against the task: (conditions, time bins, units) with the task's conditions and bins,
     * at least {@code pcs} units, and rates in spikes/s (finite, 0..{@link #MAX_RECORDED_RATE}).
     */
    public static NdArray checkedRecording(NdArray r, TaskData task, int pcs) {
        if (r.ndim() != 3 || r.dim(0) != task.trials() || r.dim(1) != task.steps()) {
            throw new ConfigException("recording: shape " + r.shapeString() + " is not allowed (allowed: ("
                    + task.trials() + " conditions, " + task.steps() + " time bins of " + BIN_SECONDS * 1000
                    + " ms, units), the reach task's conditions and bins)");
        }
        if (r.dim(2) < pcs) {
            throw new ConfigException("recording: " + r.dim(2) + " units is not allowed (allowed: >= pcs = " + pcs + ")");
        }
        for (double v : r.data()) {
            if (!(v >= 0 && v <= MAX_RECORDED_RATE)) {
                throw new ConfigException("recording: rate " + v + " is not allowed (allowed: spikes/s in 0.."
                        + MAX_RECORDED_RATE + "; trial-averaged firing rates, not normalized or z-scored data)");
            }
        }
        return r;
    }

    private ObjectNode compare(Backend be, Settings s, TaskData task, NdArray recording, ObjectNode source,
                               TargetTraining.Rule rule, TrainedToTarget training, ExperimentOutput out) throws IOException {
        boolean synthetic = source.has("gamma_star");
        int total = (synthetic ? 1 : 0) + s.gammas().length * s.studentSeeds();
        NdArray recNorm = PopulationSimilarity.softNormalize(recording, SOFTNESS);
        int g = s.gammas().length;
        double[] cca = new double[g];
        double[] ccaErr = new double[g];
        double[] angle = new double[g];
        double[] pr = new double[g];
        double[] kurt = new double[g];
        double[] rsa = new double[g];
        // the students recorded as the recording was (same units, trials, peak rate, bins), so that single-unit statistics
        // compare like with like: the recording's noise and subsampling move them as much as gamma does
        double recordedPr = ParticipationRatio.of(recording.reshape(recording.dim(0) * recording.dim(1), recording.dim(2)));
        double recordedKurtosis = Statistics.excessKurtosis(recording.data());
        double[][] studentPr = new double[g][s.studentSeeds()];
        double[][] studentKurtosis = new double[g][s.studentSeeds()];
        List<Object[]> rows = new ArrayList<>();
        ObjectNode headline = Json.object();
        headline.setAll(source);
        ArrayNode per = headline.putArray("per_gamma");
        boolean[] reached = new boolean[g];
        int done = synthetic ? 1 : 0;
        for (int i = 0; i < g; i++) {
            double gamma = s.gammas()[i];
            double[] c = new double[s.studentSeeds()];
            reached[i] = true;
            ArrayNode students = Json.MAPPER.createArrayNode();
            for (int k = 0; k < s.studentSeeds(); k++) {
                ExperimentOutput.progress(name(), ++done, total, "student gamma = " + gamma + ", seed " + (s.seed() + k));
                TargetTraining.Outcome trained = training.train(be, spec(s, gamma, task), task, rule, s.seed() + k,
                        "student gamma = " + gamma + ", seed " + (s.seed() + k));
                reached[i] &= trained.reached();
                TrainedToTarget.record(students.addObject().put("seed", s.seed() + k), trained);
                TrainedNetwork st = trained.network();
                NdArray rates = SyntheticRecording.rates(st.responses(Phi.TANH), s.maxRate());
                NdArray norm = PopulationSimilarity.softNormalize(rates, SOFTNESS);
                c[k] = PopulationSimilarity.crossValidatedCca(recNorm, norm, s.pcs());
                double a = PopulationSimilarity.procrustesAngle(recNorm, norm, s.pcs());
                double q = PopulationSimilarity.representationalSimilarity(recNorm, norm);
                rsa[i] += q / s.studentSeeds();
                double p = ParticipationRatio.of(rates.reshape(rates.dim(0) * rates.dim(1), rates.dim(2)));
                double ku = Statistics.excessKurtosis(rates.data());
                NdArray asRecorded = SyntheticRecording.record(st.responses(Phi.TANH), recording.dim(2), s.recordedTrials(),
                        s.maxRate(), BIN_SECONDS, s.seed() + 1000L * (i + 1) + k);
                studentPr[i][k] = ParticipationRatio.of(asRecorded.reshape(asRecorded.dim(0) * asRecorded.dim(1), asRecorded.dim(2)));
                studentKurtosis[i][k] = Statistics.excessKurtosis(asRecorded.data());
                angle[i] += a / s.studentSeeds();
                pr[i] += p / s.studentSeeds();
                kurt[i] += ku / s.studentSeeds();
                rows.add(new Object[]{gamma, s.seed() + k, c[k], a, q, p, ku, studentPr[i][k], studentKurtosis[i][k],
                        trained.normalizedLoss(), trained.reached()});
            }
            cca[i] = Statistics.mean(c);
            ccaErr[i] = s.studentSeeds() > 1 ? Statistics.stdErr(c) : Double.NaN;
            ObjectNode o = per.addObject();
            o.put("gamma", gamma);
            o.put("cca", cca[i]);
            o.put("cca_stderr", ccaErr[i]);
            o.put("procrustes_angle", angle[i]);
            o.put("rsa", rsa[i]);
            o.put("participation_ratio", pr[i]);
            o.put("rate_excess_kurtosis", kurt[i]);
            o.put("recorded_participation_ratio", Statistics.mean(studentPr[i]));
            o.put("recorded_rate_excess_kurtosis", Statistics.mean(studentKurtosis[i]));
            o.put("reached_target", reached[i]);
            o.set("students", students);
        }
        training.summarize(headline);
        // the peaks are located among the gammas whose students all learned the task (matched loss)
        int peak = argmax(cca, reached);
        headline.put("peak_gamma_cca", gammaAt(s.gammas(), peak));
        if (synthetic) {
            headline.put("peak_grid_steps_from_gamma_star", peak < 0 ? -1 : Math.abs(peak - nearestIndex(s.gammas(), s.gammaStar())));
        }
        headline.put("peak_gamma_procrustes", gammaAt(s.gammas(), argmax(negate(angle), reached)));
        headline.put("peak_gamma_rsa", gammaAt(s.gammas(), argmax(rsa, reached)));
        headline.put("peak_gamma_cca_all_students", s.gammas()[argmax(cca, all(g))]);
        // single-unit statistics of the recording against the students recorded the same way
        double[] statDistance = statisticsDistance(new double[]{recordedPr, recordedKurtosis}, studentPr, studentKurtosis);
        headline.put("recording_participation_ratio", recordedPr);
        headline.put("recording_rate_excess_kurtosis", recordedKurtosis);
        for (int i = 0; i < g; i++) {
            ((ObjectNode) per.get(i)).put("statistics_distance", statDistance[i]);
        }
        // a distance in seed spreads needs two student seeds or more
        int nearest = s.studentSeeds() > 1 ? argmax(negate(statDistance), reached) : -1;
        headline.put("peak_gamma_statistics", gammaAt(s.gammas(), nearest));
        if (synthetic) {
            headline.put("statistics_grid_steps_from_gamma_star",
                    nearest < 0 ? -1 : Math.abs(nearest - nearestIndex(s.gammas(), s.gammaStar())));
        }
        out.csv("similarity", List.of("gamma", "seed", "cv_cca", "procrustes_angle", "rsa", "participation_ratio",
                "rate_excess_kurtosis", "recorded_participation_ratio", "recorded_rate_excess_kurtosis", "normalized_loss",
                "reached_target"), rows);
        double[] starLine = {s.gammaStar(), s.gammaStar()};
        LinePlot similarity = new LinePlot(synthetic ? "Similarity of students to the recorded teacher (gamma* = "
                + s.gammaStar() + ")" : "Similarity of students to " + Path.of(s.recording()).getFileName(),
                "student gamma", "mean CV canonical correlation (k = " + s.pcs() + ")").logX()
                .dashed(s.gammas(), cca, "CV-CCA, mean of " + s.studentSeeds() + " seeds, every gamma")
                .dashed(s.gammas(), shifted(cca, ccaErr, 1), "mean + s.e.")
                .dashed(s.gammas(), shifted(cca, ccaErr, -1), "mean - s.e.");
        LinePlot procrustesPlot = new LinePlot("Procrustes shape distance to the recording", "student gamma", "angle (rad)").logX();
        if (synthetic) {
            similarity.dashed(starLine, new double[]{min(cca), max(cca)}, "gamma*");
            procrustesPlot.dashed(starLine, new double[]{min(angle), max(angle)}, "gamma*");
        }
        out.png("similarity", TrainedToTarget.plot(similarity, s.gammas(), cca, reached, "CV-CCA"));
        out.png("procrustes", TrainedToTarget.plot(procrustesPlot, s.gammas(), angle, reached, "students"));
        LinePlot rsaPlot = new LinePlot("Representational similarity (Spearman of condition RDMs)", "student gamma",
                "RSA").logX();
        if (synthetic) {
            rsaPlot.dashed(starLine, new double[]{min(rsa), max(rsa)}, "gamma*");
        }
        out.png("rsa", TrainedToTarget.plot(rsaPlot, s.gammas(), rsa, reached, "students"));
        if (s.studentSeeds() > 1) {
            LinePlot statsPlot = new LinePlot("Recording vs students recorded alike: participation ratio and rate kurtosis",
                    "student gamma", "distance (student seed spreads)").logX();
            if (synthetic) {
                statsPlot.dashed(starLine, new double[]{min(statDistance), max(statDistance)}, "gamma*");
            }
            out.png("statistics", TrainedToTarget.plot(statsPlot, s.gammas(), statDistance, reached, "students"));
        }
        out.png("dimension_kurtosis", new LinePlot("Students: dimension and single-unit statistics vs gamma", "student gamma",
                "value").logX().line(s.gammas(), pr, "participation ratio").line(s.gammas(), kurt, "rate excess kurtosis"));
        ObjectNode r = Json.object();
        r.set("headline", headline);
        return r;
    }

    private static NetworkSpec spec(Settings s, double gamma, TaskData task) {
        return new NetworkSpec(s.n(), s.g(), gamma, 1.0, DT, Phi.TANH, InitialState.ZERO, 1.0, task.inputDim(), task.outputDim());
    }

    /**
     * Per gamma, how far the recording's population statistics sit from the students' (per statistic: [gamma][seed]),
     * in units of the students' seed spread: the root mean square over statistics of (mean over seeds - recorded) /
     * (s sqrt(1 + 1/n)), s the seed standard deviation pooled over the grid and n the seeds, since the recording is one
     * draw of its network as each student is. ~1 where the recording looks like one more student; NaN with one seed.
     */
    static double[] statisticsDistance(double[] recorded, double[][]... students) {
        int g = students[0].length;
        double[] d = new double[g];
        for (int stat = 0; stat < recorded.length; stat++) {
            int seeds = students[stat][0].length;
            double pooled = 0;
            for (double[] atGamma : students[stat]) {
                pooled += new org.apache.commons.math3.stat.descriptive.moment.Variance().evaluate(atGamma) / g;
            }
            double scale = Math.sqrt(pooled * (1 + 1.0 / seeds));
            for (int i = 0; i < g; i++) {
                double z = seeds > 1 ? (Statistics.mean(students[stat][i]) - recorded[stat]) / scale : Double.NaN;
                d[i] += z * z / recorded.length;
            }
        }
        for (int i = 0; i < g; i++) {
            d[i] = Math.sqrt(d[i]);
        }
        return d;
    }

    /** The index of the largest v[i] among those with use[i]; -1 when none is used. */
    static int argmax(double[] v, boolean[] use) {
        int best = -1;
        for (int i = 0; i < v.length; i++) {
            if (use[i] && (best < 0 || v[i] > v[best])) {
                best = i;
            }
        }
        return best;
    }

    /** The grid's gamma at an index from {@link #argmax}, NaN when no point was used. */
    private static double gammaAt(double[] gammas, int index) {
        return index < 0 ? Double.NaN : gammas[index];
    }

    private static boolean[] all(int n) {
        boolean[] b = new boolean[n];
        java.util.Arrays.fill(b, true);
        return b;
    }

    static int nearestIndex(double[] grid, double x) {
        int best = 0;
        for (int i = 1; i < grid.length; i++) {
            if (Math.abs(Math.log(grid[i] / x)) < Math.abs(Math.log(grid[best] / x))) {
                best = i;
            }
        }
        return best;
    }

    /** v + sign * err elementwise (NaN errors, from a single seed, give NaN: the line is not drawn). */
    private static double[] shifted(double[] v, double[] err, int sign) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i] + sign * err[i];
        }
        return o;
    }

    private static double[] negate(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = -v[i];
        }
        return o;
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(1);
    }
}
