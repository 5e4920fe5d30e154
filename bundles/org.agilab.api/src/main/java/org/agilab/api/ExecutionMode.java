package org.agilab.api;

import java.util.Locale;

/**
 * The execution mode bitmask, with upstream AGILab's bits and letters: pool (1, {@code p}), compiled (2, {@code c}),
 * cluster (4, {@code d}) and GPU (8, {@code r}). Mode 0 runs the worker in the manager process.
 */
public final class ExecutionMode {

    public static final int POOL = 1;
    public static final int COMPILED = 2;
    public static final int CLUSTER = 4;
    public static final int GPU = 8;
    public static final int MAX = POOL | COMPILED | CLUSTER | GPU;

    /** Letters in label order, highest bit first, as upstream's {@code mode2str}. */
    private static final String LABEL_LETTERS = "rdcp";

    private final int bits;

    private ExecutionMode(int bits) {
        this.bits = bits;
    }

    public static ExecutionMode of(int bits) {
        if (bits < 0 || bits > MAX) {
            throw new IllegalArgumentException("mode " + bits + " is outside 0.." + MAX
                    + " (bits: 1 pool, 2 compiled, 4 cluster, 8 gpu)");
        }
        return new ExecutionMode(bits);
    }

    /**
     * Parses a mode given as a number ({@code 5}) or as letters from {@code pcdr} in any order ({@code "dp"}); the
     * four-character label form with underscores ({@code "_d_p"}) is accepted too.
     *
     * @throws IllegalArgumentException naming the offending character and the allowed letters
     */
    public static ExecutionMode parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("mode is empty: give a number 0.." + MAX + " or letters from 'pcdr'");
        }
        String trimmed = text.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return of(Integer.parseInt(trimmed));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mode '" + trimmed + "' is too large: give 0.." + MAX, e);
            }
        }
        int bits = 0;
        for (char c : trimmed.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case 'p' -> bits |= POOL;
                case 'c' -> bits |= COMPILED;
                case 'd' -> bits |= CLUSTER;
                case 'r' -> bits |= GPU;
                case '_' -> { }
                default -> throw new IllegalArgumentException("mode '" + trimmed + "' has '" + c
                        + "', which is not a mode letter: use p (pool), c (compiled), d (cluster), r (gpu), or 0.." + MAX);
            }
        }
        return new ExecutionMode(bits);
    }

    public int bits() {
        return bits;
    }

    public boolean has(int bit) {
        return (bits & bit) != 0;
    }

    /** Upstream's four-character label, highest bit first, '_' for unset bits: 5 gives {@code "_d_p"}. */
    public String label() {
        StringBuilder label = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            int bit = 1 << (3 - i);
            label.append((bits & bit) != 0 ? LABEL_LETTERS.charAt(i) : '_');
        }
        return label.toString();
    }

    /** The set letters only, in {@code pcdr} order: 5 gives {@code "pd"}; 0 gives {@code ""}. */
    public String letters() {
        StringBuilder letters = new StringBuilder(4);
        if (has(POOL)) letters.append('p');
        if (has(COMPILED)) letters.append('c');
        if (has(CLUSTER)) letters.append('d');
        if (has(GPU)) letters.append('r');
        return letters.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExecutionMode mode && mode.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    @Override
    public String toString() {
        return bits + " (" + label() + ")";
    }
}
