package org.agilab.runtime.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;

/**
 * The stages of a lab that a command works on, checked and put in waves. Checks, each an error naming the file, the
 * stage, its line and how to fix it: ids are unique; every dependency names a stage of the plan; there is no cycle (the
 * error names the stages of the cycle and their lines); a {@code consumes} path is produced by a stage the consumer
 * depends on (directly or not) or is a file that exists. Waves: stage after stage when no stage declares a dependency
 * (upstream's rule: the file's order is the plan), else every stage in the first wave after all of its dependencies,
 * in file order within a wave.
 */
public final class LabPlan {

    private final LabFile lab;
    private final List<Stage> stages;
    private final Map<String, Stage> byId;
    private final List<List<Stage>> waves;
    private final boolean declared;
    private final Path home;

    private LabPlan(LabFile lab, List<Stage> stages, Map<String, Stage> byId, List<List<Stage>> waves, boolean declared, Path home) {
        this.home = home;
        this.lab = lab;
        this.stages = stages;
        this.byId = byId;
        this.waves = waves;
        this.declared = declared;
    }

    /**
     * The plan of {@code arrays} (null or empty: every array of the file) under {@code profile} (null: none).
     *
     * @throws AgilabException (settings) for the first problem found
     */
    public static LabPlan of(LabFile lab, List<String> arrays, String profile) {
        return of(lab, arrays, profile, null);
    }

    /**
     * The plan, its paths' {@code ~} being {@code home} (the AGILab home; null: the user's home).
     *
     * @throws AgilabException (settings) for the first problem found
     */
    public static LabPlan of(LabFile lab, List<String> arrays, String profile, Path home) {
        List<Stage> stages = new ArrayList<>();
        for (LabFile.StageArray array : lab.arrays().values()) {
            if (arrays == null || arrays.isEmpty() || arrays.contains(array.name())) {
                array.stages().forEach(stage -> stages.add(stage.withProfile(profile)));
            }
        }
        Map<String, Stage> byId = new LinkedHashMap<>();
        for (Stage stage : stages) {
            Stage before = byId.putIfAbsent(stage.id(), stage);
            if (before != null) {
                throw problem(lab, stage, "stage id '" + stage.id() + "' is used twice: line " + before.line() + " and line " + stage.line(),
                        "give each stage its own id = \"...\"");
            }
        }
        Map<String, Stage> everywhere = new HashMap<>();
        lab.stages().forEach(stage -> everywhere.putIfAbsent(stage.id(), stage));
        boolean declared = false;
        for (Stage stage : stages) {
            for (String dep : stage.dependsOn()) {
                declared = true;
                if (dep.equals(stage.id())) {
                    throw problem(lab, stage, "stage '" + stage.id() + "' (line " + stage.line() + ") depends on itself",
                            "remove '" + dep + "' from its " + stage.dependencyKey());
                }
                if (!byId.containsKey(dep)) {
                    Stage elsewhere = everywhere.get(dep);
                    throw elsewhere != null
                            ? problem(lab, stage, "stage '" + stage.id() + "' (line " + stage.line() + ") depends on '" + dep + "' (line "
                                    + elsewhere.line() + " of " + elsewhere.array() + "), which is not part of this run",
                                    "run the whole lab (leave out --app), or drop the dependency")
                            : problem(lab, stage, "stage '" + stage.id() + "' (line " + stage.line() + ") depends on '" + dep
                                    + "', which is no stage of " + lab.path().getFileName(), "stage ids here: " + String.join(", ", byId.keySet()));
                }
            }
        }
        List<List<Stage>> waves = declared ? waves(lab, stages, byId) : stages.stream().map(List::of).toList();
        LabPlan plan = new LabPlan(lab, Collections.unmodifiableList(stages), Collections.unmodifiableMap(byId), waves, declared,
                home == null ? Path.of(System.getProperty("user.home")) : home);
        plan.checkInputs();
        return plan;
    }

    private static List<List<Stage>> waves(LabFile lab, List<Stage> stages, Map<String, Stage> byId) {
        List<List<Stage>> waves = new ArrayList<>();
        Set<String> done = new HashSet<>();
        List<Stage> remaining = new ArrayList<>(stages);
        while (!remaining.isEmpty()) {
            List<Stage> ready = remaining.stream().filter(stage -> done.containsAll(stage.dependsOn())).toList();
            if (ready.isEmpty()) {
                throw cycle(lab, remaining, byId);
            }
            waves.add(ready);
            ready.forEach(stage -> done.add(stage.id()));
            remaining.removeAll(ready);
        }
        return Collections.unmodifiableList(waves);
    }

    /** The error for stages that cannot be ordered: it names one cycle among them, each stage with its line. */
    private static AgilabException cycle(LabFile lab, List<Stage> remaining, Map<String, Stage> byId) {
        Set<String> left = new HashSet<>();
        remaining.forEach(stage -> left.add(stage.id()));
        // follow unfinished dependencies from the first stage until one repeats: what lies between is a cycle
        List<Stage> path = new ArrayList<>();
        Stage current = remaining.get(0);
        while (!path.contains(current)) {
            path.add(current);
            String next = current.dependsOn().stream().filter(left::contains).findFirst().orElseThrow();
            current = byId.get(next);
        }
        List<Stage> cycle = path.subList(path.indexOf(current), path.size());
        StringBuilder chain = new StringBuilder();
        for (Stage stage : cycle) {
            chain.append('\'').append(stage.id()).append("' (line ").append(stage.line()).append(") depends on ");
        }
        chain.append('\'').append(cycle.get(0).id()).append('\'');
        String message = cycle.size() == 2
                ? "stages '" + cycle.get(0).id() + "' (line " + cycle.get(0).line() + ") and '" + cycle.get(1).id() + "' (line "
                        + cycle.get(1).line() + ") depend on each other: a dependency cycle"
                : "a dependency cycle: " + chain;
        return problem(lab, cycle.get(0), message, "remove one of these dependencies so that the stages can run in an order");
    }

    /** Each {@code consumes} path comes from a stage this one depends on, or exists. */
    private void checkInputs() {
        Map<String, Stage> producers = new HashMap<>();
        for (Stage stage : stages) {
            for (String output : stage.outputs()) {
                producers.putIfAbsent(normalise(output), stage);
            }
        }
        for (Stage stage : stages) {
            for (String input : stage.inputs()) {
                Stage producer = producerOf(producers, normalise(input));
                if (producer == null) {
                    if (!Files.exists(resolve(input))) {
                        throw problem(lab, stage, "stage '" + stage.id() + "' (line " + stage.line() + ") consumes '" + input
                                + "', which no stage produces and no file provides (" + resolve(input) + ")",
                                "add it to the produces of the stage that writes it, or create the file");
                    }
                } else if (producer != stage && !ancestors(stage).contains(producer.id())) {
                    throw problem(lab, stage, "stage '" + stage.id() + "' (line " + stage.line() + ") consumes '" + input
                            + "', which stage '" + producer.id() + "' (line " + producer.line() + ") produces, but does not depend on it",
                            "add \"" + producer.id() + "\" to its " + stage.dependencyKey() + ", so it runs after the file is written");
                }
            }
        }
    }

    private static Stage producerOf(Map<String, Stage> producers, String input) {
        Stage exact = producers.get(input);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Stage> entry : producers.entrySet()) {
            if (input.startsWith(entry.getKey() + "/")) {
                return entry.getValue(); // a file inside a produced folder
            }
        }
        return null;
    }

    /** Every stage this one depends on, directly or not. */
    public Set<String> ancestors(Stage stage) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(stage.dependsOn());
        while (!todo.isEmpty()) {
            String id = todo.remove(todo.size() - 1);
            if (seen.add(id) && byId.containsKey(id)) {
                todo.addAll(byId.get(id).dependsOn());
            }
        }
        return seen;
    }

    /** Every stage that depends on this one, directly or not. */
    public Set<String> dependents(String id) {
        Set<String> found = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Stage stage : stages) {
                if (!found.contains(stage.id()) && stage.dependsOn().stream().anyMatch(dep -> dep.equals(id) || found.contains(dep))) {
                    found.add(stage.id());
                    grew = true;
                }
            }
        }
        return found;
    }

    private static String normalise(String path) {
        String p = path.strip().replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /**
     * A path of a stage ({@code produces}, {@code consumes}, outputs): {@code ~} is the AGILab home (as upstream, whose
     * home is the user's), a relative path is relative to the lab folder.
     */
    public Path resolve(String spec) {
        String s = spec.strip();
        if (s.equals("~") || s.startsWith("~/")) {
            return home.resolve(s.length() > 1 ? s.substring(2) : "").normalize();
        }
        Path p = Path.of(s);
        return (p.isAbsolute() ? p : lab.folder().resolve(p)).normalize();
    }

    static AgilabException problem(LabFile lab, Stage stage, String message, String hint) {
        return AgilabException.of(FailureClass.SETTINGS, message).at(lab.path(), stage.line()).hint(hint).build();
    }

    public LabFile lab() {
        return lab;
    }

    /** The stages of the plan, in file order (the profile applied). */
    public List<Stage> stages() {
        return stages;
    }

    public Stage stage(String id) {
        return byId.get(id);
    }

    /** The waves, in order; each wave's stages in file order. */
    public List<List<Stage>> waves() {
        return waves;
    }

    /** Whether any stage declares a dependency (else the file's order is the plan, one stage per wave). */
    public boolean dependenciesDeclared() {
        return declared;
    }

    /** The stages a stage waits for: its dependencies, or the stage before it when none are declared anywhere. */
    public List<String> waitsFor(Stage stage) {
        if (declared) {
            return stage.dependsOn();
        }
        int at = stages.indexOf(stage);
        return at <= 0 ? List.of() : List.of(stages.get(at - 1).id());
    }

    /** The wave of a stage, from 1. */
    public int waveOf(String id) {
        for (int w = 0; w < waves.size(); w++) {
            for (Stage stage : waves.get(w)) {
                if (stage.id().equals(id)) {
                    return w + 1;
                }
            }
        }
        return 0;
    }

    /** The dependency graph in Graphviz DOT, as upstream records it in the manifest: one rank per wave. */
    public String dot() {
        StringBuilder dot = new StringBuilder("digraph workflow_dependencies {\n  graph [rankdir=LR];\n  node [shape=box, style=rounded];\n");
        for (Stage stage : stages) {
            dot.append("  \"").append(escape(stage.id())).append("\" [label=\"").append(escape(stage.id() + "\n" + stage.kind().id()
                    + ", wave " + waveOf(stage.id()))).append("\"];\n");
        }
        for (Stage stage : stages) {
            for (String dep : stage.dependsOn()) {
                dot.append("  \"").append(escape(dep)).append("\" -> \"").append(escape(stage.id())).append("\";\n");
            }
        }
        for (List<Stage> wave : waves) {
            if (wave.size() > 1) {
                dot.append("  { rank=same; ");
                wave.forEach(stage -> dot.append('"').append(escape(stage.id())).append("\"; "));
                dot.append("}\n");
            }
        }
        return dot.append("}").toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
