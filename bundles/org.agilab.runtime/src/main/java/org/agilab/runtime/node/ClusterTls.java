package org.agilab.runtime.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.ContentHash;
import org.agilab.runtime.io.FileTrees;

/**
 * The TLS material of one AGILab home's clusters, in {@code <home>/.agilab/tls/}: a key store with the home's key pair
 * and self-signed certificate ({@code cluster.p12}), a trust store holding only that certificate
 * ({@code truststore.p12}), and their random password ({@code password}); the folder and the files are the user's
 * alone. Every node and client of the home's clusters presents that certificate and trusts nothing else, so a JVM
 * without the home's trust store cannot join. Made by the JDK's {@code keytool} (the JDK has no public API for
 * certificates), passwords passed through the environment, never on a command line. Rotation: {@code agilab nodes
 * stop}, delete the folder; the next cluster run or install makes a new one.
 */
public final class ClusterTls {

    public static final String FOLDER = "tls";
    public static final String KEY_STORE = "cluster.p12";
    public static final String TRUST_STORE = "truststore.p12";
    public static final String PASSWORD = "password";
    static final String ALIAS = "agilab-cluster";
    /** Days the certificate is valid; rotation is a new folder, see the class comment. */
    static final int VALIDITY_DAYS = 3650;

    /** A home's material, ready for Ignite: stores, their password, and the certificate's fingerprint. */
    public record Material(Path folder, char[] password, String fingerprint) {

        public Path keyStore() {
            return folder.resolve(KEY_STORE);
        }

        public Path trustStore() {
            return folder.resolve(TRUST_STORE);
        }
    }

    private ClusterTls() {
    }

    /** The material in {@code folder}, made first when there is none. */
    public static Material ensure(Path folder) {
        if (!Files.isRegularFile(folder.resolve(PASSWORD))) {
            create(folder);
        }
        return read(folder);
    }

    /** The material in {@code folder}, which must exist (a node reads the manager's). */
    public static Material read(Path folder) {
        try {
            char[] password = Files.readString(folder.resolve(PASSWORD), StandardCharsets.UTF_8).strip().toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(folder.resolve(TRUST_STORE))) {
                store.load(in, password);
            }
            Certificate certificate = store.getCertificate(ALIAS);
            if (certificate == null) {
                throw new IOException(TRUST_STORE + " holds no " + ALIAS + " certificate");
            }
            String fingerprint = ContentHash.sha256(certificate.getEncoded());
            return new Material(folder, password, fingerprint);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw AgilabException.of(FailureClass.CLUSTER, "the cluster TLS material in " + folder + " cannot be read: " + e.getMessage())
                    .file(folder).cause(e).hint("run 'agilab nodes stop', delete " + folder + " and run again: a new key pair is made")
                    .build();
        }
    }

    private static void create(Path folder) {
        Path parent = folder.toAbsolutePath().getParent();
        Path staging = parent.resolve("." + folder.getFileName() + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
        try {
            Files.createDirectories(parent);
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            String name = new ContentHash("agilab-tls-v1").text("folder", folder.toAbsolutePath().normalize().toString()).hex()
                    .substring(0, 16);
            keytool(staging, password, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity",
                    Integer.toString(VALIDITY_DAYS), "-dname", "CN=agilab-cluster-" + name, "-keystore", KEY_STORE, "-storetype", "PKCS12",
                    "-storepass:env", "AGILAB_TLS_PASSWORD", "-keypass:env", "AGILAB_TLS_PASSWORD");
            keytool(staging, password, "-exportcert", "-alias", ALIAS, "-keystore", KEY_STORE, "-storetype", "PKCS12", "-storepass:env",
                    "AGILAB_TLS_PASSWORD", "-rfc", "-file", "cluster.crt");
            keytool(staging, password, "-importcert", "-noprompt", "-alias", ALIAS, "-file", "cluster.crt", "-keystore", TRUST_STORE,
                    "-storetype", "PKCS12", "-storepass:env", "AGILAB_TLS_PASSWORD");
            for (String file : List.of(KEY_STORE, TRUST_STORE, "cluster.crt")) {
                Files.setPosixFilePermissions(staging.resolve(file), PosixFilePermissions.fromString("rw-------"));
            }
            // the password file last: its presence says the folder is complete
            Files.createFile(staging.resolve(PASSWORD), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(staging.resolve(PASSWORD), password);
            try {
                Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isRegularFile(folder.resolve(PASSWORD))) {
                    throw e; // not another process's complete material: a real failure (or a damaged folder, which read() names)
                }
                // another process made it first: theirs is used, ours is dropped
            }
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.CLUSTER, "cannot make the cluster TLS material in " + folder + ": " + e.getMessage())
                    .file(folder).cause(e).hint("check that " + parent + " is writable and that the JDK's keytool runs").build();
        } finally {
            try {
                FileTrees.delete(staging);
            } catch (IOException e) {
                // a staging folder left behind is hidden and harmless
            }
        }
    }

    private static void keytool(Path directory, String password, String... arguments) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("AGILAB_TLS_PASSWORD", password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(keytool + " " + arguments[0] + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(keytool + " " + arguments[0] + " failed (exit " + process.exitValue() + "): " + output.strip());
        }
    }
}
