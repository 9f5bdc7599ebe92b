package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.rnnfield.dmft.training.TrainingDmftSettings;
import org.rnnfield.io.Json;
import org.rnnfield.model.ConfigException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quick and full forms read by name from forms/NAME.json, and the checks on settings given by the user. */
class ExperimentFormsTest {

    @Test
    void everyFormLoadsAndFullOnlyChangesWhatItLists() {
        for (Experiment<?> e : Experiments.all().values()) {
            JsonNode quick = Json.MAPPER.valueToTree(e.quick(5));
            JsonNode full = Json.MAPPER.valueToTree(e.full(5));
            assertEquals(5, quick.get("seed").asLong(), e.name());
            assertEquals(5, full.get("seed").asLong(), e.name());
            assertTrue(!quick.equals(full), e.name() + ": the full form differs from the quick one");
            assertEquals(quick.size(), e.quickFields().size() + 1, e.name() + ": the quick form names every field but the seed");
        }
    }

    /** The quick forms solve the training DMFT at the site count it was validated at. */
    @Test
    void quickFormsUseTheValidatedSiteCount() {
        for (Experiment<?> e : Experiments.all().values()) {
            JsonNode samples = e.quickFields().get("dmftSamples");
            if (samples != null) {
                assertEquals(TrainingDmftSettings.VALIDATED_SAMPLES, samples.asInt(), e.name());
            }
        }
    }

    @Test
    void userSettingsAreCheckedByName() {
        ReachExperiment reach = new ReachExperiment();
        ObjectNode unknown = Json.object().put("gamaStar", 0.1);
        ConfigException u = assertThrows(ConfigException.class, () -> Experiments.settings(reach, unknown, "s.json", 1));
        assertTrue(u.getMessage().contains("'gamaStar'") && u.getMessage().contains("gammaStar"), u.getMessage());
        ObjectNode bad = Json.object().put("pcs", 500);
        ConfigException b = assertThrows(ConfigException.class, () -> Experiments.settings(reach, bad, "s.json", 1));
        assertTrue(b.getMessage().contains("settings.pcs") && b.getMessage().contains("recordedUnits"), b.getMessage());
        assertEquals(0.1, Experiments.settings(reach, Json.object().put("gammaStar", 0.1), "s.json", 1).gammaStar());
    }

    /** Unconverged solves go to the headline's "unconverged" list, labelled, which makes the command exit 4. */
    @Test
    void unconvergedSolvesAreListedInTheHeadline() {
        ObjectNode h = Json.object();
        Experiments.unconverged(h, "gamma = 1", java.util.List.of());
        assertTrue(!h.has("unconverged"), "nothing listed for a sound solve");
        Experiments.unconverged(h, "gamma = 1", java.util.List.of("steps [3] not converged"));
        Experiments.unconverged(h, "equilibrium theory", java.util.List.of("stalled at gamma = 1.2"));
        assertEquals(2, h.get("unconverged").size());
        assertEquals("gamma = 1: steps [3] not converged", h.get("unconverged").get(0).asText());
        assertEquals("equilibrium theory: stalled at gamma = 1.2", h.get("unconverged").get(1).asText());
    }
}
