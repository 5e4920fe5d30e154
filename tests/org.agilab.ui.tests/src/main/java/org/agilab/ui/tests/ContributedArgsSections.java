package org.agilab.ui.tests;

import org.agilab.ui.args.ArgsSection;
import org.agilab.ui.args.ArgsSectionContext;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.forms.widgets.FormToolkit;

/** Sections this test bundle contributes to the settings editor through {@code org.agilab.ui.argsSections} (plugin.xml). */
public final class ContributedArgsSections {

    /** The data key a contributed control carries, for tests to find it in the form. */
    public static final String KEY = "agilab.test.contributed";

    private ContributedArgsSections() {
    }

    /** A text for {@code nfile} that writes what is typed as a number, checked by the arg's rules. */
    public static final class FileCount implements ArgsSection {

        private Text count;

        @Override
        public void createControls(Composite parent, FormToolkit toolkit, ArgsSectionContext context) {
            parent.setLayout(new GridLayout(2, false));
            toolkit.createLabel(parent, "Files to read (0: all):");
            count = toolkit.createText(parent, "", SWT.BORDER);
            count.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            count.setData(KEY, context.app() + ":nfile");
            count.addListener(SWT.Modify, event -> {
                try {
                    context.write("nfile", Integer.parseInt(count.getText().strip()), count);
                } catch (NumberFormatException e) {
                    // a number being typed; nothing to write yet
                }
            });
        }

        @Override
        public void refresh(ArgsSectionContext context) {
            String shown = String.valueOf(context.value("nfile"));
            if (!count.getText().equals(shown)) {
                count.setText(shown);
            }
        }
    }

    /** A contributor's bug: its section fails, the editor goes on. */
    public static final class Broken implements ArgsSection {

        @Override
        public void createControls(Composite parent, FormToolkit toolkit, ArgsSectionContext context) {
            throw new IllegalStateException("a planted failure");
        }

        @Override
        public void refresh(ArgsSectionContext context) {
        }
    }
}
