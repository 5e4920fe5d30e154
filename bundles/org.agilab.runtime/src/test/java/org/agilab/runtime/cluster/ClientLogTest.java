package org.agilab.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientLogTest {

    @TempDir
    Path nodes;

    @Test
    void theClientsLogStartsAfreshPastItsLimitAndKeepsThePreviousOne() throws Exception {
        Path log = nodes.resolve(Clients.CLIENT_LOG);
        try (PrintStream out = Clients.clientLog(nodes)) {
            out.println("first run");
        }
        try (PrintStream out = Clients.clientLog(nodes)) {
            out.println("second run");
        }
        assertEquals("first run\nsecond run\n", Files.readString(log), "below the limit, runs append");
        try (RandomAccessFile grow = new RandomAccessFile(log.toFile(), "rw")) {
            grow.setLength(Clients.CLIENT_LOG_LIMIT + 1);
        }
        try (PrintStream out = Clients.clientLog(nodes)) {
            out.println("third run");
        }
        assertEquals("third run\n", Files.readString(log));
        assertEquals(Clients.CLIENT_LOG_LIMIT + 1, Files.size(nodes.resolve(Clients.CLIENT_LOG + ".1")));
        assertTrue(Files.readString(nodes.resolve(Clients.CLIENT_LOG + ".1")).startsWith("first run"));
    }
}
