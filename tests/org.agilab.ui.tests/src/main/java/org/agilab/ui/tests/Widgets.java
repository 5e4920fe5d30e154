package org.agilab.ui.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;

/**
 * What SWTBot would give, small: find a control by the label before it or by its own text, and wait for a condition
 * while pumping the UI thread's events (tests run on the UI thread; blocking it on a Job would deadlock).
 */
final class Widgets {

    private Widgets() {
    }

    /** Pumps events until {@code condition} holds; fails after {@code timeoutMillis}. */
    static void waitUntil(BooleanSupplier condition, long timeoutMillis, String what) {
        Display display = Display.getCurrent();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            if (!display.readAndDispatch()) {
                display.timerExec(10, () -> { }); // wakes sleep() at least every 10 ms
                display.sleep();
            }
        }
    }

    /**
     * The UI thread's longest gap between two 5 ms ticks from {@link #start} to {@link #stop}, and where it was: a
     * watchdog thread samples the UI thread's stack every 5 ms while it is stalled past 50 ms, and {@link #stop} prints
     * the places it was found most often (what a stall is made of, for docs and fixes; not asserted) and each stall past
     * 50 ms.
     */
    static final class StallMeter {
        private volatile long lastTick = System.nanoTime();
        private long longest;
        private volatile boolean ticking;
        private final Thread ui = Thread.currentThread();
        private final java.util.Map<String, Integer> stalledIn = new java.util.concurrent.ConcurrentHashMap<>();
        /** The test's own work on the UI thread (reading pixels back) runs outside the measure. */
        private volatile boolean outside;
        private static StallMeter running;
        /**
         * Each stall past 50 ms, as the line tests/bench/ui-stalls reads beside its machine-pause probe: when it ended
         * (epoch milliseconds) and how long it was.
         */
        private final java.util.List<String> longStalls = new java.util.concurrent.CopyOnWriteArrayList<>();

        static StallMeter start() {
            StallMeter meter = new StallMeter();
            running = meter;
            meter.ticking = true;
            Display.getCurrent().timerExec(5, meter::tick);
            Thread watchdog = new Thread(meter::watch, "ui-stall-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            return meter;
        }

        private void tick() {
            long now = System.nanoTime();
            // a tick the test's own work let run (its pixel reads may pump events) is not the code under test's
            if (!outside) {
                if (now - lastTick > 50_000_000L) {
                    longStalls.add("ui-stall end_epoch_ms=" + System.currentTimeMillis() + " length_ms=" + (now - lastTick) / 1_000_000);
                }
                longest = Math.max(longest, now - lastTick);
            }
            lastTick = now;
            if (ticking) {
                Display.getCurrent().timerExec(5, this::tick);
            }
        }

        private void watch() {
            while (ticking) {
                if (!outside && System.nanoTime() - lastTick > 50_000_000L) {
                    String where = java.util.Arrays.stream(ui.getStackTrace()).limit(120).map(StackTraceElement::toString)
                            .filter(frame -> frame.startsWith("org.eclipse.") || frame.startsWith("org.agilab"))
                            .limit(5).collect(java.util.stream.Collectors.joining(" <- "));
                    stalledIn.merge(where, 1, Integer::sum);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /**
         * Runs the test's own {@code work} on the UI thread (reading the screen back, say) without counting it as a stall
         * of the code under test: the time it took is left out of the running meter, if one runs.
         */
        static <T> T outside(java.util.function.Supplier<T> work) {
            StallMeter meter = running;
            if (meter == null || !meter.ticking) {
                return work.get();
            }
            meter.outside = true;
            try {
                return work.get();
            } finally {
                meter.lastTick = System.nanoTime();
                meter.outside = false;
            }
        }

        /** The longest stall until now, in nanoseconds (the meter goes on). */
        long longestSoFar() {
            return longest;
        }

        /** Stops ticking and prints where the UI thread was stalled past 50 ms; the longest stall in nanoseconds. */
        long stop() {
            ticking = false;
            running = null;
            stalledIn.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(5)
                    .forEach(entry -> System.out.println("  stalled " + entry.getValue() * 5 + " ms in: " + entry.getKey()));
            longStalls.forEach(System.out::println);
            return longest;
        }
    }

    /** Pumps what is pending now. */
    static void flush() {
        Display display = Display.getCurrent();
        while (display.readAndDispatch()) {
            // drain
        }
    }

    /** The control that follows the label whose text is {@code label} (mnemonics ignored) in the same parent. */
    static <T extends Control> T afterLabel(Composite root, String label, Class<T> type) {
        for (Control control : all(root)) {
            if (control instanceof Label text && strip(text.getText()).equals(strip(label))) {
                Control[] siblings = text.getParent().getChildren();
                for (int i = List.of(siblings).indexOf(text) + 1; i < siblings.length; i++) {
                    if (type.isInstance(siblings[i])) {
                        return type.cast(siblings[i]);
                    }
                }
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " after the label '" + label + "'");
    }

    /** The button whose text is {@code text} (mnemonics ignored). */
    static Button button(Composite root, String text) {
        for (Control control : all(root)) {
            if (control instanceof Button button && strip(button.getText()).equals(strip(text))) {
                return button;
            }
        }
        throw new AssertionError("no button '" + text + "'");
    }

    static List<Control> all(Composite root) {
        List<Control> found = new ArrayList<>();
        for (Control child : root.getChildren()) {
            found.add(child);
            if (child instanceof Composite composite) {
                found.addAll(all(composite));
            }
        }
        return found;
    }

    static String strip(String text) {
        return text.replace("&", "").strip();
    }
}
