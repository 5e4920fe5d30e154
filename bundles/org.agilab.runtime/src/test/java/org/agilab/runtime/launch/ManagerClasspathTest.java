package org.agilab.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagerClasspathTest {

    @TempDir
    Path product;

    private void jar(String name) throws Exception {
        Files.createDirectories(product.resolve("plugins"));
        Files.writeString(product.resolve("plugins").resolve(name), "jar");
    }

    @Test
    void picksTheHighestVersionOfEachRequiredBundleInOrder() throws Exception {
        for (String name : List.of("r1.jar", "r2.jar", "api.jar", "toml.jar", "antlr.jar", "gson.jar", "ecj.jar", "duckdb.jar", "ignite.jar", "cache.jar", "jsch.jar", "other.jar")) {
            jar(name);
        }
        Path info = product.resolve(ManagerClasspath.BUNDLES_INFO);
        Files.createDirectories(info.getParent());
        Files.writeString(info, """
                #encoding=UTF-8
                #version=1
                org.agilab.runtime,0.1.0.v1,plugins/r1.jar,4,false
                org.agilab.runtime,0.1.0.v2,plugins/r2.jar,4,false
                org.agilab.api,0.1.0.v1,plugins/api.jar,4,false
                org.antlr.antlr4-runtime,4.11.1,plugins/antlr.jar,4,false
                com.google.gson,2.13.2,plugins/gson.jar,4,false
                wrapped.org.tomlj.tomlj,1.1.1,plugins/toml.jar,4,false
                org.duckdb.duckdb_jdbc,1.4.2,plugins/duckdb.jar,4,false
                org.eclipse.jdt.core.compiler.batch,3.40.0,plugins/ecj.jar,4,false
                wrapped.org.apache.ignite.ignite-core,2.17.0,plugins/ignite.jar,4,false
                javax.cache.api,1.0.0,plugins/cache.jar,4,false
                com.github.mwiede.jsch,2.28.8,plugins/jsch.jar,4,false
                org.eclipse.osgi,3.22.0,plugins/other.jar,-1,true
                """);
        List<Path> classpath = ManagerClasspath.fromProduct(product);
        assertEquals(List.of("r2.jar", "api.jar", "toml.jar", "antlr.jar", "gson.jar", "ecj.jar", "duckdb.jar", "ignite.jar", "cache.jar", "jsch.jar"),
                classpath.stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void missingBundleIsNamed() throws Exception {
        Path info = product.resolve(ManagerClasspath.BUNDLES_INFO);
        Files.createDirectories(info.getParent());
        Files.writeString(info, "org.agilab.api,0.1.0,plugins/api.jar,4,false\n");
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> ManagerClasspath.fromProduct(product));
        assertTrue(error.getMessage().contains("org.agilab.runtime"), error.getMessage());
    }

    @Test
    void versionsCompareNumerically() {
        assertTrue(ManagerClasspath.compareVersions("1.10.0", "1.9.0") > 0);
        assertTrue(ManagerClasspath.compareVersions("0.1.0.v2", "0.1.0.v1") > 0);
        assertEquals(0, ManagerClasspath.compareVersions("1.0", "1.0.0"));
    }
}
