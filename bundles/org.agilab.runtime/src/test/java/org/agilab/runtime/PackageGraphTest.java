package org.agilab.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The runtime's package graph has no cycle, and the runtime stays plain Java (no {@code org.eclipse.*} or
 * {@code org.osgi.*}). A package here is a direct subpackage of {@code org.agilab.runtime} with its own subpackages;
 * the root package ({@link RuntimeInfo}) is one too. Checked on the compiled main classes (not the tests), so
 * dependencies through fully qualified names count like imports. The package map in docs/architecture.md is the one
 * this test writes to {@code target/package-map.txt}.
 */
class PackageGraphTest {

    static final String ROOT = "org.agilab.runtime";
    static final String ROOT_SLICE = "(root)";

    static final JavaClasses RUNTIME = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** Each class's package: the first name below {@code org.agilab.runtime}, or the root; outside the runtime, none. */
    static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = packageOf(javaClass);
            return name == null ? SliceIdentifier.ignore() : SliceIdentifier.of(name);
        }

        @Override
        public String getDescription() {
            return "the packages of " + ROOT;
        }
    };

    static String packageOf(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (name.equals(ROOT)) {
            return ROOT_SLICE;
        }
        if (!name.startsWith(ROOT + ".")) {
            return null;
        }
        int dot = name.indexOf('.', ROOT.length() + 1);
        return dot < 0 ? name.substring(ROOT.length() + 1) : name.substring(ROOT.length() + 1, dot);
    }

    @Test
    void runtimePackagesFormNoCycle() {
        assertTrue(RUNTIME.size() > 50, "the runtime's main classes were found on the test classpath: " + RUNTIME.size());
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(RUNTIME);
    }

    @Test
    void runtimeUsesNoEclipseOrOsgiClass() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.eclipse..", "org.osgi..").check(RUNTIME);
    }

    /** Writes the package map: each package and the runtime packages it uses, the lowest first. */
    @Test
    void writesThePackageMap() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (JavaClass javaClass : RUNTIME) {
            String from = packageOf(javaClass);
            if (from == null) {
                continue;
            }
            Set<String> targets = uses.computeIfAbsent(from, name -> new TreeSet<>());
            for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                String to = packageOf(dependency.getTargetClass());
                if (to != null && !to.equals(from)) {
                    targets.add(to);
                }
            }
        }
        StringBuilder map = new StringBuilder();
        for (String name : layered(uses)) {
            map.append(String.format("%-9s -> %s%n", name, uses.get(name).isEmpty() ? "-" : String.join(", ", uses.get(name))));
        }
        Path file = Path.of("target", "package-map.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, map);
        System.out.print(map);
    }

    /** The packages by depth (those using nothing first), by name within a depth; cycles are the test above's business. */
    static Iterable<String> layered(Map<String, Set<String>> uses) {
        Map<String, Integer> depth = new TreeMap<>();
        for (int round = 0; round <= uses.size(); round++) {
            for (Map.Entry<String, Set<String>> entry : uses.entrySet()) {
                int deepest = entry.getValue().stream().mapToInt(name -> depth.getOrDefault(name, 0) + 1).max().orElse(0);
                depth.put(entry.getKey(), Math.min(deepest, uses.size()));
            }
        }
        return depth.keySet().stream().sorted((a, b) -> depth.get(a).equals(depth.get(b)) ? a.compareTo(b) : depth.get(a) - depth.get(b))
                .collect(Collectors.toList());
    }
}
