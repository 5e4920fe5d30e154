package org.agilab.runtime.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.agilab.api.Work;
import org.agilab.api.WorkWeight;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.json.JsonCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionTreeFileTest {

    @TempDir
    Path dir;

    /** As upstream writes it: snake_case keys, [name, weight] pairs, integer weights, no AGILab-only keys. */
    private static final String UPSTREAM = """
            {
              "workers": {"127.0.0.1": 2},
              "work_plan": [[{"name": "a", "items": ["a.csv", 7]}], [{"name": "b", "args": {"x": 1}, "depends_on": ["a"]}]],
              "work_plan_metadata": [[["a", 2]], [["b", 1.5]]],
              "partition_key": "file",
              "nb_unit": "files",
              "weights_unit": "MB"
            }
            """;

    @Test
    void readsAPlanInUpstreamsFormAndWritesItBackTheSame() throws IOException {
        Path file = dir.resolve(DistributionTree.FILE);
        Files.writeString(file, UPSTREAM);
        DistributionTree tree = DistributionTree.read(file);
        assertEquals(List.of(List.of(new Work("a", List.of("a.csv", "7"), null, List.of())),
                List.of(new Work("b", List.of(), Map.of("x", 1L), List.of("a")))), tree.distribution().workPlan());
        assertEquals(List.of(List.of(new WorkWeight("a", 2.0)), List.of(new WorkWeight("b", 1.5))), tree.distribution().workPlanMetadata());
        assertEquals(Map.of("127.0.0.1", 2L), tree.workers());
        assertEquals("file", tree.distribution().partitionKey());

        tree.write(file);
        Map<String, Object> written = JsonCodec.readObject(Files.readString(file));
        assertEquals(List.of(List.of(List.of("a", 2.0)), List.of(List.of("b", 1.5))), written.get("work_plan_metadata"));
        assertEquals(List.of(List.of(Map.of("name", "a", "items", List.of("a.csv", "7"))),
                List.of(Map.of("name", "b", "args", Map.of("x", 1L), "depends_on", List.of("a")))), written.get("work_plan"),
                "empty lists and absent args are left out, as upstream leaves them");
        assertEquals(DistributionTree.SCHEMA, written.get("schema"));
        assertEquals(tree, DistributionTree.read(file));
    }

    @Test
    void aBrokenPlanIsASettingsErrorNamingTheFile() throws IOException {
        Path file = dir.resolve(DistributionTree.FILE);
        for (String broken : List.of("{\"workers\": {}}", UPSTREAM.replace("[\"a\", 2]", "[\"a\"]"), "{not json")) {
            Files.writeString(file, broken);
            AgilabException error = assertThrows(AgilabException.class, () -> DistributionTree.read(file), broken);
            assertEquals(FailureClass.SETTINGS, error.failureClass());
            assertEquals(file, error.file());
            assertTrue(error.hint().contains("--replan"), error.hint());
        }
    }
}
