package flight_telemetry_worker;

import java.nio.file.Path;
import java.time.LocalDate;

import org.agilab.api.DataException;

/** {@code yyyy-MM-dd HH:mm:ss} to and from epoch seconds (UTC), without a formatter on the hot path. */
final class Dates {

    private Dates() {
    }

    static long parseEpochSeconds(String raw, Path file, long line) {
        String text = raw.strip();
        if (text.length() != 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != ' '
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            throw bad(raw, file, line);
        }
        int year = digits(text, 0, 4, raw, file, line);
        int month = digits(text, 5, 2, raw, file, line);
        int day = digits(text, 8, 2, raw, file, line);
        int hour = digits(text, 11, 2, raw, file, line);
        int minute = digits(text, 14, 2, raw, file, line);
        int second = digits(text, 17, 2, raw, file, line);
        if (month < 1 || month > 12 || day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth() || hour > 23
                || minute > 59 || second > 59) {
            throw bad(raw, file, line);
        }
        return LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second;
    }

    private static int digits(String text, int start, int count, String raw, Path file, long line) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(raw, file, line);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static DataException bad(String raw, Path file, long line) {
        return new DataException(file, line, "date", "'" + raw + "' is not a date written yyyy-MM-dd HH:mm:ss");
    }

    static String format(long epochSeconds) {
        StringBuilder text = new StringBuilder(19);
        append(text, epochSeconds);
        return text.toString();
    }

    /** Appends yyyy-MM-dd HH:mm:ss; called once per output row, so no formatter. */
    static void append(StringBuilder out, long epochSeconds) {
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(epochSeconds, 86_400L));
        int seconds = (int) Math.floorMod(epochSeconds, 86_400L);
        pad(out, day.getYear(), 4).append('-');
        pad(out, day.getMonthValue(), 2).append('-');
        pad(out, day.getDayOfMonth(), 2).append(' ');
        pad(out, seconds / 3600, 2).append(':');
        pad(out, seconds / 60 % 60, 2).append(':');
        pad(out, seconds % 60, 2);
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
