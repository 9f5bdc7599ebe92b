package org.rnnfield.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CsvTableTest {
    /** RFC 4180: a field with a comma, quote or newline is quoted and its quotes doubled; plain fields stay bare. */
    @Test
    void stringsWithCommasAndQuotesAreQuoted() {
        String csv = new CsvTable("backend", "loss", "steps")
                .row("cpu float64, OpenBLAS \"0.3.21\"", 0.0123456789012, 300)
                .row("cuda", 1.5e-9, 2)
                .format();
        assertEquals("backend,loss,steps\n"
                + "\"cpu float64, OpenBLAS \"\"0.3.21\"\"\",0.0123456789012,300\n"
                + "cuda,1.5E-9,2\n", csv);
    }

    @Test
    void aRowOfTheWrongWidthIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CsvTable("a", "b").row(1));
        assertEquals("CSV row of 1 values for 2 columns [a, b]", e.getMessage());
    }
}
