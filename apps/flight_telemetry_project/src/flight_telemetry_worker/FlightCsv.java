package flight_telemetry_worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
 *
 * <p>Reading and parsing are most of a local run's time, so the file is parsed as bytes: a record's fields are
 * ranges of the file's bytes, and only the four needed columns are decoded, numbers and dates straight from the
 * bytes, each aircraft's name once per file.
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
        Records records = new Records(file, Files.readAllBytes(file));
        if (!records.next()) {
            throw new DataException(file, 1, null, "the file is empty: a flight file starts with a header line");
        }
        List<String> header = new ArrayList<>(records.count);
        for (int f = 0; f < records.count; f++) {
            header.add(records.text(f));
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
        int capacity = Math.max(1024, records.bytes.length / 48); // about one row per 48 bytes in real files
        long[] time = new long[capacity];
        double[] lat = new double[capacity];
        double[] lon = new double[capacity];
        String[] aircraft = new String[capacity];
        long[] lines = new long[capacity];
        int size = 0;
        int seen = 0;
        int taken = 0;
        Names names = new Names();
        while (records.next()) {
            if (records.count == 1 && records.isEmpty(0)) {
                continue; // a blank line
            }
            if (seen++ < skip) {
                continue;
            }
            if (limit > 0 && taken >= limit) {
                break;
            }
            taken++;
            long line = records.recordLine;
            if (records.count < needed) {
                throw new DataException(file, line, COLUMNS.get(firstMissing(index, records.count)),
                        "the row has " + records.count + " fields; the header has " + header.size());
            }
            if (size == capacity) {
                capacity *= 2;
                time = Arrays.copyOf(time, capacity);
                lat = Arrays.copyOf(lat, capacity);
                lon = Arrays.copyOf(lon, capacity);
                aircraft = Arrays.copyOf(aircraft, capacity);
                lines = Arrays.copyOf(lines, capacity);
            }
            long seconds = records.epochSeconds(index[0]);
            double latitude = records.number(index[1], "lat", 90);
            double longitude = records.number(index[2], "long", 180);
            String plane = names.of(records, index[3]);
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

    /**
     * RFC 4180 records over the file's bytes (the delimiters are ASCII, so they never occur inside a UTF-8 sequence);
     * remembers the line where each record starts. A field is a byte range, or a decoded text when it needed unquoting
     * (a "" inside quotes, or characters after the closing quote).
     */
    private static final class Records {
        private static final double[] POWERS_OF_TEN = new double[23];
        static {
            POWERS_OF_TEN[0] = 1;
            for (int i = 1; i < POWERS_OF_TEN.length; i++) {
                POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10; // exact up to 1e22
            }
        }

        final Path file;
        final byte[] bytes;
        private int pos;
        private long line = 1;
        long recordLine;
        int count;
        private int[] start = new int[8];
        private int[] end = new int[8];
        private String[] unquoted = new String[8];

        Records(Path file, byte[] bytes) {
            this.file = file;
            this.bytes = bytes;
            if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
                pos = 3;
            }
        }

        boolean next() {
            if (pos >= bytes.length) {
                return false;
            }
            recordLine = line;
            count = 0;
            while (true) {
                field();
                if (pos >= bytes.length) {
                    return true;
                }
                byte c = bytes[pos++];
                if (c == ',') {
                    continue;
                }
                if (c == '\r' && pos < bytes.length && bytes[pos] == '\n') {
                    pos++;
                }
                line++;
                return true;
            }
        }

        /** Reads one field up to (not over) its delimiter. */
        private void field() {
            if (count == start.length) {
                start = Arrays.copyOf(start, count * 2);
                end = Arrays.copyOf(end, count * 2);
                unquoted = Arrays.copyOf(unquoted, count * 2);
            }
            int first = pos;
            int limit = bytes.length;
            unquoted[count] = null;
            if (first < limit && bytes[first] == '"') {
                int newlines = 0;
                int quote = first + 1;
                while (quote < limit && bytes[quote] != '"') {
                    if (bytes[quote] == '\n') {
                        newlines++;
                    }
                    quote++;
                }
                if (quote == limit) {
                    throw new DataException(file, recordLine, null, "a quoted field is never closed");
                }
                int after = quote + 1;
                if (after == limit || bytes[after] == ',' || bytes[after] == '\r' || bytes[after] == '\n') {
                    start[count] = first + 1;
                    end[count] = quote;
                    line += newlines;
                    pos = after;
                } else {
                    unquoted[count] = unquote(first);
                }
            } else {
                int last = first;
                while (last < limit) {
                    byte c = bytes[last];
                    if (c == ',' || c == '\r' || c == '\n') {
                        break;
                    }
                    last++;
                }
                start[count] = first;
                end[count] = last;
                pos = last;
            }
            count++;
        }

        /** The field from {@code first} as the character-level reader read it: quotes open only at its start. */
        private String unquote(int first) {
            byte[] field = new byte[16];
            int length = 0;
            boolean quoted = false;
            boolean wasQuoted = false;
            pos = first;
            while (pos < bytes.length) {
                byte c = bytes[pos++];
                if (quoted) {
                    if (c == '"') {
                        if (pos < bytes.length && bytes[pos] == '"') {
                            pos++;
                        } else {
                            quoted = false;
                            continue;
                        }
                    } else if (c == '\n') {
                        line++;
                    }
                } else if (c == '"' && length == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                    continue;
                } else if (c == ',' || c == '\r' || c == '\n') {
                    pos--;
                    break;
                }
                if (length == field.length) {
                    field = Arrays.copyOf(field, length * 2);
                }
                field[length++] = c;
            }
            if (quoted) {
                throw new DataException(file, recordLine, null, "a quoted field is never closed");
            }
            return new String(field, 0, length, StandardCharsets.UTF_8);
        }

        boolean isEmpty(int f) {
            return unquoted[f] == null ? start[f] == end[f] : unquoted[f].isEmpty();
        }

        String text(int f) {
            return unquoted[f] != null ? unquoted[f] : new String(bytes, start[f], end[f] - start[f], StandardCharsets.UTF_8);
        }

        long epochSeconds(int f) {
            if (unquoted[f] == null) {
                long seconds = Dates.parseEpochSeconds(bytes, start[f], end[f]);
                if (seconds != Dates.NOT_PLAIN) {
                    return seconds;
                }
            }
            return Dates.parseEpochSeconds(text(f), file, recordLine);
        }

        double number(int f, String column, double bound) {
            double value = unquoted[f] == null ? plainDecimal(start[f], end[f]) : Double.NaN;
            if (Double.isNaN(value)) {
                String text = text(f);
                try {
                    value = Double.parseDouble(text.strip());
                } catch (NumberFormatException e) {
                    throw new DataException(file, recordLine, column, "'" + text + "' is not a number");
                }
            }
            if (!(value >= -bound && value <= bound)) {
                throw new DataException(file, recordLine, column,
                        value + " is outside -" + (int) bound + ".." + (int) bound + " degrees");
            }
            return value;
        }

        /**
         * A decimal written [sign]digits[.digits] with at most 15 digits, exactly as {@link Double#parseDouble} reads
         * it: the digits are exact in a long and a double, so is the power of ten, and one IEEE division rounds
         * correctly. Anything else is NaN, for the full parser.
         */
        private double plainDecimal(int first, int last) {
            int i = first;
            boolean negative = false;
            if (i < last && (bytes[i] == '-' || bytes[i] == '+')) {
                negative = bytes[i] == '-';
                i++;
            }
            long digits = 0;
            int count = 0;
            int fraction = 0;
            boolean point = false;
            for (; i < last; i++) {
                byte c = bytes[i];
                if (c >= '0' && c <= '9') {
                    if (++count > 15) {
                        return Double.NaN;
                    }
                    digits = digits * 10 + (c - '0');
                    if (point) {
                        fraction++;
                    }
                } else if (c == '.' && !point) {
                    point = true;
                } else {
                    return Double.NaN;
                }
            }
            if (count == 0) {
                return Double.NaN;
            }
            double value = fraction == 0 ? digits : digits / POWERS_OF_TEN[fraction];
            return negative ? -value : value;
        }
    }

    /** Each aircraft's name decoded once per file: real files repeat a few names over many rows. */
    private static final class Names {
        private byte[][] keys = new byte[16][];
        private String[] names = new String[16];
        private int used;

        String of(Records records, int f) {
            if (records.unquoted[f] != null) {
                return records.unquoted[f].strip();
            }
            byte[] bytes = records.bytes;
            int first = records.start[f];
            int last = records.end[f];
            int hash = 1;
            for (int i = first; i < last; i++) {
                hash = 31 * hash + bytes[i];
            }
            int mask = keys.length - 1;
            int slot = hash & mask;
            for (byte[] key; (key = keys[slot]) != null; slot = (slot + 1) & mask) {
                if (Arrays.equals(key, 0, key.length, bytes, first, last)) {
                    return names[slot];
                }
            }
            String name = decode(records, first, last).strip();
            keys[slot] = Arrays.copyOfRange(bytes, first, last);
            names[slot] = name;
            if (++used * 2 > keys.length) {
                grow();
            }
            return name;
        }

        private static String decode(Records records, int first, int last) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(records.bytes, first, last - first))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new DataException(records.file, records.recordLine, "aircraft", "the aircraft name is not UTF-8 text");
            }
        }

        private void grow() {
            byte[][] oldKeys = keys;
            String[] oldNames = names;
            keys = new byte[oldKeys.length * 2][];
            names = new String[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) {
                    int hash = 1;
                    for (byte b : oldKeys[i]) {
                        hash = 31 * hash + b;
                    }
                    int slot = hash & mask;
                    while (keys[slot] != null) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = oldKeys[i];
                    names[slot] = oldNames[i];
                }
            }
        }
    }
}
