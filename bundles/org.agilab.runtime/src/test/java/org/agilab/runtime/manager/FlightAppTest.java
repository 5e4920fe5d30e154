package org.agilab.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.EventOutcome;
import org.agilab.runtime.protocol.EventEnvelope;
import org.agilab.runtime.record.RunRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flight app end to end, on input written here in every variant real files come in, checked against an
 * independent computation (its own parsing, java.lang.Math and another haversine form).
 */
class FlightAppTest {

    static final Path APP = Path.of("../../apps/flight_telemetry_project").toAbsolutePath().normalize();
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    static Path shared;
    static Path dataIn;
    /** aircraft -> points (epoch seconds, lat, long), as written. */
    static final Map<String, List<double[]>> written = new TreeMap<>();

    @TempDir
    Path home;

    record Outcome(int code, List<Event> events) implements EventOutcome {
    }

    /** A cluster test that failed before its own `nodes stop` leaves no node JVM behind. */
    @org.junit.jupiter.api.AfterEach
    void stopNodesLeftByAFailure() {
        org.agilab.runtime.cluster.StrayJvms.killUnder(home);
    }

    @BeforeAll
    static void writeInputs() throws IOException {
        dataIn = Files.createDirectories(shared.resolve("input"));
        Random random = new Random(7);
        // plane 01: LF plain, and CRLF with a pandas index column; plane 02: quoted with an extra column, and shuffled
        // rows of two aircraft in one file
        Files.writeString(dataIn.resolve("01_100.csv"), render(remember(points(random, "AC-1", 40)), "plain"));
        Files.writeString(dataIn.resolve("01_101.csv"), render(remember(points(random, "AC-2", 35)), "index"));
        Files.writeString(dataIn.resolve("02_200.csv"), render(remember(points(random, "AC-3", 30)), "quoted"));
        List<String[]> mixed = new ArrayList<>(remember(points(random, "AC-4", 25)));
        mixed.addAll(remember(points(random, "AC-5", 20)));
        Collections.shuffle(mixed, random);
        Files.writeString(dataIn.resolve("02_201.csv"), render(mixed, "plain"));
        Files.writeString(dataIn.resolve("notes.txt"), "not a flight file");
    }

    /**
     * Notes {@code rows} (date, lat, long, aircraft) as this class's input, which its checks compare the outputs with;
     * {@link #points} itself records nothing, since other test classes write their own inputs with it.
     */
    static List<String[]> remember(List<String[]> rows) {
        for (String[] row : rows) {
            written.computeIfAbsent(row[3], a -> new ArrayList<>()).add(new double[] {
                    LocalDateTime.parse(row[0], DATE).toEpochSecond(java.time.ZoneOffset.UTC), Double.parseDouble(row[1]),
                    Double.parseDouble(row[2]) });
        }
        return rows;
    }

    /** {@code count} points of {@code aircraft}, 10 s apart from a random time: date, lat, long, aircraft. */
    static List<String[]> points(Random random, String aircraft, int count) {
        List<String[]> rows = new ArrayList<>();
        LocalDateTime time = LocalDateTime.of(2020, 3, 1, 8, 0).plusMinutes(random.nextInt(10_000));
        double lat = 40 + random.nextDouble() * 10;
        double lon = -5 + random.nextDouble() * 15;
        for (int i = 0; i < count; i++) {
            lat += (random.nextDouble() - 0.3) * 0.02;
            lon += (random.nextDouble() - 0.3) * 0.03;
            String[] row = { time.format(DATE), String.format(java.util.Locale.ROOT, "%.6f", lat),
                    String.format(java.util.Locale.ROOT, "%.6f", lon), aircraft };
            rows.add(row);
            time = time.plusSeconds(10);
        }
        return rows;
    }

    static String render(List<String[]> rows, String variant) {
        String newline = variant.equals("index") ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder(switch (variant) {
            case "index" -> ",date,lat,long,aircraft";
            case "quoted" -> "\"aircraft\",\"date\",\"lat\",\"long\",\"alt\"";
            default -> "date,lat,long,aircraft";
        }).append(newline);
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            text.append(switch (variant) {
                case "index" -> i + "," + String.join(",", r);
                case "quoted" -> "\"" + r[3] + "\",\"" + r[0] + "\",\"" + r[1] + "\",\"" + r[2] + "\",\"3,000\"";
                default -> String.join(",", r);
            }).append(newline);
        }
        return text.toString();
    }

    /** Independent great-circle distance: the asin form, with java.lang.Math. */
    static double metres(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6_371_000.0 * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    Outcome agilab(String... args) throws IOException {
        try (PipedOutputStream control = new PipedOutputStream(); PipedInputStream in = new PipedInputStream(control)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // the test's own options come last, so its --set data_in wins over the default input
            List<String> all = new ArrayList<>(List.of(args[0], "--app", APP.toString(), "--home", home.toString(), "--protocol",
                    "--set", "data_in=" + dataIn));
            all.addAll(List.of(args).subList(1, args.length));
            int code = new ManagerMain(Map.of("USER", "tester"), in, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(all.toArray(String[]::new));
            return new Outcome(code, out.toString(StandardCharsets.UTF_8).lines().map(EventEnvelope::parse).map(EventEnvelope::event).toList());
        }
    }

    Path dataOut() {
        return home.resolve("localshare/tester/flight_telemetry/dataframe");
    }

    Map<String, byte[]> outputs() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dataOut())) {
            for (Path file : (Iterable<Path>) list::iterator) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    @Test
    void everyVariantGivesTheIndependentRowsAndDistances() throws IOException {
        Outcome run = agilab("run", "--mode", "0", "--set", "output_format=csv");
        assertEquals(0, run.code(), run.last().toString());
        assertEquals("plain", run.result().data().get("kernel"));
        double total = 0;
        for (Map.Entry<String, List<double[]>> aircraft : written.entrySet()) {
            List<double[]> points = new ArrayList<>(aircraft.getValue());
            points.sort((a, b) -> Double.compare(a[0], b[0]));
            double expected = 0;
            for (int i = 1; i < points.size(); i++) {
                expected += metres(points.get(i - 1)[1], points.get(i - 1)[2], points.get(i)[1], points.get(i)[2]);
            }
            List<String> lines = Files.readAllLines(dataOut().resolve(aircraft.getKey() + ".csv"));
            assertEquals("date,aircraft,lat,long,prev_lat,prev_long,speed", lines.get(0));
            assertEquals(points.size() + 1, lines.size(), aircraft.getKey() + " rows");
            double sum = 0;
            String previousDate = "";
            for (int i = 1; i < lines.size(); i++) {
                String[] fields = lines.get(i).split(",", -1);
                assertTrue(fields[0].compareTo(previousDate) >= 0, "sorted by date");
                previousDate = fields[0];
                sum += Double.parseDouble(fields[6]);
                if (i == 1) {
                    assertEquals("", fields[4], "the first point has no previous point");
                    assertEquals(0.0, Double.parseDouble(fields[6]));
                } else {
                    assertEquals(lines.get(i - 1).split(",")[2], fields[4], "prev_lat is the previous point's lat");
                }
            }
            assertEquals(expected, sum, expected * 1e-9, aircraft.getKey() + " distance");
            total += expected;
        }
        Map<String, Object> summary = JsonCodec.readObject(Files.readString(dataOut().resolve("reduce_summary_worker_0.json")));
        assertEquals(150L, summary.get("rows"));
        assertEquals(5L, summary.get("aircraft_count"));
        assertEquals(4L, summary.get("file_count"));
        assertEquals(total, (Double) summary.get("distance_sum_m"), total * 1e-9);
    }

    @Test
    void modesZeroPoolCompiledGiveIdenticalOutputsAndRerunsKeepOneFilePerAircraft() throws IOException {
        Map<String, byte[]> reference = null;
        for (String mode : List.of("0", "p", "c", "pc")) {
            Outcome run = agilab("run", "--mode", mode);
            assertEquals(0, run.code(), run.last().toString());
            assertEquals(mode.contains("c") ? "compiled" : "plain", run.result().data().get("kernel"));
            Map<String, byte[]> outputs = outputs();
            assertEquals(written.size() + 1, outputs.size(), "one parquet per aircraft and the summary: " + outputs.keySet());
            if (reference == null) {
                reference = outputs;
                continue;
            }
            for (String name : reference.keySet()) {
                if (name.endsWith(".parquet")) {
                    assertArrayEquals(reference.get(name), outputs.get(name), name + " in mode " + mode);
                }
            }
        }
    }

    @Test
    void clusterModeOnTwoNodeJvmsGivesTheLocalOutputsAndLeavesNoJvm() throws IOException {
        assertEquals(0, agilab("run", "--mode", "p", "--set", "output_format=csv").code());
        Map<String, byte[]> local = outputs();
        Outcome cluster = agilab("run", "--mode", "dp", "--workers", "127.0.0.1:2", "--set", "output_format=csv",
                "--set", "reset_target=true");
        assertEquals(0, cluster.code(), cluster.last().toString());
        Map<String, byte[]> distributed = outputs();
        assertEquals(written.size() + 2, distributed.size(), "one CSV per aircraft and one summary per worker: " + distributed.keySet());
        for (String aircraft : written.keySet()) {
            assertArrayEquals(local.get(aircraft + ".csv"), distributed.get(aircraft + ".csv"), aircraft);
        }
        assertTrue(cluster.events().stream().anyMatch(e -> e instanceof Event.Host hostEvent && hostEvent.state() == Event.HostState.STARTING));
        assertTrue(cluster.events().stream().anyMatch(e -> e instanceof Event.Item item && "1".equals(item.worker())),
                "items of the second node's chunk reach the caller");
        Map<String, List<String[]>> reference = new TreeMap<>();
        for (String aircraft : written.keySet()) {
            reference.put(aircraft, csvRows(aircraft));
        }
        Outcome duckdb = agilab("run", "--mode", "dp", "--workers", "127.0.0.1:2", "--set", "output_format=csv",
                "--set", "reset_target=true", "--set", "engine=duckdb");
        assertEquals(0, duckdb.code(), duckdb.last().toString());
        assertEquals(written.size() + 2, outputs().size(), "one CSV per aircraft and one summary per worker: " + outputs().keySet());
        for (String aircraft : written.keySet()) {
            assertSameTrack(reference.get(aircraft), csvRows(aircraft), aircraft + " with the duckdb engine on two nodes");
        }
        assertEquals(0, agilab("nodes", "stop").code());
        assertEquals(List.of(), org.agilab.runtime.cluster.StrayJvms.killUnder(home), "nodes stop leaves no JVM");
    }

    /** An aircraft's CSV output as rows of fields (header first). */
    List<String[]> csvRows(String aircraft) throws IOException {
        return Files.readAllLines(dataOut().resolve(aircraft + ".csv")).stream().map(line -> line.split(",", -1)).toList();
    }

    /** Same rows: dates and aircraft as text, coordinates as equal doubles, distances within 1e-9 relative. */
    static void assertSameTrack(List<String[]> expected, List<String[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": rows");
        assertArrayEquals(expected.get(0), actual.get(0), what + ": header");
        for (int i = 1; i < expected.size(); i++) {
            String[] e = expected.get(i);
            String[] a = actual.get(i);
            assertEquals(e[0], a[0], what + " row " + i + " date");
            assertEquals(e[1], a[1], what + " row " + i + " aircraft");
            for (int c = 2; c <= 5; c++) {
                assertEquals(e[c].isEmpty() ? null : Double.valueOf(e[c]), a[c].isEmpty() ? null : Double.valueOf(a[c]),
                        what + " row " + i + " column " + c);
            }
            double distance = Double.parseDouble(e[6]);
            assertEquals(distance, Double.parseDouble(a[6]), Math.abs(distance) * 1e-9, what + " row " + i + " distance");
        }
    }

    @Test
    void theDuckDbEngineGivesThePlainOutputsInModesZeroPoolCompiled() throws IOException {
        Outcome plain = agilab("run", "--mode", "0", "--set", "output_format=csv", "--set", "reset_target=true");
        assertEquals(0, plain.code(), plain.last().toString());
        Map<String, List<String[]>> reference = new TreeMap<>();
        for (String aircraft : written.keySet()) {
            reference.put(aircraft, csvRows(aircraft));
        }
        Map<String, Object> plainSummary = JsonCodec.readObject(Files.readString(dataOut().resolve("reduce_summary_worker_0.json")));
        for (String mode : List.of("0", "p", "c", "pc")) {
            Outcome run = agilab("run", "--mode", mode, "--set", "output_format=csv", "--set", "engine=duckdb", "--set", "reset_target=true");
            assertEquals(0, run.code(), run.last().toString());
            assertEquals("duckdb", run.result().data().get("family"), "mode " + mode);
            assertTrue(run.events().stream().noneMatch(e -> e instanceof Event.Log log && log.message().contains("Java reader")),
                    "DuckDB read every variant itself in mode " + mode);
            assertEquals(written.size() + 1, outputs().size(), "one CSV per aircraft and the summary: " + outputs().keySet());
            for (String aircraft : written.keySet()) {
                assertSameTrack(reference.get(aircraft), csvRows(aircraft), aircraft + " in mode " + mode);
            }
            Map<String, Object> summary = JsonCodec.readObject(Files.readString(dataOut().resolve("reduce_summary_worker_0.json")));
            assertEquals("duckdb", summary.get("kernel"));
            for (String key : List.of("rows", "aircraft", "files", "time_start", "time_end", "outputs")) {
                assertEquals(plainSummary.get(key), summary.get(key), key + " in mode " + mode);
            }
            double sum = (Double) plainSummary.get("distance_sum_m");
            assertEquals(sum, (Double) summary.get("distance_sum_m"), sum * 1e-9);
        }
    }

    @Test
    void theDuckDbEngineWritesTheSameParquetRows() throws Exception {
        Map<String, List<List<Object>>> byEngine = new TreeMap<>();
        for (String engine : List.of("plain", "duckdb")) {
            Outcome run = agilab("run", "--mode", "p", "--set", "engine=" + engine, "--set", "reset_target=true");
            assertEquals(0, run.code(), run.last().toString());
            try (java.sql.Connection duckdb = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
                    java.sql.Statement sql = duckdb.createStatement()) {
                for (String aircraft : written.keySet()) {
                    List<List<Object>> rows = new ArrayList<>();
                    try (java.sql.ResultSet result = sql.executeQuery("SELECT CAST(date AS VARCHAR), aircraft, lat, long, prev_lat,"
                            + " prev_long, speed FROM read_parquet('" + dataOut().resolve(aircraft + ".parquet") + "')")) {
                        while (result.next()) {
                            List<Object> row = new ArrayList<>();
                            for (int c = 1; c <= 7; c++) {
                                row.add(result.getObject(c));
                            }
                            rows.add(row);
                        }
                    }
                    byEngine.put(engine + " " + aircraft, rows);
                }
            }
        }
        for (String aircraft : written.keySet()) {
            List<List<Object>> plain = byEngine.get("plain " + aircraft);
            List<List<Object>> duck = byEngine.get("duckdb " + aircraft);
            assertEquals(written.get(aircraft).size(), plain.size(), aircraft);
            assertEquals(plain.size(), duck.size(), aircraft);
            for (int i = 0; i < plain.size(); i++) {
                assertEquals(plain.get(i).subList(0, 6), duck.get(i).subList(0, 6), aircraft + " row " + i);
                double distance = (Double) plain.get(i).get(6);
                assertEquals(distance, (Double) duck.get(i).get(6), distance * 1e-9, aircraft + " row " + i + " distance");
            }
        }
    }

    @Test
    void theRecordListsOutputsWithChecksums() throws IOException {
        assertEquals(0, agilab("run", "--mode", "p").code());
        Path records = home.resolve("log/execute/flight_telemetry");
        Path record;
        try (Stream<Path> list = Files.list(records)) {
            record = list.filter(p -> p.getFileName().toString().endsWith("_run")).findFirst().orElseThrow();
        }
        Map<String, Object> manifest = JsonCodec.readObject(Files.readString(record.resolve(RunRecord.MANIFEST_FILE)));
        List<?> outputs = (List<?>) manifest.get("outputs");
        assertEquals(written.size() + 1, outputs.size());
        Map<?, ?> first = (Map<?, ?>) outputs.get(0);
        assertEquals(64, ((String) first.get("sha256")).length());
        assertTrue((Long) first.get("bytes") > 0);
    }

    @Test
    void malformedInputNamesFileLineAndColumnAndKeepsEarlierOutputs() throws IOException {
        assertEquals(0, agilab("run", "--mode", "p").code());
        Map<String, byte[]> before = outputs();
        Path bad = Files.createDirectories(shared.resolve("bad-" + System.nanoTime()));
        Map<String, String[]> cases = new HashMap<>();
        cases.put("lat", new String[] { "date,lat,long,aircraft\n2020-03-01 08:00:00,1.0,2.0,A\n2020-03-01 08:00:10,north,2.0,A\n", "3" });
        cases.put("date", new String[] { "date,lat,long,aircraft\n2020-03-01 08:00:00,1.0,2.0,A\n03/01/2020 08:00,1.0,2.0,A\n", "3" });
        cases.put("long", new String[] { "date,lat,aircraft\n2020-03-01 08:00:00,1.0,A\n", "1" });
        for (Map.Entry<String, String[]> badCase : cases.entrySet()) {
            Path folder = Files.createDirectories(bad.resolve(badCase.getKey()));
            Path file = folder.resolve("07_1.csv");
            Files.writeString(file, badCase.getValue()[0]);
            for (String engine : List.of("plain", "duckdb")) {
                Outcome run = agilab("run", "--mode", "p", "--set", "data_in=" + folder, "--set", "engine=" + engine);
                assertEquals(4, run.code(), engine + ": " + run.last());
                Event.Failure error = run.failure();
                assertEquals("data", error.failureClass());
                assertEquals(file.toString(), error.file());
                assertEquals(Long.parseLong(badCase.getValue()[1]), (long) error.line(), engine + ": " + error);
                assertTrue(error.message().startsWith("column " + badCase.getKey()), engine + ": " + error);
            }
        }
        Outcome empty = agilab("run", "--set", "data_in=" + Files.createDirectories(bad.resolve("empty")));
        assertEquals(4, empty.code());
        assertEquals(bad.resolve("empty").toString(), empty.failure().file());
        Outcome missing = agilab("run", "--set", "data_in=" + bad.resolve("missing"));
        assertEquals(4, missing.code());
        assertEquals(bad.resolve("missing").toString(), missing.failure().file());

        Map<String, byte[]> after = outputs();
        assertEquals(before.keySet(), after.keySet(), "nothing written by the earlier run is lost");
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void benchmarkRanksTheModesInBenchmarkJson() throws IOException {
        Outcome bench = agilab("benchmark", "--modes", "0,p,c,pc");
        assertEquals(0, bench.code(), bench.last().toString());
        Map<String, Object> json = JsonCodec.readObject(Files.readString(home.resolve(".agilab/benchmark.json")));
        List<Map<String, Object>> runs = (List<Map<String, Object>>) json.get("runs");
        assertEquals(4, runs.size());
        assertEquals(List.of(1L, 2L, 3L, 4L), runs.stream().map(r -> r.get("order")).toList());
        assertEquals(0.0, runs.get(0).get("delta"));
        assertEquals(java.util.Set.of("____", "___p", "__c_", "__cp"), runs.stream().map(r -> r.get("mode")).collect(java.util.stream.Collectors.toSet()));
        for (int i = 1; i < runs.size(); i++) {
            assertTrue((Double) runs.get(i).get("seconds") >= (Double) runs.get(i - 1).get("seconds"), "ranked by time");
        }
        assertEquals(json.get("best"), runs.get(0).get("mode"));
        assertEquals(2, agilab("benchmark", "--modes", "0,x").code(), "a bad mode letter is a usage error");
    }

    @Test
    void argsFollowUpstreamRules() throws IOException {
        Outcome late = agilab("distribute", "--set", "datemax=2022-01-01");
        assertEquals(3, late.code());
        assertTrue(late.failure().message().contains("args.datemax = 2022-01-01: must be on or before 2021-06-01"),
                late.last().toString());
        Outcome format = agilab("distribute", "--set", "output_format=xlsx");
        assertEquals(3, format.code());
        assertTrue(format.failure().message().contains("must be one of parquet, csv"), format.last().toString());
        Outcome plan = agilab("distribute", "--set", "nfile=1");
        assertEquals(0, plan.code(), plan.last().toString());
        Map<?, ?> tree = (Map<?, ?>) plan.result().data().get("tree");
        assertEquals("plane", tree.get("partition_key"));
        List<?> works = ((List<?>) tree.get("work_plan")).stream().flatMap(w -> ((List<?>) w).stream()).toList();
        assertEquals(2, works.size(), "two planes");
        for (Object work : works) {
            assertEquals(1, ((List<?>) ((Map<?, ?>) work).get("items")).size(), "nfile=1 keeps one file per plane");
        }
    }

    /** An input folder of its own holding one file of these rows (date, lat, long, aircraft). */
    static Path input(String name, String... rows) throws IOException {
        Path folder = Files.createDirectories(shared.resolve(name));
        Files.writeString(folder.resolve("03_300.csv"), "date,lat,long,aircraft\n" + String.join("\n", rows) + "\n");
        return folder;
    }

    /** Reverses the app's file-name encoding: %XX is a byte of the name's UTF-8 form. */
    static String decode(String fileName) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < fileName.length(); i++) {
            if (fileName.charAt(i) == '%') {
                bytes.write(Integer.parseInt(fileName.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(fileName.charAt(i));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aircraftWhoseNamesCleanAlikeKeepTheirOwnFilesAndEveryRow() throws IOException {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add("2020-05-01 10:00:" + String.format(java.util.Locale.ROOT, "%02d", i) + ",45." + i + ",5.0,F/01");
            rows.add("2020-05-01 11:00:" + String.format(java.util.Locale.ROOT, "%02d", i) + ",46." + i + ",6.0,F_01");
        }
        rows.add("2020-05-01 12:00:00,47.0,7.0,.hidden \u00e9t\u00e9");
        Path folder = input("alike", rows.toArray(String[]::new));
        for (String format : List.of("csv", "parquet")) {
            Outcome run = agilab("run", "--mode", "p", "--set", "data_in=" + folder, "--set", "output_format=" + format,
                    "--set", "reset_target=true");
            assertEquals(0, run.code(), run.last().toString());
            assertEquals(21L, run.result().data().get("rows"));
            Map<String, byte[]> outputs = outputs();
            assertEquals(java.util.Set.of("F%2F01." + format, "F_01." + format, "%2Ehidden%20%C3%A9t%C3%A9." + format,
                    "reduce_summary_worker_0.json"), outputs.keySet());
            java.util.Set<String> decoded = new java.util.TreeSet<>();
            for (String name : outputs.keySet()) {
                if (name.endsWith("." + format)) {
                    decoded.add(decode(name.substring(0, name.length() - format.length() - 1)));
                }
            }
            assertEquals(java.util.Set.of("F/01", "F_01", ".hidden \u00e9t\u00e9"), decoded, "the names decode back");
        }
        Outcome csv = agilab("run", "--mode", "0", "--set", "data_in=" + folder, "--set", "output_format=csv", "--set", "reset_target=true");
        assertEquals(0, csv.code(), csv.last().toString());
        List<String> slash = Files.readAllLines(dataOut().resolve("F%2F01.csv"));
        List<String> underscore = Files.readAllLines(dataOut().resolve("F_01.csv"));
        assertEquals(11, slash.size(), "every row of F/01: " + slash);
        assertEquals(11, underscore.size(), "every row of F_01: " + underscore);
        assertTrue(slash.subList(1, 11).stream().allMatch(line -> line.split(",")[1].equals("F/01")));
        assertTrue(underscore.subList(1, 11).stream().allMatch(line -> line.split(",")[1].equals("F_01")));
    }

    @Test
    void aLinkPlantedInDataOutIsNeverWrittenThrough() throws IOException {
        Path victim = Files.createDirectories(shared.resolve("owner-" + System.nanoTime())).resolve("private.txt");
        Files.writeString(victim, "the owner's private data\n");
        Files.setPosixFilePermissions(victim, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(dataOut());
        // where the worker used to write its summary before renaming it, and the summary itself
        Files.createSymbolicLink(dataOut().resolve(".reduce_summary_worker_0.json.tmp"), victim);
        Files.createSymbolicLink(dataOut().resolve("reduce_summary_worker_0.json"), victim);
        Outcome run = agilab("run", "--mode", "0", "--set", "output_format=csv");
        assertEquals(0, run.code(), run.last().toString());
        assertEquals("the owner's private data\n", Files.readString(victim), "the linked file is untouched");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
        Path summary = dataOut().resolve("reduce_summary_worker_0.json");
        assertTrue(Files.isRegularFile(summary, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the summary replaced the link");
        assertEquals(150L, JsonCodec.readObject(Files.readString(summary)).get("rows"));
    }

    @Test
    void temporaryFilesOfAKilledRunGoAtTheNextLocalRunAndNoUserFileDoes() throws IOException {
        Path victim = Files.createDirectories(shared.resolve("owner-" + System.nanoTime())).resolve("private.txt");
        Files.writeString(victim, "keep me\n");
        Path out = Files.createDirectories(dataOut());
        List<Path> leftovers = List.of(out.resolve(".AC-1.csv.0123456789abcdef.agilab.tmp"),
                out.resolve(".reduce_summary_worker_0.json.fedcba9876543210.agilab.tmp"),
                out.resolve(".AC-2.csv.00112233445566ff.agilab-claim"));
        for (Path leftover : leftovers) {
            Files.writeString(leftover, "half a file");
        }
        Path linkedLeftover = out.resolve(".AC-3.csv.a0a1a2a3a4a5a6a7.agilab.tmp");
        Files.createSymbolicLink(linkedLeftover, victim);
        List<Path> users = List.of(out.resolve(".notes.tmp"), out.resolve("draft.agilab.tmp"), out.resolve(".AC-1.csv.0123.agilab.tmp"),
                out.resolve("notes.txt"));
        for (Path user : users) {
            Files.writeString(user, "the user's");
        }
        Outcome run = agilab("run", "--mode", "p", "--set", "output_format=csv");
        assertEquals(0, run.code(), run.last().toString());
        for (Path leftover : leftovers) {
            assertTrue(Files.notExists(leftover, java.nio.file.LinkOption.NOFOLLOW_LINKS), leftover + " is removed");
        }
        assertTrue(Files.notExists(linkedLeftover, java.nio.file.LinkOption.NOFOLLOW_LINKS), "a leftover link is removed");
        assertEquals("keep me\n", Files.readString(victim), "the file it pointed to is not");
        for (Path user : users) {
            assertEquals("the user's", Files.readString(user), user + " is kept");
        }
    }

    @Test
    void rowsOutsideDateminDatemaxAreLeftOut() throws IOException {
        Path folder = input("dates",
                "0000-01-01 00:00:00,45.0,5.0,D-1",
                "2019-12-31 23:59:59,45.1,5.0,D-1",
                "2020-01-01 00:00:00,45.2,5.0,D-1",
                "2020-06-01 12:00:00,45.3,5.0,D-1",
                "2021-01-01 23:59:59,45.4,5.0,D-1",
                "2021-01-02 00:00:00,45.5,5.0,D-1",
                "9999-12-31 23:59:59,45.6,5.0,D-1");
        Outcome run = agilab("run", "--mode", "c", "--set", "data_in=" + folder, "--set", "output_format=csv", "--set", "reset_target=true");
        assertEquals(0, run.code(), run.last().toString());
        assertEquals(3L, run.result().data().get("rows"));
        List<String> lines = Files.readAllLines(dataOut().resolve("D-1.csv"));
        assertEquals(List.of("2020-01-01 00:00:00", "2020-06-01 12:00:00", "2021-01-01 23:59:59"),
                lines.subList(1, lines.size()).stream().map(line -> line.split(",")[0]).toList(), "datemin and datemax are inclusive days");
        Map<String, Object> summary = JsonCodec.readObject(Files.readString(dataOut().resolve("reduce_summary_worker_0.json")));
        assertEquals("2020-01-01 00:00:00", summary.get("time_start"));
        assertEquals("2021-01-01 23:59:59", summary.get("time_end"));

        Outcome june = agilab("run", "--mode", "0", "--set", "data_in=" + folder, "--set", "output_format=csv", "--set", "reset_target=true",
                "--set", "datemin=2020-06-01", "--set", "datemax=2020-06-01");
        assertEquals(0, june.code(), june.last().toString());
        lines = Files.readAllLines(dataOut().resolve("D-1.csv"));
        assertEquals(List.of("date,aircraft,lat,long,prev_lat,prev_long,speed", "2020-06-01 12:00:00,D-1,45.3,5.0,,,0.0"), lines);
    }
}
