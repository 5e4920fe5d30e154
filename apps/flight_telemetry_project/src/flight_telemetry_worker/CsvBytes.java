package flight_telemetry_worker;

import java.util.Arrays;

/**
 * A growing byte buffer for the CSV outputs, written without a String per value: writing was the other half of a
 * local run's CPU, most of it {@link Double#toString} (slow on Java 17) five times a row.
 */
final class CsvBytes {

    private static final double[] POWERS_OF_TEN = new double[18];
    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10; // exact up to 1e22
        }
    }

    /** 10^-3 to 10^6 as the compiler reads them: the decades of Double.toString's plain notation. */
    private static final double[] DECADES = { 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6 };
    /** 2^53: below it every long is exact as a double. */
    private static final long EXACT_LONGS = 1L << 53;

    private final StringBuilder scratch = new StringBuilder(24);
    private byte[] bytes;
    private int size;

    CsvBytes(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    byte[] toArray() {
        return Arrays.copyOf(bytes, size);
    }

    CsvBytes put(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
        return this;
    }

    CsvBytes put(byte[] text) {
        ensure(text.length);
        System.arraycopy(text, 0, bytes, size, text.length);
        size += text.length;
        return this;
    }

    /** Appends text of characters below 128 (numbers, dates, the header). */
    CsvBytes ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    /** Appends again what is already written in {@code [from, to)}, e.g. the previous row's latitude. */
    CsvBytes copyOf(int from, int to) {
        ensure(to - from);
        System.arraycopy(bytes, from, bytes, size, to - from);
        size += to - from;
        return this;
    }

    /** Appends {@code value} zero-padded to {@code width} digits (value >= 0). */
    CsvBytes digits(long value, int width) {
        ensure(20);
        int end = size + Math.max(width, digitCount(value));
        for (int i = end - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size = end;
        return this;
    }

    private static int digitCount(long value) {
        int count = 1;
        while (value >= 10) {
            value /= 10;
            count++;
        }
        return count;
    }

    /**
     * Appends a double as {@link Double#toString} writes it, when it has at most 15 significant digits (a latitude read
     * from "50.441514" is written "50.441514"): its 15-digit decimal is the only one within half an ulp of it, so the
     * shortest decimal that reads back as the same double is that one without its trailing zeros. Other values (most
     * computed ones) and values outside 10^-3..10^7 (which Double.toString writes with an exponent) are written by
     * Double.toString itself. The check divides two exact doubles, which rounds as parsing the decimal does.
     */
    CsvBytes decimal(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e7) {
            int exponent = 6;
            while (magnitude < DECADES[exponent + 3]) {
                exponent--; // 10^exponent <= magnitude < 10^(exponent + 1)
            }
            int fraction = 14 - exponent;
            long digits = Math.round(magnitude * POWERS_OF_TEN[fraction]);
            if (digits < EXACT_LONGS && digits / POWERS_OF_TEN[fraction] == magnitude) {
                while (fraction > 0 && digits % 10 == 0) {
                    digits /= 10;
                    fraction--;
                }
                if (value < 0) {
                    put('-');
                }
                long unit = (long) POWERS_OF_TEN[fraction];
                digits(digits / unit, 1).put('.');
                return fraction == 0 ? put('0') : digits(digits % unit, fraction);
            }
        }
        scratch.setLength(0);
        scratch.append(value); // Double.toString's digits, without a String
        ensure(scratch.length());
        for (int i = 0; i < scratch.length(); i++) {
            bytes[size++] = (byte) scratch.charAt(i);
        }
        return this;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
