package org.agilab.ui.args;

import java.nio.file.Path;

import org.eclipse.swt.widgets.Control;

/** What an {@link ArgsSection} sees of the settings editor: the app, its args' values, and a checked write. */
public interface ArgsSectionContext {

    /** The app's name, its folder's: {@code flight_telemetry_project}. */
    String app();

    /** The app's folder. */
    Path appFolder();

    /**
     * The arg's value as the app gets it: the user's override, else the app's settings, else the args class's default;
     * null when none of them sets it. Integers are {@code Long}, decimals {@code Double}, lists {@code List<String>}.
     */
    Object value(String key);

    /**
     * Writes {@code args.<key> = value} into the file the editor writes to (the app's settings or the user's
     * overrides, as the page's header chooses), the value's comment and everything else kept. The value is checked
     * first against the arg's {@code @Arg} rules (when the args class is built); a refused value is not written and
     * its reason is shown at {@code control}, as for the generated fields.
     *
     * @param control where the form shows why a value is refused, or null
     * @return null when written (or while the section is being refreshed), else why not
     */
    String write(String key, Object value, Control control);
}
