package org.agilab.runtime.protocol;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

/** A command's events as a test read them from its protocol stream, and the final event typed. */
public interface EventOutcome {

    List<Event> events();

    default Event last() {
        return events().get(events().size() - 1);
    }

    /** The final event, which must be a failure. */
    default Event.Failure failure() {
        return assertInstanceOf(Event.Failure.class, last(), "the command failed");
    }

    /** The final event, which must be a result. */
    default Event.Result result() {
        return assertInstanceOf(Event.Result.class, last(), "the command succeeded");
    }
}
