package org.rnnfield.train;

import org.rnnfield.array.NdArray;

import java.util.ArrayList;
import java.util.List;

/** Loss per training step: row n is the loss of the weights after n updates. */
public final class LossHistory {
    /** One row: step, loss, normalized loss, cumulative wall seconds. */
    public record Row(int step, double loss, double normalized, double seconds) {
    }

    private final List<Row> rows = new ArrayList<>();

    public void add(Row r) {
        rows.add(r);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public int size() {
        return rows.size();
    }

    public Row last() {
        return rows.get(rows.size() - 1);
    }

    public org.rnnfield.io.CsvTable toCsv() {
        org.rnnfield.io.CsvTable t = new org.rnnfield.io.CsvTable("step", "loss", "normalized_loss", "seconds");
        for (Row r : rows) {
            t.row(r.step, r.loss, r.normalized, r.seconds);
        }
        return t;
    }

    public NdArray toArray() {
        NdArray a = NdArray.zeros(rows.size(), 4);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            a.set(r.step, i, 0);
            a.set(r.loss, i, 1);
            a.set(r.normalized, i, 2);
            a.set(r.seconds, i, 3);
        }
        return a;
    }

    public static LossHistory fromArray(NdArray a) {
        LossHistory h = new LossHistory();
        for (int i = 0; i < a.dim(0); i++) {
            h.add(new Row((int) a.get(i, 0), a.get(i, 1), a.get(i, 2), a.get(i, 3)));
        }
        return h;
    }

    public double[] steps() {
        return rows.stream().mapToDouble(Row::step).toArray();
    }

    public double[] losses() {
        return rows.stream().mapToDouble(Row::loss).toArray();
    }
}
