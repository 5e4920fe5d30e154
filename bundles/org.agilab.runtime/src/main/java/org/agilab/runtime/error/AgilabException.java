package org.agilab.runtime.error;

import java.nio.file.Path;

/**
 * A classified failure: what went wrong, where (file and line, key, or host) and how to fix it. Every error the
 * manager reports to a user is one of these; anything else is wrapped as {@link FailureClass#INTERNAL}.
 */
public class AgilabException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final FailureClass failureClass;
    private final Path file;
    private final int line;
    private final String key;
    private final String host;
    private final String hint;

    private AgilabException(Builder builder) {
        super(builder.message, builder.cause);
        this.failureClass = builder.failureClass;
        this.file = builder.file;
        this.line = builder.line;
        this.key = builder.key;
        this.host = builder.host;
        this.hint = builder.hint;
    }

    public static Builder of(FailureClass failureClass, String message) {
        return new Builder(failureClass, message);
    }

    /** Wraps anything that is not already classified as an internal error, keeping the cause. */
    public static AgilabException classify(Throwable throwable) {
        if (throwable instanceof AgilabException classified) {
            return classified;
        }
        String message = throwable.getClass().getName()
                + (throwable.getMessage() == null ? "" : ": " + throwable.getMessage());
        return of(FailureClass.INTERNAL, message).cause(throwable)
                .hint("this is a bug in AGILab; the run log has the stack trace").build();
    }

    public FailureClass failureClass() {
        return failureClass;
    }

    public Path file() {
        return file;
    }

    /** 1-based line in {@link #file()}, or 0 when unknown. */
    public int line() {
        return line;
    }

    public String key() {
        return key;
    }

    public String host() {
        return host;
    }

    public String hint() {
        return hint;
    }

    /** "file:line", "file", "host h" or "" — where the problem is. */
    public String where() {
        StringBuilder where = new StringBuilder();
        if (file != null) {
            where.append(file);
            if (line > 0) {
                where.append(':').append(line);
            }
        }
        if (host != null) {
            if (where.length() > 0) {
                where.append(' ');
            }
            where.append("host ").append(host);
        }
        return where.toString();
    }

    /** The one line the CLI prints: "settings error: file:line: message (hint: ...)". */
    public String oneLine() {
        StringBuilder line = new StringBuilder(failureClass.id()).append(" error: ");
        String where = where();
        if (!where.isEmpty()) {
            line.append(where).append(": ");
        }
        line.append(getMessage());
        if (hint != null && !hint.isBlank()) {
            line.append(" (hint: ").append(hint).append(')');
        }
        return line.toString().replace('\n', ' ');
    }

    public static final class Builder {
        private final FailureClass failureClass;
        private final String message;
        private Throwable cause;
        private Path file;
        private int line;
        private String key;
        private String host;
        private String hint;

        private Builder(FailureClass failureClass, String message) {
            this.failureClass = failureClass;
            this.message = message;
        }

        public Builder file(Path file) {
            this.file = file;
            return this;
        }

        public Builder line(int line) {
            this.line = line;
            return this;
        }

        public Builder at(Path file, int line) {
            this.file = file;
            this.line = line;
            return this;
        }

        public Builder key(String key) {
            this.key = key;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder hint(String hint) {
            this.hint = hint;
            return this;
        }

        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        public AgilabException build() {
            return new AgilabException(this);
        }
    }
}
