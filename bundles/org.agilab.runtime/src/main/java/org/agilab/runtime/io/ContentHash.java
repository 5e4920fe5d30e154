package org.agilab.runtime.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A SHA-256 over named parts (strings and file contents), each framed by its name and length so parts never run together. */
public final class ContentHash {

    private final MessageDigest digest;
    private final byte[] buffer = new byte[64 * 1024];

    public ContentHash(String purpose) {
        digest = sha256Digest();
        text("purpose", purpose);
    }

    public ContentHash text(String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        frame(name, bytes.length);
        digest.update(bytes);
        return this;
    }

    public ContentHash file(String name, Path file) throws IOException {
        frame(name, Files.size(file));
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, read);
            }
        }
        return this;
    }

    private void frame(String name, long length) {
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Long.toString(length).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Lower-case hex SHA-256 of {@code bytes}, unframed (a certificate's fingerprint, a manifest's checksum). */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    /** Lower-case hex SHA-256 of {@code text}'s UTF-8 bytes, unframed. */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex SHA-256 of a file's content, unframed (what {@code sha256sum} prints). */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256Digest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
