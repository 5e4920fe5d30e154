package org.agilab.ui.args;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.forms.widgets.FormToolkit;

/**
 * An app's own section of args on the Arguments page of the AGILab settings editor: upstream's {@code app_args_form.py},
 * contributed through the {@code org.agilab.ui.argsSections} extension point for one app. The editor creates one
 * instance per editor, calls {@link #createControls} once, then {@link #refresh} whenever the settings change (a typed
 * value, an edit of the Source page, undo, revert). A section writes through {@link ArgsSectionContext#write}, which
 * checks the value against the arg's {@code @Arg} rules and keeps the file's comments, as the generated fields do.
 */
public interface ArgsSection {

    /**
     * Creates the section's controls in {@code parent}, an empty composite of the section (give it a layout).
     *
     * @param toolkit the form's toolkit, for controls that look like the rest of the form
     */
    void createControls(Composite parent, FormToolkit toolkit, ArgsSectionContext context);

    /** Shows the values again (the file changed); a write from here is ignored. */
    void refresh(ArgsSectionContext context);
}
