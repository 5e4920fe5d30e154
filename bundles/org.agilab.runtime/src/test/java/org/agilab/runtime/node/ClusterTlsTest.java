package org.agilab.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTlsTest {

    @TempDir
    Path home;

    @Test
    void theMaterialIsTheUsersAloneAndMadeOnce() throws Exception {
        Path folder = home.resolve(".agilab").resolve(ClusterTls.FOLDER);
        ClusterTls.Material made = ClusterTls.ensure(folder);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        for (String file : List.of(ClusterTls.KEY_STORE, ClusterTls.TRUST_STORE, ClusterTls.PASSWORD)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(file))), file);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(made.keyStore())) {
            keys.load(in, made.password());
        }
        assertTrue(keys.isKeyEntry(ClusterTls.ALIAS), "the key store holds the home's private key");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(made.trustStore())) {
            trust.load(in, made.password());
        }
        assertEquals(List.of(ClusterTls.ALIAS), java.util.Collections.list(trust.aliases()), "the trust store trusts the home alone");
        assertFalse(trust.isKeyEntry(ClusterTls.ALIAS), "and holds no private key");
        assertEquals(made.fingerprint(), ClusterTls.ensure(folder).fingerprint(), "an existing folder is used as it is");
        assertNotEquals(made.fingerprint(), ClusterTls.ensure(home.resolve("other")).fingerprint(), "each home has its own key pair");
        try (var leftovers = Files.list(folder.getParent())) {
            assertEquals(List.of(folder), leftovers.filter(f -> !f.getFileName().toString().equals("other")).toList(), "no staging folder left");
        }
    }

    @Test
    void twoProcessesMakingItAtOnceEndWithOneMaterial() throws Exception {
        Path folder = home.resolve(ClusterTls.FOLDER);
        CompletableFuture<ClusterTls.Material> first = CompletableFuture.supplyAsync(() -> ClusterTls.ensure(folder));
        CompletableFuture<ClusterTls.Material> second = CompletableFuture.supplyAsync(() -> ClusterTls.ensure(folder));
        assertEquals(first.get().fingerprint(), second.get().fingerprint());
        assertEquals(first.get().fingerprint(), ClusterTls.read(folder).fingerprint());
    }
}
