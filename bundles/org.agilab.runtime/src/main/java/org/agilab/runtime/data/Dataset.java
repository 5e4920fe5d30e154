package org.agilab.runtime.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.io.DuckDb;
import org.agilab.runtime.protocol.Cancellation;

/**
 * The data service: a {@link DatasetSource} (a file, folder or glob of parquet, CSV and JSON) read as one table by an
 * in-process DuckDB, read-only, with the file each row came from as the column {@value #SOURCE_COLUMN}.
 *
 * <p>It answers the schema, row counts, pages of rows and column statistics, each under an optional filter: a user's
 * {@code WHERE} expression, kept an expression by {@link FilterGuard}. The database can open no file but the dataset's
 * own ({@code enable_external_access} off, {@code allowed_paths} the dataset's files, no extension loading, the
 * configuration locked), so neither a filter nor anything else run on it can write a file, attach a database, load
 * code or read another path.
 *
 * <p>Every query runs on its own connection to the database, can be cancelled through the {@link Cancellation} it is
 * given (DuckDB interrupts it), and is cancelled after the dataset's {@link #timeout()}. Methods are thread-safe and
 * block until their answer: callers run them off the UI thread.
 */
public final class Dataset implements AutoCloseable {

    /** The column naming the file each row came from. */
    public static final String SOURCE_COLUMN = "source_file";

    /** How long one query may run unless the caller sets another timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * About how many points a map has at most: beyond, cells of 2, 4, 8... pixels a side (rows strewn at random, or
     * very many tracks, can leave a point in nearly every pixel of every track).
     */
    public static final int MAP_POINTS = 250_000;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "agilab-data-timeout");
        thread.setDaemon(true);
        return thread;
    });

    private final DatasetSource source;
    private final Connection database;
    private final List<DataColumn> columns;
    private final Set<Statement> running = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Duration timeout = DEFAULT_TIMEOUT;

    private Dataset(DatasetSource source, Connection database, List<DataColumn> columns) {
        this.source = source;
        this.database = database;
        this.columns = List.copyOf(columns);
    }

    /** Opens a file, a folder or a glob (relative to {@code base}). */
    public static Dataset open(String spec, Path base) {
        return open(DatasetSource.resolve(spec, base));
    }

    /** Opens the source's files as one table and reads its schema. */
    public static Dataset open(DatasetSource source) {
        Connection database = null;
        try {
            database = DuckDb.connect("jdbc:duckdb:", new Properties());
            try (Statement statement = database.createStatement()) {
                statement.execute("SET autoinstall_known_extensions = false");
                statement.execute("SET autoload_known_extensions = false");
                statement.execute("SET allowed_paths = [" + source.files().stream().map(file -> literal(file.toString()))
                        .collect(Collectors.joining(", ")) + "]");
                statement.execute("SET enable_external_access = false");
                statement.execute("CREATE VIEW dataset AS " + select(source));
                statement.execute("SET lock_configuration = true");
            }
            List<DataColumn> columns = new ArrayList<>();
            try (Statement statement = database.createStatement(); ResultSet rows = statement.executeQuery("DESCRIBE dataset")) {
                while (rows.next()) {
                    columns.add(new DataColumn(rows.getString("column_name"), rows.getString("column_type")));
                }
            }
            return new Dataset(source, database, columns);
        } catch (SQLException e) {
            closeQuietly(database);
            throw new DataQueryException(DataQueryException.Kind.SOURCE, "cannot read " + source.spec() + " as one table: "
                    + firstParagraph(e.getMessage()), -1, e);
        } catch (RuntimeException e) {
            closeQuietly(database);
            throw e;
        }
    }

    /** One read per format, their rows stacked by column name (a column missing from some files is null there). */
    private static String select(DatasetSource source) {
        List<String> reads = new ArrayList<>();
        for (DataFormat format : source.formats()) {
            String files = source.files(format).stream().map(file -> literal(file.toString())).collect(Collectors.joining(", "));
            reads.add("SELECT * FROM " + format.reader() + "([" + files + "], filename = " + literal(SOURCE_COLUMN)
                    + ", union_by_name = true)");
        }
        return String.join(" UNION ALL BY NAME ", reads);
    }

    public DatasetSource source() {
        return source;
    }

    /** The columns, {@value #SOURCE_COLUMN} included. */
    public List<DataColumn> columns() {
        return columns;
    }

    /** The column of that name, or an error naming the known ones. */
    public DataColumn column(String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst()
                .orElseThrow(() -> new DataQueryException(DataQueryException.Kind.INVALID, "no column " + name + " in "
                        + source.spec() + ": its columns are " + columns.stream().map(DataColumn::name).collect(Collectors.joining(", "))));
    }

    public Duration timeout() {
        return timeout;
    }

    /** How long each later query may run before it is cancelled. */
    public void timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
    }

    /** Queries running now. */
    public int runningQueries() {
        return running.size();
    }

    /**
     * Checks a filter without running it over the data: refused ({@link DataQueryException.Kind#REFUSED}) when it is
     * not one expression, invalid when DuckDB cannot parse it (with the position in the filter).
     */
    public void checkFilter(String filter, Cancellation cancellation) {
        if (filter == null || filter.isBlank()) {
            return;
        }
        FilterGuard.scan(filter);
        String serialized = run(cancellation, statement -> {
            try (ResultSet rows = statement.executeQuery("SELECT json_serialize_sql(" + literal(FilterGuard.PARSE_PREFIX + filter + ")") + ")")) {
                rows.next();
                return rows.getString(1);
            }
        }, null);
        FilterGuard.checkParse(filter, serialized);
    }

    /** Rows the filter keeps (all rows for a blank filter). */
    public long count(String filter, Cancellation cancellation) {
        String where = where(filter, cancellation);
        return run(cancellation, statement -> {
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM dataset" + where)) {
                rows.next();
                return rows.getLong(1);
            }
        }, filter);
    }

    /**
     * Up to {@code limit} rows from {@code offset} of the filtered rows, in file order, or sorted by a column (nulls
     * last), ties ordered by every other column so that consecutive pages neither repeat nor skip a row.
     */
    public DataPage page(String filter, SortOrder sort, long offset, int limit, Cancellation cancellation) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must be 0 or more: " + offset + ", " + limit);
        }
        String where = where(filter, cancellation);
        StringBuilder sql = new StringBuilder("SELECT * FROM dataset").append(where);
        if (sort != null) {
            DataColumn by = column(sort.column());
            sql.append(" ORDER BY ").append(by.quoted()).append(sort.ascending() ? " ASC" : " DESC").append(" NULLS LAST");
            for (DataColumn other : columns) {
                if (!other.equals(by)) {
                    sql.append(", ").append(other.quoted()).append(" ASC NULLS LAST");
                }
            }
        }
        sql.append(" LIMIT ").append(limit).append(" OFFSET ").append(offset);
        return run(cancellation, statement -> new DataPage(columns, offset, rows(statement, sql.toString())), filter);
    }

    /** Statistics of one column over the filtered rows, with up to {@code bins} histogram bins. */
    public ColumnStats stats(String name, String filter, int bins, Cancellation cancellation) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be 1 or more: " + bins);
        }
        DataColumn column = column(name);
        String where = where(filter, cancellation);
        String c = column.quoted();
        // a date or timestamp is binned along time, as milliseconds since the epoch; its bins are labelled as times
        boolean binned = column.numeric() || column.temporal();
        String finite = column.temporal() ? asDouble(column) : "TRY_CAST(" + c + " AS DOUBLE)";
        return run(cancellation, statement -> {
            ColumnStats summary;
            double low = Double.NaN;
            double high = Double.NaN;
            String finiteRange = binned ? ", min(" + finite + ") FILTER (WHERE isfinite(" + finite + ")), max(" + finite
                    + ") FILTER (WHERE isfinite(" + finite + "))" : "";
            try (ResultSet result = statement.executeQuery("SELECT count(*), " + aggregates(column) + finiteRange + " FROM dataset" + where)) {
                result.next();
                summary = summary(column, result.getLong(1), result, 2);
                if (binned) {
                    Double lowest = (Double) nullable(result.getDouble(2 + AGGREGATES), result);
                    Double highest = (Double) nullable(result.getDouble(3 + AGGREGATES), result);
                    low = lowest == null ? Double.NaN : lowest;
                    high = highest == null ? Double.NaN : highest;
                }
            }
            List<ColumnStats.Bin> histogram = new ArrayList<>();
            String kept = where.isEmpty() ? " WHERE " : where + " AND ";
            if (binned && !Double.isNaN(low)) {
                int count = high > low ? bins : 1;
                double width = high > low ? (high - low) / count : 1;
                long[] counts = new long[count];
                try (ResultSet result = statement.executeQuery("SELECT least(greatest(floor((" + finite + " - " + low + ") / "
                        + width + "), 0), " + (count - 1) + ")::BIGINT AS bin, count(*) FROM dataset" + kept + "isfinite(" + finite
                        + ") GROUP BY bin")) {
                    while (result.next()) {
                        counts[result.getInt(1)] = result.getLong(2);
                    }
                }
                for (int b = 0; b < count; b++) {
                    double lower = low + b * width;
                    double upper = b == count - 1 ? high : low + (b + 1) * width;
                    histogram.add(new ColumnStats.Bin(binLabel(column, lower) + " .. " + binLabel(column, upper), lower, upper, counts[b]));
                }
            } else if (!binned) {
                try (ResultSet result = statement.executeQuery("SELECT " + c + "::VARCHAR AS value, count(*) AS n FROM dataset" + kept
                        + c + " IS NOT NULL GROUP BY ALL ORDER BY n DESC, value LIMIT " + bins)) {
                    while (result.next()) {
                        histogram.add(new ColumnStats.Bin(result.getString(1), Double.NaN, Double.NaN, result.getLong(2)));
                    }
                }
            }
            return new ColumnStats(column, summary.rows(), summary.nulls(), summary.min(), summary.max(), summary.mean(), summary.distinct(),
                    histogram);
        }, filter);
    }

    /**
     * Every column's statistics over the filtered rows, without histograms, in one scan (where {@link #stats} scans once
     * or twice per column), in the dataset's column order.
     */
    public List<ColumnStats> summaries(String filter, Cancellation cancellation) {
        String where = where(filter, cancellation);
        String sql = "SELECT count(*)" + columns.stream().map(column -> ", " + aggregates(column)).collect(Collectors.joining())
                + " FROM dataset" + where;
        return run(cancellation, statement -> {
            List<ColumnStats> summaries = new ArrayList<>();
            try (ResultSet result = statement.executeQuery(sql)) {
                result.next();
                long rows = result.getLong(1);
                for (int i = 0; i < columns.size(); i++) {
                    summaries.add(summary(columns.get(i), rows, result, 2 + i * AGGREGATES));
                }
            }
            return summaries;
        }, filter);
    }

    /** How many values {@link #aggregates} selects for one column. */
    private static final int AGGREGATES = 5;

    /** A column's non-null count, min, max (as DuckDB writes them), distinct estimate and mean (null unless numeric). */
    private static String aggregates(DataColumn column) {
        String c = column.quoted();
        return "count(" + c + "), min(" + c + ")::VARCHAR, max(" + c + ")::VARCHAR, approx_count_distinct(" + c + "), "
                + (column.numeric() ? "avg(" + c + ")::DOUBLE" : "NULL::DOUBLE");
    }

    /** The {@link #aggregates} of {@code column} read from {@code result} at {@code first}, without bins. */
    private static ColumnStats summary(DataColumn column, long rows, ResultSet result, int first) throws SQLException {
        long nonNull = result.getLong(first);
        Double mean = (Double) nullable(result.getDouble(first + 4), result);
        return new ColumnStats(column, rows, rows - nonNull, result.getString(first + 1), result.getString(first + 2), mean,
                result.getLong(first + 3), List.of());
    }

    /**
     * Points of {@code y} against {@code x} over the filtered rows where both have a value, ordered by x. Beyond
     * {@code maxPoints} rows, a reservoir sample of that many (the same sample each time), so that a chart of 10M rows
     * costs one scan and draws a few thousand points.
     */
    public XySeries xy(String x, String y, String filter, int maxPoints, Cancellation cancellation) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be 1 or more: " + maxPoints);
        }
        DataColumn xColumn = chartable(column(x));
        DataColumn yColumn = chartable(column(y));
        String where = where(filter, cancellation);
        String kept = (where.isEmpty() ? " WHERE " : where + " AND ") + xColumn.quoted() + " IS NOT NULL AND " + yColumn.quoted() + " IS NOT NULL";
        String points = "SELECT " + asDouble(xColumn) + " AS xv, " + asDouble(yColumn) + " AS yv FROM dataset" + kept;
        return run(cancellation, statement -> {
            long rows;
            try (ResultSet result = statement.executeQuery("SELECT count(*) FROM dataset" + kept)) {
                result.next();
                rows = result.getLong(1);
            }
            boolean sampled = rows > maxPoints;
            String sql = "SELECT xv, yv FROM (" + points + ")" + (sampled ? " USING SAMPLE reservoir(" + maxPoints + " ROWS) REPEATABLE (7)" : "")
                    + " ORDER BY xv";
            double[] xs = new double[(int) Math.min(rows, maxPoints)];
            double[] ys = new double[xs.length];
            int n = 0;
            try (ResultSet result = statement.executeQuery(sql)) {
                while (result.next() && n < xs.length) {
                    xs[n] = result.getDouble(1);
                    ys[n] = result.getDouble(2);
                    n++;
                }
            }
            return new XySeries(xColumn, yColumn, rows, sampled, java.util.Arrays.copyOf(xs, n), java.util.Arrays.copyOf(ys, n));
        }, filter);
    }

    /**
     * The filtered rows grouped by {@code category}: each group's row count, or the mean of {@code value} when it is
     * given, the {@code maxBars} largest, largest first.
     */
    public CategorySeries bars(String category, String value, String filter, int maxBars, Cancellation cancellation) {
        if (maxBars < 1) {
            throw new IllegalArgumentException("maxBars must be 1 or more: " + maxBars);
        }
        DataColumn categoryColumn = column(category);
        DataColumn valueColumn = value == null ? null : chartable(column(value));
        String where = where(filter, cancellation);
        String measure = valueColumn == null ? "count(*)::DOUBLE" : "avg(" + asDouble(valueColumn) + ")";
        return run(cancellation, statement -> {
            List<String> labels = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT coalesce(" + categoryColumn.quoted() + "::VARCHAR, 'NULL') AS label, " + measure
                    + " AS measure FROM dataset" + where + " GROUP BY ALL ORDER BY measure DESC NULLS LAST, label LIMIT " + (maxBars + 1))) {
                while (result.next()) {
                    labels.add(result.getString(1));
                    double measured = result.getDouble(2);
                    values.add(result.wasNull() ? Double.NaN : measured);
                }
            }
            boolean truncated = labels.size() > maxBars;
            int n = Math.min(maxBars, labels.size());
            return new CategorySeries(categoryColumn, valueColumn, labels.subList(0, n),
                    values.subList(0, n).stream().mapToDouble(Double::doubleValue).toArray(), truncated);
        }, filter);
    }

    private static DataColumn chartable(DataColumn column) {
        if (!column.numeric() && !column.temporal()) {
            throw new DataQueryException(DataQueryException.Kind.INVALID, column.name() + " is " + column.type()
                    + ": a chart's axis needs a number, a date or a timestamp");
        }
        return column;
    }

    private static String asDouble(DataColumn column) {
        return column.temporal() ? "epoch_ms(CAST(" + column.quoted() + " AS TIMESTAMP))::DOUBLE" : column.quoted() + "::DOUBLE";
    }

    // ------------------------------------------------------------------------------------------------ maps

    /**
     * The rectangle holding every filtered row's {@code lat}/{@code lon} (degrees; rows without both, or outside the
     * world, left out), or null when there is none: where a map starts.
     */
    public GeoBounds mapExtent(String lat, String lon, String filter, Cancellation cancellation) {
        String kept = mapRows(column(lat), column(lon), where(filter, cancellation));
        String la = coordinate(column(lat));
        String lo = coordinate(column(lon));
        return run(cancellation, statement -> {
            try (ResultSet result = statement.executeQuery("SELECT min(" + lo + "), min(" + la + "), max(" + lo + "), max(" + la + ") FROM dataset" + kept)) {
                result.next();
                double west = result.getDouble(1);
                if (result.wasNull()) {
                    return null;
                }
                double south = result.getDouble(2);
                double east = result.getDouble(3);
                double north = result.getDouble(4);
                // one point, or a line along a meridian or a parallel: a rectangle around it all the same
                double pad = 0.5;
                return new GeoBounds(east > west ? west : west - pad, north > south ? south : south - pad, east > west ? east : east + pad,
                        north > south ? north : north + pad);
            }
        }, filter);
    }

    /**
     * The distinct places at {@code lat}/{@code lon} among the filtered rows (at most {@link MapOverlay#MAX_PLACES}),
     * each labelled by {@code label} (null: no label; several labels at one place are joined).
     */
    public MapOverlay mapOverlay(String lat, String lon, String label, String filter, Cancellation cancellation) {
        String kept = mapRows(column(lat), column(lon), where(filter, cancellation));
        String la = coordinate(column(lat));
        String lo = coordinate(column(lon));
        String labelled = label == null ? "''" : "string_agg(DISTINCT CAST(" + column(label).quoted() + " AS VARCHAR), ' / ')";
        String sql = "SELECT " + la + ", " + lo + ", " + labelled + " FROM dataset" + kept + " GROUP BY 1, 2 ORDER BY 1, 2 LIMIT "
                + (MapOverlay.MAX_PLACES + 1);
        return run(cancellation, statement -> {
            double[] lats = new double[MapOverlay.MAX_PLACES];
            double[] lons = new double[MapOverlay.MAX_PLACES];
            List<String> labels = new ArrayList<>();
            int n = 0;
            boolean more = false;
            try (ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    if (n == MapOverlay.MAX_PLACES) {
                        more = true;
                        break;
                    }
                    lats[n] = result.getDouble(1);
                    lons[n] = result.getDouble(2);
                    String text = result.getString(3);
                    labels.add(text == null ? "" : text);
                    n++;
                }
            }
            return new MapOverlay(Arrays.copyOf(lats, n), Arrays.copyOf(lons, n), labels, more);
        }, filter);
    }

    /**
     * {@code filter} narrowed to the rows read from {@code files} (upstream {@code view_maps}' file selection): a filter
     * text like any user's, so every query (extent, points, rows under the pointer) applies it. Null or empty files:
     * the filter as it is.
     */
    public static String inFiles(String filter, Collection<Path> files) {
        if (files == null || files.isEmpty()) {
            return filter == null ? "" : filter;
        }
        String in = DataColumn.quote(SOURCE_COLUMN) + " IN (" + files.stream().map(file -> literal(file.toString()))
                .collect(Collectors.joining(", ")) + ")";
        return filter == null || filter.isBlank() ? in : "(" + filter + ") AND " + in;
    }

    /**
     * The query's points, decimated in the database: the filtered rows inside the bounds (a random, reproducible share
     * of them when {@code sampling} is under 1) grouped by pixel cell and track, each group one point, its track's first
     * there by the order column (else its southernmost; with an order column, rows without a value there are left out).
     * The answer has at most {@code width × height} points per track however many rows there are, and about
     * {@value #MAP_POINTS} at most in all (beyond, the cells are 2, 4... pixels a side: {@link MapPoints#cellPixels()});
     * it comes back as arrays, never a Java object per row.
     */
    public MapPoints map(MapQuery query, Cancellation cancellation) {
        return map(query, MAP_POINTS, cancellation);
    }

    /** As {@link #map(MapQuery, Cancellation)}, with about {@code budget} points at most. */
    MapPoints map(MapQuery query, int budget, Cancellation cancellation) {
        if (query.bounds() == null) {
            throw new IllegalArgumentException("a map query needs its bounds: ask mapExtent() first");
        }
        DataColumn latColumn = column(query.lat());
        DataColumn lonColumn = column(query.lon());
        DataColumn group = query.group() == null ? null : column(query.group());
        DataColumn order = query.order() == null ? null : column(query.order());
        DataColumn colour = query.colour() == null ? null : column(query.colour());
        GeoBounds box = query.bounds();
        String la = coordinate(latColumn);
        String lo = coordinate(lonColumn);
        String kept = mapRows(latColumn, lonColumn, where(query.filter(), cancellation)) + " AND " + lo + " BETWEEN " + box.west() + " AND "
                + box.east() + " AND " + la + " BETWEEN " + box.south() + " AND " + box.north()
                + (order == null ? "" : " AND " + order.quoted() + " IS NOT NULL"); // a track's point needs its place in the track
        boolean sampled = query.sampling() < 1;
        String sample = sampled ? " USING SAMPLE " + String.format(Locale.ROOT, "%.6f", query.sampling() * 100) + " PERCENT (bernoulli, 7)" : "";
        return run(cancellation, statement -> {
            MapColours colours = colour == null ? MapColours.single() : colours(statement, colour, kept);
            boolean discrete = colours.kind() == MapColours.Kind.DISCRETE;
            String colourValue = colour == null ? "NULL" : discrete ? "coalesce(" + colour.quoted() + "::VARCHAR, 'NULL')" : asDouble(colour);
            String key = order == null ? "la" : "o";
            String cells = "SELECT " + la + " AS la, " + lo + " AS lo, " + (group == null ? "''" : "coalesce(" + group.quoted() + "::VARCHAR, 'NULL')")
                    + " AS g, " + (order == null ? "NULL" : order.quoted()) + " AS o, " + colourValue + " AS c, least(greatest(floor((" + lo + " - "
                    + box.west() + ") / " + box.width() + " * " + query.width() + "), 0), " + (query.width() - 1) + ")::INTEGER AS cx, least(greatest(floor(("
                    + box.north() + " - " + la + ") / " + box.height() + " * " + query.height() + "), 0), " + (query.height() - 1)
                    + ")::INTEGER AS cy FROM dataset" + kept + sample;
            // the finest cells, 1, 2, 4... pixels a side, whose estimated count of points is within the budget
            StringBuilder estimates = new StringBuilder("SELECT ");
            for (int shift = 0; shift <= MAX_CELL_SHIFT; shift++) {
                estimates.append(shift == 0 ? "" : ", ").append("approx_count_distinct(hash(g, cx >> ").append(shift).append(", cy >> ").append(shift)
                        .append("))");
            }
            int shift = 0;
            try (ResultSet result = statement.executeQuery(estimates + " FROM (" + cells + ")")) {
                result.next();
                while (shift < MAX_CELL_SHIFT && result.getLong(shift + 1) > budget) {
                    shift++;
                }
            }
            String sql = "SELECT g, arg_min(la, " + key + "), arg_min(lo, " + key + "), arg_min(c, " + key + "), count(*), min(" + key + ") AS first FROM ("
                    + cells + ") GROUP BY g, cx >> " + shift + ", cy >> " + shift + (group == null && order == null ? "" : " ORDER BY g, first");
            int cellPixels = 1 << shift;
            int capacity = 4096;
            double[] lats = new double[capacity];
            double[] lons = new double[capacity];
            int[] tracks = new int[capacity];
            int[] classes = discrete ? new int[capacity] : null;
            double[] values = colours.kind() == MapColours.Kind.CONTINUOUS ? new double[capacity] : null;
            List<String> trackNames = new ArrayList<>();
            String previous = null;
            long rows = 0;
            int n = 0;
            java.util.Map<String, Integer> classOf = new java.util.HashMap<>();
            try (ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    if (n == capacity) {
                        capacity *= 2;
                        lats = java.util.Arrays.copyOf(lats, capacity);
                        lons = java.util.Arrays.copyOf(lons, capacity);
                        tracks = java.util.Arrays.copyOf(tracks, capacity);
                        classes = classes == null ? null : java.util.Arrays.copyOf(classes, capacity);
                        values = values == null ? null : java.util.Arrays.copyOf(values, capacity);
                    }
                    String track = result.getString(1);
                    if (!track.equals(previous)) {
                        trackNames.add(track);
                        previous = track;
                    }
                    tracks[n] = trackNames.size() - 1;
                    lats[n] = result.getDouble(2);
                    lons[n] = result.getDouble(3);
                    if (classes != null) {
                        classes[n] = classOf.computeIfAbsent(result.getString(4), colours::classOf);
                    } else if (values != null) {
                        double value = result.getDouble(4);
                        values[n] = result.wasNull() ? Double.NaN : value;
                    }
                    rows += result.getLong(5);
                    n++;
                    if ((n & 0xffff) == 0 && cancellation != null && cancellation.isCancelled()) {
                        throw new SQLException("cancelled while reading the points");
                    }
                }
            }
            return new MapPoints(query, cellPixels, rows, sampled, java.util.Arrays.copyOf(lats, n), java.util.Arrays.copyOf(lons, n),
                    java.util.Arrays.copyOf(tracks, n), trackNames, colours, classes == null ? null : java.util.Arrays.copyOf(classes, n),
                    values == null ? null : java.util.Arrays.copyOf(values, n));
        }, query.filter());
    }

    /**
     * The filtered row a map point stands for: of its track, the one nearest its coordinates (first in the order column
     * on a tie), every column's value; what hovering a point shows.
     */
    public DataPage mapRow(MapPoints points, int index, Cancellation cancellation) {
        MapQuery query = points.query();
        DataColumn latColumn = column(query.lat());
        DataColumn lonColumn = column(query.lon());
        String kept = mapRows(latColumn, lonColumn, where(query.filter(), cancellation));
        if (query.group() != null) {
            kept += " AND coalesce(" + column(query.group()).quoted() + "::VARCHAR, 'NULL') = " + literal(points.trackNames().get(points.tracks()[index]));
        }
        String sql = "SELECT * FROM dataset" + kept + " ORDER BY abs(" + coordinate(latColumn) + " - (" + points.lats()[index] + ")) + abs("
                + coordinate(lonColumn) + " - (" + points.lons()[index] + "))" + (query.order() == null ? "" : ", " + column(query.order()).quoted())
                + " LIMIT 1";
        return run(cancellation, statement -> {
            return new DataPage(columns, 0, rows(statement, sql));
        }, query.filter());
    }

    /** Cells of at most 2^this pixels a side: 64. */
    private static final int MAX_CELL_SHIFT = 6;

    /** The filter's rows that have both coordinates as finite degrees. */
    private static String mapRows(DataColumn lat, DataColumn lon, String where) {
        String la = coordinate(lat);
        String lo = coordinate(lon);
        return (where.isEmpty() ? " WHERE " : where + " AND ") + la + " BETWEEN -90 AND 90 AND " + lo + " BETWEEN -180 AND 180";
    }

    private static String coordinate(DataColumn column) {
        if (!column.numeric()) {
            throw new DataQueryException(DataQueryException.Kind.INVALID, column.name() + " is " + column.type()
                    + ": a latitude or longitude is a number of degrees");
        }
        return column.quoted() + "::DOUBLE";
    }

    /**
     * How {@code column} colours the kept rows: by class when it is text (or boolean...) or a number with at most
     * {@value MapColours#MAX_CLASSES} distinct values, else on a scale from its smallest to its largest value.
     */
    private static MapColours colours(Statement statement, DataColumn column, String kept) throws SQLException {
        boolean scalable = column.numeric() || column.temporal();
        if (scalable) {
            String value = asDouble(column);
            try (ResultSet result = statement.executeQuery("SELECT approx_count_distinct(" + column.quoted() + "), min(" + value
                    + ") FILTER (WHERE isfinite(" + value + ")), max(" + value + ") FILTER (WHERE isfinite(" + value + ")) FROM dataset" + kept)) {
                result.next();
                long distinct = result.getLong(1);
                double min = result.getDouble(2);
                boolean none = result.wasNull();
                double max = result.getDouble(3);
                if (distinct > MapColours.MAX_CLASSES || column.temporal()) {
                    return new MapColours(column, MapColours.Kind.CONTINUOUS, List.of(), false, none ? Double.NaN : min, none ? Double.NaN : max);
                }
            }
        }
        List<String> classes = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("SELECT coalesce(" + column.quoted() + "::VARCHAR, 'NULL') AS v, count(*) AS n FROM dataset" + kept
                + " GROUP BY v ORDER BY n DESC, v LIMIT " + (MapColours.MAX_CLASSES + 1))) {
            while (result.next()) {
                classes.add(result.getString(1));
            }
        }
        boolean more = classes.size() > MapColours.MAX_CLASSES;
        return new MapColours(column, MapColours.Kind.DISCRETE, more ? classes.subList(0, MapColours.MAX_CLASSES) : classes, more, Double.NaN,
                Double.NaN);
    }

    /** Runs any SQL on the dataset's database and gives the first column of its first row: tests of the engine's guard. */
    String firstValue(String sql) {
        return run(null, statement -> {
            try (ResultSet rows = statement.executeQuery(sql)) {
                return rows.next() ? rows.getString(1) : null;
            }
        }, null);
    }

    /**
     * The 64-bit hash of each filtered row's {@code key} columns, sorted (a key that several rows share is there as many
     * times): what {@link DatasetDiff} compares between two runs without putting both in one database.
     */
    public long[] keyHashes(List<String> key, String filter, Cancellation cancellation) {
        String hash = keyHash(key);
        String sql = "SELECT " + hash + " AS h FROM dataset" + where(filter, cancellation) + " ORDER BY h";
        return run(cancellation, statement -> {
            long[] hashes = new long[1024];
            int n = 0;
            try (ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    if (n == hashes.length) {
                        hashes = java.util.Arrays.copyOf(hashes, n * 2);
                    }
                    hashes[n++] = result.getLong(1);
                }
            }
            return java.util.Arrays.copyOf(hashes, n);
        }, filter);
    }

    /** Up to {@code limit} of the filtered rows whose key hashes to one of {@code hashes}, ordered by their key. */
    public DataPage rowsWithKeys(List<String> key, long[] hashes, String filter, int limit, Cancellation cancellation) {
        String where = where(filter, cancellation);
        if (hashes.length == 0) {
            return new DataPage(columns, 0, List.of());
        }
        String in = java.util.Arrays.stream(hashes).mapToObj(h -> Long.toString(h)).collect(Collectors.joining(", "));
        String sql = "SELECT * FROM dataset" + (where.isEmpty() ? " WHERE " : where + " AND ") + keyHash(key) + " IN (" + in + ") ORDER BY "
                + key.stream().map(name -> column(name).quoted()).collect(Collectors.joining(", ")) + " LIMIT " + limit;
        return run(cancellation, statement -> new DataPage(columns, 0, rows(statement, sql)), filter);
    }

    /** DuckDB's hash of the key's values, each cast to text so that two runs' files of other types still match. */
    private String keyHash(List<String> key) {
        if (key == null || key.isEmpty()) {
            throw new DataQueryException(DataQueryException.Kind.INVALID, "no key given: name the columns that identify a row");
        }
        // DuckDB hashes to UBIGINT; its upper 63 bits fit a BIGINT, which Java compares as DuckDB sorts
        return "(hash(" + key.stream().map(name -> column(name).quoted() + "::VARCHAR").collect(Collectors.joining(", ")) + ") >> 1)::BIGINT";
    }

    /**
     * Writes {@code names} (every column when empty) of the filtered rows to {@code out} as CSV: a header, the rows in
     * file order, RFC 4180 quoting, a null as an empty field, values as DuckDB prints them. The rows stream from the
     * database to the file, which replaces {@code out} only once complete ({@link AtomicFiles}): a cancelled or failed
     * export leaves no file and an existing one unchanged. The database itself still writes nothing. An export has no
     * {@link #timeout()}: it runs as long as the rows take (a user's job or command, cancelled by them), where a query
     * that a view waits for is stopped.
     *
     * @return the number of rows written
     */
    public long exportCsv(List<String> names, String filter, Path out, Cancellation cancellation) {
        List<DataColumn> chosen = names == null || names.isEmpty() ? columns : names.stream().map(this::column).toList();
        String sql = "SELECT " + chosen.stream().map(DataColumn::quoted).collect(Collectors.joining(", ")) + " FROM dataset"
                + where(filter, cancellation);
        return run(cancellation, statement -> {
            long[] rows = {0};
            try {
                AtomicFiles.write(out, stream -> {
                    java.io.Writer csv = new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8);
                    csv.write(chosen.stream().map(column -> csvField(column.name())).collect(Collectors.joining(",")));
                    csv.write("\r\n");
                    try (ResultSet result = statement.executeQuery(sql)) {
                        int width = chosen.size();
                        while (result.next()) {
                            for (int c = 1; c <= width; c++) {
                                if (c > 1) {
                                    csv.write(',');
                                }
                                String value = result.getString(c);
                                csv.write(value == null ? "" : csvField(value));
                            }
                            csv.write("\r\n");
                            // the result may be in memory already, where a cancelled statement no longer stops it
                            if (++rows[0] % 4096 == 0 && cancellation != null && cancellation.isCancelled()) {
                                throw new SQLException("cancelled while writing");
                            }
                        }
                    } catch (SQLException e) {
                        throw new UncheckedSql(e);
                    }
                    csv.flush();
                });
            } catch (UncheckedSql e) {
                throw e.getCause(); // classified by run(): cancelled, timed out, refused or failed
            }
            return rows[0];
        }, filter, null);
    }

    /** A field as RFC 4180 writes it: quoted, its quotes doubled, when it holds a comma, a quote or a line break. */
    static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** A database error out of a stream's writer, back to the query that runs it. */
    private static final class UncheckedSql extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedSql(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    /** Cancels every running query and closes the database; later calls fail. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            running.forEach(Dataset::cancelQuietly);
            closeQuietly(database);
        }
    }

    // ------------------------------------------------------------------------------------------------ running

    @FunctionalInterface
    private interface Query<T> {
        T run(Statement statement) throws SQLException;
    }

    private String where(String filter, Cancellation cancellation) {
        if (filter == null || filter.isBlank()) {
            return "";
        }
        checkFilter(filter, cancellation);
        return " WHERE (" + filter + ")";
    }

    private <T> T run(Cancellation cancellation, Query<T> query, String filter) {
        return run(cancellation, query, filter, timeout);
    }

    /** Runs {@code query}, stopped after {@code limit} (none when null) or when cancelled or the dataset closed. */
    private <T> T run(Cancellation cancellation, Query<T> query, String filter, Duration limit) {
        if (closed.get()) {
            throw new DataQueryException(DataQueryException.Kind.CANCELLED, "the dataset " + source.spec() + " is closed");
        }
        Cancellation token = cancellation == null ? new Cancellation() : cancellation;
        if (token.isCancelled()) {
            throw new DataQueryException(DataQueryException.Kind.CANCELLED, "cancelled: " + token.reason());
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        try (Connection connection = DuckDb.duplicate(database); Statement statement = connection.createStatement()) {
            running.add(statement);
            token.onCancel(() -> cancelQuietly(statement));
            ScheduledFuture<?> timer = limit == null ? null : TIMER.schedule(() -> {
                timedOut.set(true);
                cancelQuietly(statement);
            }, limit.toMillis(), TimeUnit.MILLISECONDS);
            try {
                if (token.isCancelled()) {
                    throw new SQLException("cancelled before it started");
                }
                return query.run(statement);
            } finally {
                if (timer != null) {
                    timer.cancel(false);
                }
                running.remove(statement);
            }
        } catch (SQLException e) {
            if (timedOut.get()) {
                throw new DataQueryException(DataQueryException.Kind.TIMEOUT, "the query on " + source.spec() + " ran longer than "
                        + seconds(limit) + " and was stopped: narrow the filter, or raise the timeout", -1, e);
            }
            if (token.isCancelled() || closed.get()) {
                throw new DataQueryException(DataQueryException.Kind.CANCELLED, "cancelled: "
                        + (closed.get() ? "the dataset was closed" : token.reason()), -1, e);
            }
            String message = firstParagraph(e.getMessage());
            boolean invalid = filter != null && (message.startsWith("Binder Error") || message.startsWith("Parser Error")
                    || message.startsWith("Conversion Error") || message.startsWith("Catalog Error"));
            if (message.startsWith("Permission Error")) {
                throw new DataQueryException(DataQueryException.Kind.REFUSED, "refused: " + message
                        + " (the data service reads only the dataset's own files)", -1, e);
            }
            throw new DataQueryException(invalid ? DataQueryException.Kind.INVALID : DataQueryException.Kind.FAILED,
                    (invalid ? "not a valid filter: " : "query on " + source.spec() + " failed: ") + message, -1, e);
        }
    }

    /** Every row the query answers, each value as {@link DataPage} holds it. */
    private static List<Object[]> rows(Statement statement, String sql) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            int width = result.getMetaData().getColumnCount();
            while (result.next()) {
                Object[] row = new Object[width];
                for (int c = 0; c < width; c++) {
                    row[c] = value(result, c + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Object value(ResultSet result, int column) throws SQLException {
        Object value = result.getObject(column);
        if (value == null || value instanceof Boolean || value instanceof Long || value instanceof Integer || value instanceof Double
                || value instanceof Float || value instanceof Short || value instanceof Byte || value instanceof BigDecimal
                || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof java.sql.Timestamp time) {
            return timestampText(time);
        }
        return result.getString(column);
    }

    private static final java.time.format.DateTimeFormatter SECONDS = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    /**
     * A timestamp as DuckDB casts it to text and as the statistics show it ({@code 2020-01-11 20:06:30}, the fraction
     * only when there is one), not as JDBC's {@code Timestamp.toString} ({@code 2020-01-11 20:06:30.0}).
     */
    static String timestampText(java.sql.Timestamp time) {
        String seconds = time.toLocalDateTime().format(SECONDS);
        int nanos = time.getNanos();
        if (nanos == 0) {
            return seconds;
        }
        String fraction = String.format(Locale.ROOT, "%09d", nanos);
        int end = fraction.length();
        while (fraction.charAt(end - 1) == '0') {
            end--;
        }
        return seconds + "." + fraction.substring(0, end);
    }

    private static Object nullable(double value, ResultSet result) throws SQLException {
        return result.wasNull() ? null : value;
    }

    /** A bin's bound: a number, or for a date or timestamp column the time it stands for (milliseconds since the epoch). */
    private static String binLabel(DataColumn column, double value) {
        if (!column.temporal()) {
            return number(value);
        }
        String time = java.time.Instant.ofEpochMilli(Math.round(value)).toString().replace('T', ' ').replace("Z", "");
        return column.type().equalsIgnoreCase("DATE") ? time.substring(0, 10) : time;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : String.format(Locale.ROOT, "%.6g", value);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** DuckDB's message without the query text it appends after a blank line ({@code LINE 1: SELECT ...}). */
    private static String firstParagraph(String message) {
        if (message == null) {
            return "no message";
        }
        int blank = message.indexOf("\n\n");
        String first = blank < 0 ? message : message.substring(0, blank);
        int line = first.indexOf("\nLINE ");
        return (line < 0 ? first : first.substring(0, line)).strip();
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static void cancelQuietly(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException | RuntimeException ignored) {
            // it has ended, or its connection is closing
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing an in-memory database loses nothing
            }
        }
    }
}
