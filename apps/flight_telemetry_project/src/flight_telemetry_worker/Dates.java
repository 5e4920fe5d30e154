package flight_telemetry_worker;

import java.nio.file.Path;
import java.time.LocalDate;

import org.agilab.api.DataException;

/** {@code yyyy-MM-dd HH:mm:ss} to and from epoch seconds (UTC), without a formatter on the hot path. */
final class Dates {

    private Dates() {
    }

    /** What {@link #parseEpochSeconds(byte[], int, int)} returns for any text but a plain, valid date. */
    static final long NOT_PLAIN = Long.MIN_VALUE;

    /**
     * Epoch seconds of exactly {@code yyyy-MM-dd HH:mm:ss} in {@code bytes[first, last)}, read without a String; any
     * other text ({@link #NOT_PLAIN}) goes to {@link #parseEpochSeconds(String, Path, long)}, which also names the error.
     */
    static long parseEpochSeconds(byte[] bytes, int first, int last) {
        if (last - first != 19 || bytes[first + 4] != '-' || bytes[first + 7] != '-' || bytes[first + 10] != ' '
                || bytes[first + 13] != ':' || bytes[first + 16] != ':') {
            return NOT_PLAIN;
        }
        int year = digits(bytes, first, 4);
        int month = digits(bytes, first + 5, 2);
        int day = digits(bytes, first + 8, 2);
        int hour = digits(bytes, first + 11, 2);
        int minute = digits(bytes, first + 14, 2);
        int second = digits(bytes, first + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_PLAIN;
        }
        return epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
    }

    /** The digits as a number, or -1 if one is not a digit. */
    private static int digits(byte[] bytes, int first, int count) {
        int value = 0;
        for (int i = first; i < first + count; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2) {
            return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (years 0-9999), as {@link LocalDate#toEpochDay} counts. */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year; // years start in March, so the leap day ends them
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
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
