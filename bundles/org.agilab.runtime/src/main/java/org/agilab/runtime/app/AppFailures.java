package org.agilab.runtime.app;

import org.agilab.api.DataException;
import org.agilab.api.InvalidArgException;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;

/** How failures thrown by app code (managers, workers) are classified for the user. */
public final class AppFailures {

    private AppFailures() {
    }

    /** The app's own data errors keep their file, line and column; anything else names the hook or item. */
    public static AgilabException classify(Throwable cause, String context) {
        if (cause instanceof AgilabException classified) {
            return classified;
        }
        if (cause instanceof InvalidArgException invalid) {
            return AgilabException.of(FailureClass.SETTINGS, "args." + invalid.key() + " = " + invalid.value() + ": " + invalid.rule())
                    .key("args." + invalid.key()).hint("change it in [args] or with --set").build();
        }
        if (cause instanceof DataException data) {
            AgilabException.Builder builder = AgilabException.of(FailureClass.DATA,
                    (data.column() == null ? "" : "column " + data.column() + ": ") + data.getMessage())
                    .hint("fix the input data; the run wrote nothing for this work");
            if (data.file() != null) {
                builder.at(data.file(), (int) Math.min(Integer.MAX_VALUE, data.line()));
            }
            return builder.key(data.column()).cause(data).build();
        }
        return AgilabException.of(FailureClass.DATA, context + ": " + cause).cause(cause)
                .hint("the run log has the stack trace").build();
    }
}
