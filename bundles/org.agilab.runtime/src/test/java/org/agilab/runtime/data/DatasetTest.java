package org.agilab.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.agilab.runtime.io.DuckDb;
import org.agilab.runtime.protocol.Cancellation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data service on real files written by DuckDB: a 3M-row parquet, a mixed folder, hostile filters. */
class DatasetTest {

    static final long BIG_ROWS = 3_000_000;
    /** A filter DuckDB needs minutes for over the big file: builds a 200 kB string per row. */
    static final String SLOW_FILTER = "length(repeat(name, 20000)) > 1";

    @TempDir
    static Path folder;
    static Path big;
    static Dataset bigDataset;

    @BeforeAll
    static void writeFiles() throws SQLException {
        big = folder.resolve("big.parquet");
        sql("COPY (SELECT range AS id, ((range % 1000) * 0.5)::DOUBLE AS speed, CASE WHEN range % 10 = 0 THEN NULL ELSE 'ac' || (range % 7) END AS name"
                + " FROM range(" + BIG_ROWS + ")) TO '" + big + "' (FORMAT parquet)");
        bigDataset = Dataset.open(big.toString(), folder);
    }

    @AfterAll
    static void closeBig() {
        bigDataset.close();
    }

    static void sql(String... statements) throws SQLException {
        try (Connection connection = DuckDb.connect("jdbc:duckdb:", new Properties()); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Test
    void aFolderOfParquetCsvAndJsonIsOneTableWithTheSourceFileAsAColumn() throws Exception {
        Path mixed = Files.createDirectories(folder.resolve("mixed-formats/out"));
        sql("COPY (SELECT range AS id, 'p' AS kind FROM range(5)) TO '" + mixed.resolve("a.parquet") + "' (FORMAT parquet)",
                "COPY (SELECT range + 5 AS id, 'c' AS kind, 1.5 AS extra FROM range(3)) TO '" + mixed.resolve("b.csv") + "' (FORMAT csv, HEADER true)",
                "COPY (SELECT range + 8 AS id, 'j' AS kind FROM range(2)) TO '" + mixed.resolve("c.json") + "' (FORMAT json, ARRAY true)",
                "COPY (SELECT 99 AS id) TO '" + mixed.resolve(".partial.parquet") + "' (FORMAT parquet)");
        Files.writeString(mixed.resolve("notes.txt"), "not data");
        try (Dataset dataset = Dataset.open("mixed-formats", folder)) {
            assertEquals(3, dataset.source().files().size(), "hidden and non-data files are left out: " + dataset.source().files());
            assertEquals(10, dataset.count(null, null));
            List<String> names = dataset.columns().stream().map(DataColumn::name).toList();
            assertTrue(names.containsAll(List.of("id", "kind", "extra", Dataset.SOURCE_COLUMN)), names.toString());
            assertEquals(3, dataset.count("source_file LIKE '%b.csv'", null));
            assertEquals(7, dataset.count("extra IS NULL", null), "a column missing from some files is null there");
            DataPage page = dataset.page(null, new SortOrder("id", false), 0, 3, null);
            int id = names.indexOf("id");
            assertEquals(List.of(9L, 8L, 7L), page.rows().stream().map(row -> ((Number) row[id]).longValue()).toList());
        }
        try (Dataset glob = Dataset.open("mixed-formats/**/*.{csv,json}", folder)) {
            assertEquals(2, glob.source().files().size());
            assertEquals(5, glob.count(null, null));
        }
    }

    @Test
    void aMultiMillionRowParquetPagesCountsAndFilters() {
        assertEquals(BIG_ROWS, bigDataset.count(null, null));
        assertEquals(List.of("id", "speed", "name", Dataset.SOURCE_COLUMN), bigDataset.columns().stream().map(DataColumn::name).toList());
        DataPage first = bigDataset.page(null, null, 0, 50, null);
        assertEquals(50, first.rows().size());
        assertEquals(0L, first.rows().get(0)[0]);
        assertEquals(big.toString(), first.rows().get(0)[3]);
        DataPage late = bigDataset.page(null, null, BIG_ROWS - 10, 50, null);
        assertEquals(10, late.rows().size(), "the last page holds what is left");
        assertEquals(BIG_ROWS - 10, late.rows().get(0)[0]);
        assertEquals(BIG_ROWS - 1, late.rows().get(9)[0]);
        assertEquals(BIG_ROWS / 1000, bigDataset.count("speed = 0", null));
        assertEquals(BIG_ROWS / 10, bigDataset.count("name IS NULL", null));
        DataPage filtered = bigDataset.page("id >= 2999990 AND name = 'ac1'", null, 0, 100, null);
        assertEquals(List.of(2999991L, 2999998L), filtered.rows().stream().map(row -> row[0]).toList());
        DataPage sorted = bigDataset.page("id < 5000", new SortOrder("speed", false), 0, 3, null);
        assertEquals(List.of(999L, 1999L, 2999L), sorted.rows().stream().map(row -> row[0]).toList(),
                "speed descending, ties by the other columns");
        assertEquals(499.5, ((Number) sorted.rows().get(0)[1]).doubleValue());
    }

    @Test
    void sortedPagesWithTiesNeitherRepeatNorSkipARow() {
        Set<Object> seen = new HashSet<>();
        long rows = bigDataset.count("id < 1000", null);
        for (long offset = 0; offset < rows; offset += 37) {
            for (Object[] row : bigDataset.page("id < 1000", new SortOrder("name", true), offset, 37, null).rows()) {
                assertTrue(seen.add(row[0]), "row " + row[0] + " came twice");
            }
        }
        assertEquals(1000, seen.size());
        Object[] last = bigDataset.page("id < 1000", new SortOrder("name", true), 999, 1, null).rows().get(0);
        assertNull(last[2], "nulls sort last");
    }

    @Test
    void aTimestampsHistogramBinsAlongTimeAndADatesToo() throws Exception {
        // 4 days of a fix a minute: 10 bins of 9.6 hours, each holding its share, labelled as times
        Path times = folder.resolve("times.parquet");
        sql("COPY (SELECT TIMESTAMP '2026-01-01' + to_minutes(range) AS date, DATE '2026-01-01' + (range // 1440)::INTEGER AS day"
                + " FROM range(4 * 1440)) TO '" + times + "' (FORMAT parquet)");
        try (Dataset dataset = Dataset.open(times.toString(), folder)) {
            ColumnStats date = dataset.stats("date", null, 10, null);
            assertEquals(10, date.bins().size(), date.bins().toString());
            assertEquals(4 * 1440, date.bins().stream().mapToLong(ColumnStats.Bin::count).sum());
            assertTrue(date.bins().stream().allMatch(bin -> bin.count() >= 575 && bin.count() <= 577), "even bins: " + date.bins());
            assertEquals("2026-01-01 00:00:00 .. 2026-01-01 09:35:54", date.bins().get(0).label());
            assertTrue(date.bins().get(9).label().endsWith(" .. 2026-01-04 23:59:00"), date.bins().get(9).label());
            assertNull(date.mean());
            // a page's timestamps read as DuckDB casts them to text (and as these labels show them), not JDBC's "...:00.0"
            assertEquals("2026-01-01 00:01:00", dataset.page(null, null, 1, 1, null).rows().get(0)[0]);
            assertEquals("2020-01-11 20:06:30.25", Dataset.timestampText(java.sql.Timestamp.valueOf("2020-01-11 20:06:30.250")));

            ColumnStats day = dataset.stats("day", null, 4, null);
            assertEquals(List.of("2026-01-01 .. 2026-01-01", "2026-01-01 .. 2026-01-02", "2026-01-02 .. 2026-01-03", "2026-01-03 .. 2026-01-04"),
                    day.bins().stream().map(ColumnStats.Bin::label).toList());
            assertEquals(4 * 1440, day.bins().stream().mapToLong(ColumnStats.Bin::count).sum());
        }
    }

    @Test
    void statisticsOfANumericAndATextColumn() {
        ColumnStats speed = bigDataset.stats("speed", null, 10, null);
        assertEquals(BIG_ROWS, speed.rows());
        assertEquals(0, speed.nulls());
        assertEquals(0.0, Double.parseDouble(speed.min()));
        assertEquals(499.5, Double.parseDouble(speed.max()));
        assertEquals(249.75, speed.mean(), 1e-9);
        assertTrue(speed.distinct() > 800 && speed.distinct() < 1250, "DuckDB's HyperLogLog estimate of 1000 distinct values: " + speed.distinct());
        assertEquals(10, speed.bins().size());
        assertEquals(BIG_ROWS, speed.bins().stream().mapToLong(ColumnStats.Bin::count).sum());
        assertEquals(BIG_ROWS / 10, speed.bins().get(0).count(), "speeds 0 .. 49.5 are 100 of the 1000 values");
        assertEquals(0.0, speed.bins().get(0).lower());
        assertEquals(499.5, speed.bins().get(9).upper());

        ColumnStats name = bigDataset.stats("name", "id < 70", 3, null);
        assertEquals(70, name.rows());
        assertEquals(7, name.nulls());
        assertEquals("ac0", name.min());
        assertEquals("ac6", name.max());
        assertNull(name.mean());
        assertEquals(3, name.bins().size());
        assertEquals(63, bigDataset.stats("name", "id < 70", 10, null).bins().stream().mapToLong(ColumnStats.Bin::count).sum());

        DataQueryException unknown = assertThrows(DataQueryException.class, () -> bigDataset.stats("altitude", null, 10, null));
        assertTrue(unknown.getMessage().contains("its columns are id, speed, name, source_file"), unknown.getMessage());
    }

    @Test
    void everyColumnsSummaryInOneScanIsEachColumnsStatisticsWithoutBins() {
        List<ColumnStats> summaries = bigDataset.summaries("id < 70", null);
        assertEquals(bigDataset.columns(), summaries.stream().map(ColumnStats::column).toList());
        for (ColumnStats summary : summaries) {
            ColumnStats stats = bigDataset.stats(summary.column().name(), "id < 70", 1, null);
            assertEquals(new ColumnStats(stats.column(), stats.rows(), stats.nulls(), stats.min(), stats.max(), stats.mean(), stats.distinct(),
                    List.of()), summary);
        }
        assertEquals(7, summaries.get(2).nulls(), "name is null on every tenth row");
        assertNull(summaries.get(2).mean());
    }

    @Test
    void chartSeriesAreSampledOrAggregatedInTheService() {
        XySeries all = bigDataset.xy("id", "speed", "id < 1000", 5000, null);
        assertEquals(1000, all.rows());
        assertFalse(all.sampled());
        assertEquals(1000, all.xs().length);
        assertEquals(999.0, all.xs()[999]);
        assertEquals(499.5, all.ys()[999]);

        XySeries sample = bigDataset.xy("id", "speed", null, 2000, null);
        assertEquals(BIG_ROWS, sample.rows());
        assertTrue(sample.sampled());
        assertEquals(2000, sample.xs().length);
        for (int i = 1; i < sample.xs().length; i++) {
            assertTrue(sample.xs()[i - 1] <= sample.xs()[i], "ordered by x");
            assertEquals((sample.xs()[i] % 1000) * 0.5, sample.ys()[i], "each point is a real row");
        }
        assertTrue(sample.xs()[1999] - sample.xs()[0] > BIG_ROWS / 2, "the sample spans the rows");
        assertEquals(java.util.Arrays.toString(sample.xs()), java.util.Arrays.toString(bigDataset.xy("id", "speed", null, 2000, null).xs()),
                "the same sample each time");

        CategorySeries counts = bigDataset.bars("name", null, "id < 700", 3, null);
        assertEquals(List.of("ac0", "ac1", "ac2"), counts.labels(), "ties by label");
        assertEquals(90.0, counts.values()[0]);
        assertTrue(counts.truncated());
        CategorySeries means = bigDataset.bars("name", "speed", "id < 700", 10, null);
        assertEquals(8, means.labels().size(), "seven names and NULL");
        assertTrue(means.values()[0] >= means.values()[7]);
        DataQueryException text = assertThrows(DataQueryException.class, () -> bigDataset.xy("name", "speed", null, 10, null));
        assertTrue(text.getMessage().startsWith("name is VARCHAR: a chart's axis needs a number"), text.getMessage());
    }

    @Test
    void aBadFilterIsReportedAtItsPlace() {
        DataQueryException syntax = assertThrows(DataQueryException.class, () -> bigDataset.count("speed >> )", null));
        assertEquals(DataQueryException.Kind.REFUSED, syntax.kind(), "a ')' that closes more than was opened");
        assertEquals(9, syntax.position());

        DataQueryException parse = assertThrows(DataQueryException.class, () -> bigDataset.count("speed > > 3", null));
        assertEquals(DataQueryException.Kind.INVALID, parse.kind());
        assertEquals(8, parse.position(), parse.getMessage());

        DataQueryException column = assertThrows(DataQueryException.class, () -> bigDataset.count("altitude > 3", null));
        assertEquals(DataQueryException.Kind.INVALID, column.kind());
        assertTrue(column.getMessage().contains("altitude"), column.getMessage());
        assertFalse(column.getMessage().contains("LINE 1"), "the internal query is not shown: " + column.getMessage());

        DataQueryException string = assertThrows(DataQueryException.class, () -> bigDataset.count("name = 'ac1", null));
        assertEquals(DataQueryException.Kind.INVALID, string.kind());
        assertEquals(7, string.position());

        assertEquals(3, bigDataset.count("\"id\" < 3 OR name = 'a);b' OR name = 'COPY ;'", null),
                "quoted names, and strings holding ) ; or a statement's word, are taken for what they are");
    }

    @Test
    void everyStatementThatWritesOrReachesOutsideIsRefused() throws Exception {
        Path outside = folder.resolve("outside.csv");
        Path written = folder.resolve("written.csv");
        Files.writeString(outside, "secret\n42\n");
        String w = written.toString();
        String o = outside.toString();
        List<String> hostile = List.of(
                "COPY (SELECT 1) TO '" + w + "'",
                "1=1); COPY (SELECT 1) TO '" + w + "'; SELECT (1",
                "1=1) UNION ALL SELECT * FROM read_csv('" + o + "') --",
                "ATTACH '" + folder.resolve("x.db") + "'",
                "1=1); ATTACH '" + folder.resolve("x.db") + "' AS x; SELECT (1",
                "INSTALL httpfs",
                "LOAD httpfs",
                "1=1); LOAD '" + folder.resolve("evil.duckdb_extension") + "'; SELECT (1",
                "PRAGMA enable_profiling",
                "SET enable_external_access = true",
                "1=1); SET lock_configuration = false; SELECT (1",
                "id IN (SELECT secret FROM read_csv('" + o + "'))",
                "id = (SELECT count(*) FROM read_text('" + o + "'))",
                "id IN (FROM glob('/etc/*'))",
                "EXISTS (SELECT 1 FROM dataset)",
                "1=1 /* hide the rest",
                "E'\\'' ) ; COPY (SELECT 1) TO '" + w + "' ; SELECT ( '",
                "$$ ) ; COPY (SELECT 1) TO '" + w + "'; SELECT ( $$ = ''",
                "id = ?",
                "CREATE TABLE t AS SELECT 1",
                "1=1); DROP VIEW dataset; SELECT (1");
        for (String filter : hostile) {
            DataQueryException refused = assertThrows(DataQueryException.class, () -> bigDataset.count(filter, null), filter);
            assertEquals(DataQueryException.Kind.REFUSED, refused.kind(), filter + " -> " + refused.getMessage());
            assertFalse(refused.getMessage().isBlank());
        }
        DataQueryException copy = assertThrows(DataQueryException.class, () -> bigDataset.count(hostile.get(0), null));
        assertTrue(copy.getMessage().startsWith("COPY begins a statement, and the data service only reads"), copy.getMessage());
        assertEquals(0, copy.position());
        assertFalse(Files.exists(written), "nothing was written");
        assertFalse(Files.exists(folder.resolve("x.db")), "nothing was attached");
        assertEquals(BIG_ROWS, bigDataset.count(null, null), "the view is still there");

        // the engine's own guard, beneath the filter's: no path but the dataset's files, the configuration locked
        for (String sql : List.of("SELECT count(*) FROM read_csv('" + o + "')", "SELECT * FROM read_text('/etc/hostname')",
                "SELECT count(*) FROM glob('" + folder + "/*')", "COPY (SELECT 1) TO '" + w + "'", "ATTACH '" + folder.resolve("x.db") + "'")) {
            DataQueryException engine = assertThrows(DataQueryException.class, () -> bigDataset.firstValue(sql), sql);
            assertTrue(engine.getMessage().contains("Permission Error") || engine.getMessage().contains("can only be used with queries"),
                    sql + " -> " + engine.getMessage());
        }
        DataQueryException locked = assertThrows(DataQueryException.class, () -> bigDataset.firstValue("SET enable_external_access = true"));
        assertTrue(locked.getMessage().contains("locked"), locked.getMessage());
        assertEquals("false", bigDataset.firstValue("SELECT current_setting('enable_external_access')"));
        assertFalse(Files.exists(written), "nothing was written");
    }

    @Test
    void duckdbsParserRefusesASubqueryOrASecondStatement() {
        for (String filter : List.of("id IN (SELECT 1)", "1=1); SELECT (1")) {
            String serialized = bigDataset.firstValue("SELECT json_serialize_sql(" + Dataset.literal(FilterGuard.PARSE_PREFIX + filter + ")") + ")");
            DataQueryException refused = assertThrows(DataQueryException.class, () -> FilterGuard.checkParse(filter, serialized), serialized);
            assertEquals(DataQueryException.Kind.REFUSED, refused.kind());
        }
        FilterGuard.checkParse("id > 3", bigDataset.firstValue("SELECT json_serialize_sql(" + Dataset.literal(FilterGuard.PARSE_PREFIX + "id > 3)") + ")"));
    }

    @Test
    void aRunningQueryIsCancelled() throws Exception {
        Cancellation cancellation = new Cancellation();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread query = new Thread(() -> {
            try {
                bigDataset.count(SLOW_FILTER, cancellation);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        query.start();
        while (bigDataset.runningQueries() == 0 && query.isAlive()) {
            Thread.sleep(10);
        }
        Thread.sleep(500); // past the filter's parse check, into the count itself
        cancellation.cancel("a new query replaced it");
        query.join();
        DataQueryException cancelled = (DataQueryException) failure.get();
        assertNotNull(cancelled);
        assertEquals(DataQueryException.Kind.CANCELLED, cancelled.kind(), cancelled.getMessage());
        assertEquals("cancelled: a new query replaced it", cancelled.getMessage());
        assertEquals(0, bigDataset.runningQueries());
        assertEquals(BIG_ROWS, bigDataset.count(null, null), "the dataset answers after a cancel");
    }

    @Test
    void anExportWritesTheChosenColumnsOfTheFilteredRowsAsCsvAndNothingWhenItFails() throws Exception {
        Path quirky = Files.createDirectories(folder.resolve("to-export"));
        sql("COPY (SELECT * FROM (VALUES (1, 'plain', 2.5), (2, 'a, comma', NULL), (3, 'say \"hi\"', 7.0), (4, 'two' || chr(10) || 'lines', 1.0))"
                + " AS t(id, label, speed)) TO '" + quirky.resolve("t.parquet") + "' (FORMAT parquet)");
        Path out = folder.resolve("exports/out.csv");
        try (Dataset dataset = Dataset.open("to-export", folder)) {
            assertEquals(3, dataset.exportCsv(List.of("label", "id"), "id <> 1 OR speed IS NULL", out, null));
            assertEquals("label,id\r\n\"a, comma\",2\r\n\"say \"\"hi\"\"\",3\r\n\"two\nlines\",4\r\n", Files.readString(out),
                    "the chosen columns in their order, RFC 4180 quoting");
            assertEquals(4, dataset.exportCsv(List.of(), null, out, null), "every column by default");
            assertTrue(Files.readString(out).startsWith("id,label,speed," + Dataset.SOURCE_COLUMN + "\r\n1,plain,2.5,"), Files.readString(out));
            assertTrue(Files.readString(out).contains("\r\n2,\"a, comma\",,"), "a null is an empty field");
            String before = Files.readString(out);

            DataQueryException unknown = assertThrows(DataQueryException.class, () -> dataset.exportCsv(List.of("nope"), null, out, null));
            assertTrue(unknown.getMessage().startsWith("no column nope in "), unknown.getMessage());
            DataQueryException refused = assertThrows(DataQueryException.class,
                    () -> dataset.exportCsv(List.of(), "1=1); COPY (SELECT 1) TO '" + folder.resolve("x.csv") + "'; SELECT (1", out, null));
            assertEquals(DataQueryException.Kind.REFUSED, refused.kind(), refused.getMessage());
            assertEquals(before, Files.readString(out), "a refused export leaves the file as it was");
        }
        // a cancelled export of many rows: no file, no temporary left
        Path cancelledOut = folder.resolve("exports/big.csv");
        Cancellation cancellation = new Cancellation();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread export = new Thread(() -> {
            try {
                bigDataset.exportCsv(List.of(), null, cancelledOut, cancellation);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        export.start();
        while (bigDataset.runningQueries() == 0 && export.isAlive()) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        cancellation.cancel("the user cancelled the export");
        export.join();
        assertTrue(failure.get() instanceof DataQueryException e && e.kind() == DataQueryException.Kind.CANCELLED, String.valueOf(failure.get()));
        assertFalse(Files.exists(cancelledOut), "no half-written export");
        try (java.util.stream.Stream<Path> left = Files.list(cancelledOut.getParent())) {
            assertEquals(List.of("out.csv"), left.map(file -> file.getFileName().toString()).toList(), "no temporary file left");
        }
    }

    @Test
    void twoRunsCompareByRowCountsColumnStatisticsAndKeysInOneRunOnly() throws Exception {
        Path left = Files.createDirectories(folder.resolve("diff/left"));
        Path right = Files.createDirectories(folder.resolve("diff/right"));
        sql("COPY (SELECT * FROM (VALUES ('a', 1, 10.0), ('b', 2, 20.0), ('c', 3, 30.0), ('c', 3, 30.0)) AS t(name, id, speed)) TO '"
                + left.resolve("t.parquet") + "' (FORMAT parquet)",
                "COPY (SELECT * FROM (VALUES ('a', 1, 10.0, 'x'), ('b', 2, 25.0, 'y'), ('c', 3, 30.0, 'z'), ('d', 4, 40.0, 'w')) AS t(name, id, speed, extra))"
                        + " TO '" + right.resolve("t.parquet") + "' (FORMAT parquet)");
        try (Dataset a = Dataset.open("diff/left", folder); Dataset b = Dataset.open("diff/right", folder)) {
            DatasetDiff.Summary summary = DatasetDiff.summary(a, b, null, null);
            assertEquals(4, summary.leftRows());
            assertEquals(4, summary.rightRows());
            assertEquals(List.of("name", "id", "speed", "extra"), summary.columns().stream().map(DatasetDiff.ColumnDiff::column).toList(),
                    "the left's columns, then the right's own; the source file left out");
            DatasetDiff.ColumnDiff speed = summary.columns().get(2);
            assertEquals(22.5, speed.left().mean(), 1e-9);
            assertEquals(26.25, speed.right().mean(), 1e-9);
            assertTrue(speed.differs());
            ColumnStats mean = speed.left();
            ColumnStats nearly = new ColumnStats(mean.column(), mean.rows(), mean.nulls(), mean.min(), mean.max(), mean.mean() * (1 + 1e-12),
                    mean.distinct(), mean.bins());
            assertFalse(new DatasetDiff.ColumnDiff("speed", mean, nearly).differs(), "a mean summed in another order is the same mean");
            DatasetDiff.ColumnDiff ids = summary.columns().get(1);
            assertEquals(List.of("3", "4"), List.of(ids.left().max(), ids.right().max()));
            assertTrue(ids.differs());
            assertNull(summary.columns().get(3).left(), "extra is in the right run only");

            DatasetDiff.KeyDiff byName = DatasetDiff.byKey(a, b, List.of("name", "id"), null, 10, null);
            assertEquals(1, byName.onlyLeft(), "the second (c, 3) has no partner on the right");
            assertEquals(1, byName.onlyRight(), "(d, 4) is new");
            assertEquals(List.of("c", "c"), byName.leftSample().rows().stream().map(row -> row[0]).toList(),
                    "the sample shows every row with an unmatched key, both (c, 3) here");
            assertEquals(List.of("d"), byName.rightSample().rows().stream().map(row -> row[0]).toList());
            DatasetDiff.KeyDiff same = DatasetDiff.byKey(a, a, List.of("name"), null, 10, null);
            assertEquals(0, same.onlyLeft() + same.onlyRight(), "a run against itself");
            DatasetDiff.KeyDiff filtered = DatasetDiff.byKey(a, b, List.of("name"), "speed < 35", 10, null);
            assertEquals(1, filtered.onlyLeft(), "the filter applies to both sides: (d) is gone, a (c) stays unmatched");
            assertEquals(0, filtered.onlyRight());
            DataQueryException noKey = assertThrows(DataQueryException.class, () -> DatasetDiff.byKey(a, b, List.of("extra"), null, 10, null));
            assertTrue(noKey.getMessage().startsWith("no column extra in "), noKey.getMessage());
        }
    }

    @Test
    void aQueryLongerThanTheTimeoutIsStopped() throws Exception {
        try (Dataset dataset = Dataset.open(big.toString(), folder)) {
            dataset.timeout(Duration.ofMillis(300));
            DataQueryException timeout = assertThrows(DataQueryException.class, () -> dataset.count(SLOW_FILTER, null));
            assertEquals(DataQueryException.Kind.TIMEOUT, timeout.kind(), timeout.getMessage());
            assertTrue(timeout.getMessage().contains("ran longer than 0.3 s"), timeout.getMessage());
            assertEquals(0, dataset.runningQueries());

            // an export is the user's own job: it runs past the views' timeout (3M rows take far longer than 1 ms)
            dataset.timeout(Duration.ofMillis(1));
            Path out = folder.resolve("exports/past-the-timeout.csv");
            assertEquals(BIG_ROWS, dataset.exportCsv(List.of("id"), null, out, null));
            try (var lines = Files.lines(out)) {
                assertEquals(BIG_ROWS + 1, lines.count(), "the header and every row");
            }
        }
    }

    @Test
    void closingCancelsWhatRuns() throws Exception {
        Dataset dataset = Dataset.open(big.toString(), folder);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread query = new Thread(() -> {
            try {
                dataset.count(SLOW_FILTER, null);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        query.start();
        while (dataset.runningQueries() == 0 && query.isAlive()) {
            Thread.sleep(10);
        }
        dataset.close();
        query.join();
        assertEquals(DataQueryException.Kind.CANCELLED, ((DataQueryException) failure.get()).kind());
        assertThrows(DataQueryException.class, () -> dataset.count(null, null));
    }

    @Test
    void whatIsNotADatasetSaysWhy() throws Exception {
        Path text = Files.writeString(folder.resolve("notes.txt"), "x");
        Files.createDirectories(folder.resolve("empty"));
        assertTrue(assertThrows(DataQueryException.class, () -> Dataset.open("missing.parquet", folder)).getMessage()
                .startsWith("no such file or folder: " + folder.resolve("missing.parquet")));
        assertTrue(assertThrows(DataQueryException.class, () -> Dataset.open(text.toString(), folder)).getMessage()
                .contains("is not a data file: a dataset is made of parquet, pq, csv, tsv, json, jsonl, ndjson files"));
        assertTrue(assertThrows(DataQueryException.class, () -> Dataset.open("empty", folder)).getMessage().startsWith("no parquet"));
        assertTrue(assertThrows(DataQueryException.class, () -> Dataset.open("empty/*.csv", folder)).getMessage()
                .endsWith("(the glob matched none)"));
        Path broken = Files.writeString(folder.resolve("broken.parquet"), "not parquet");
        DataQueryException unreadable = assertThrows(DataQueryException.class, () -> Dataset.open(broken.toString(), folder));
        assertEquals(DataQueryException.Kind.SOURCE, unreadable.kind());
        assertTrue(unreadable.getMessage().startsWith("cannot read " + broken + " as one table: "), unreadable.getMessage());
    }
}
