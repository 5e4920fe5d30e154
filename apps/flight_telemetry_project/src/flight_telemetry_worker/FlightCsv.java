package flight_telemetry_worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agilab.api.DataException;

/**
 * Reads flight CSV files as real ones come: LF or CRLF line ends, quoted fields (with "" for a quote), an unnamed
 * leading index column (as pandas writes), extra columns, a UTF-8 byte-order mark. The needed columns are found by
 * name in the header: {@code date} ({@code yyyy-MM-dd HH:mm:ss}), {@code lat}, {@code long}, {@code aircraft}. Any
 * malformed row is a {@link DataException} naming the file, the line and the column.
 */
public final class FlightCsv {

    static final List<String> COLUMNS = List.of("date", "lat", "long", "aircraft");

    private FlightCsv() {
    }

    /** The rows of the file, whatever their time. */
    public static FlightRows read(Path file, int skip, int limit) throws IOException {
        return read(file, skip, limit, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * @param skip data rows to skip first
     * @param limit data rows to read at most (0: all), counted before the time filter
     * @param from the earliest time kept (epoch seconds, UTC)
     * @param until the time from which rows are dropped (epoch seconds, UTC, exclusive)
     */
    public static FlightRows read(Path file, int skip, int limit, long from, long until) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Parser parser = new Parser(file, text);
        List<String> header = parser.next();
        if (header == null) {
            throw new DataException(file, 1, null, "the file is empty: a flight file starts with a header line");
        }
        int[] index = new int[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            index[c] = header.indexOf(COLUMNS.get(c));
            if (index[c] < 0) {
                throw new DataException(file, 1, COLUMNS.get(c), "missing column '" + COLUMNS.get(c) + "' (the header has "
                        + String.join(", ", header) + ")");
            }
        }
        int needed = Arrays.stream(index).max().orElse(0) + 1;
        int capacity = 1024;
        long[] time = new long[capacity];
        double[] lat = new double[capacity];
        double[] lon = new double[capacity];
        String[] aircraft = new String[capacity];
        long[] lines = new long[capacity];
        int size = 0;
        int seen = 0;
        int taken = 0;
        for (List<String> row; (row = parser.next()) != null;) {
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue; // a blank line
            }
            if (seen++ < skip) {
                continue;
            }
            if (limit > 0 && taken >= limit) {
                break;
            }
            taken++;
            long line = parser.recordLine;
            if (row.size() < needed) {
                throw new DataException(file, line, COLUMNS.get(firstMissing(index, row.size())),
                        "the row has " + row.size() + " fields; the header has " + header.size());
            }
            if (size == capacity) {
                capacity *= 2;
                time = Arrays.copyOf(time, capacity);
                lat = Arrays.copyOf(lat, capacity);
                lon = Arrays.copyOf(lon, capacity);
                aircraft = Arrays.copyOf(aircraft, capacity);
                lines = Arrays.copyOf(lines, capacity);
            }
            long seconds = Dates.parseEpochSeconds(row.get(index[0]), file, line);
            double latitude = number(row.get(index[1]), file, line, "lat", 90);
            double longitude = number(row.get(index[2]), file, line, "long", 180);
            String plane = row.get(index[3]).strip();
            if (plane.isEmpty()) {
                throw new DataException(file, line, "aircraft", "the aircraft is empty");
            }
            if (seconds < from || seconds >= until) {
                continue; // outside datemin..datemax: checked like every row, then left out
            }
            time[size] = seconds;
            lat[size] = latitude;
            lon[size] = longitude;
            aircraft[size] = plane;
            lines[size] = line;
            size++;
        }
        return new FlightRows(file, time, lat, lon, aircraft, lines, size);
    }

    private static int firstMissing(int[] index, int fields) {
        for (int c = 0; c < index.length; c++) {
            if (index[c] >= fields) {
                return c;
            }
        }
        return 0;
    }

    private static double number(String text, Path file, long line, String column, double bound) {
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new DataException(file, line, column, "'" + text + "' is not a number");
        }
        if (!(value >= -bound && value <= bound)) {
            throw new DataException(file, line, column, value + " is outside -" + (int) bound + ".." + (int) bound + " degrees");
        }
        return value;
    }

    /** RFC 4180 records over the whole text; remembers the line where each record starts. */
    private static final class Parser {
        private final Path file;
        private final String text;
        private int pos;
        private long line = 1;
        long recordLine;

        Parser(Path file, String text) {
            this.file = file;
            this.text = text;
            if (text.startsWith("\uFEFF")) {
                pos = 1;
            }
        }

        List<String> next() {
            if (pos >= text.length()) {
                return null;
            }
            recordLine = line;
            List<String> fields = new ArrayList<>(6);
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (quoted) {
                    if (c == '"') {
                        if (pos < text.length() && text.charAt(pos) == '"') {
                            field.append('"');
                            pos++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                        pos++;
                    }
                    line++;
                    fields.add(field.toString());
                    return fields;
                } else {
                    field.append(c);
                }
            }
            if (quoted) {
                throw new DataException(file, recordLine, null, "a quoted field is never closed");
            }
            fields.add(field.toString());
            return fields;
        }
    }
}
