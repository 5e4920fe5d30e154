package org.agilab.ui.internal.intro;

import java.util.Map;

import org.agilab.ui.internal.Messages;
import org.agilab.ui.internal.wizard.ImportAppsWizard;
import org.agilab.ui.internal.wizard.NewAppWizard;
import org.eclipse.core.commands.Command;
import org.eclipse.core.commands.ParameterizedCommand;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.IWizard;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IMemento;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.IWorkbenchWizard;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.forms.events.HyperlinkAdapter;
import org.eclipse.ui.forms.events.HyperlinkEvent;
import org.eclipse.ui.forms.widgets.FormText;
import org.eclipse.ui.forms.widgets.FormToolkit;
import org.eclipse.ui.forms.widgets.ImageHyperlink;
import org.eclipse.ui.forms.widgets.ScrolledForm;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.intro.IIntroSite;
import org.eclipse.ui.part.IntroPart;

/**
 * The AGILab IDE's welcome page, shown by the workbench on the first start of the product (the intro it binds): the
 * first steps, each one click away, the cheat sheet first since it walks the rest. Every link closes the page and
 * leaves the user in the AGILab perspective doing the step.
 */
public final class WelcomePart extends IntroPart {

    public static final String ID = "org.agilab.ui.intro";
    /** The cheat sheet of the help bundle: import, run, look at the results. */
    public static final String CHEAT_SHEET = "org.agilab.help.firstDistributedApp";
    static final String OPEN_CHEAT_SHEET = "org.eclipse.ui.cheatsheets.openCheatSheet";
    /** Open Analysis of the newest run: its outputs in the data editor and its app's views (the flight app's map). */
    public static final String OPEN_ANALYSIS = "org.agilab.ui.openAnalysis";

    /** What a link does: its id is the link's data, so a test can follow the same path a click does. */
    public enum Step {
        CHEAT_SHEET, IMPORT, NEW_APP, ANALYSIS, GUIDE, WORKBENCH
    }

    private FormToolkit toolkit;
    private ScrolledForm form;
    private Image logo;

    @Override
    public void init(IIntroSite site, IMemento memento) throws PartInitException {
        super.init(site, memento);
        setTitle(Messages.Welcome_title);
    }

    @Override
    public void createPartControl(Composite parent) {
        toolkit = new FormToolkit(parent.getDisplay());
        form = toolkit.createScrolledForm(parent);
        logo = ImageDescriptor.createFromURL(getClass().getResource("/icons/product/agilab64.png")).createImage();
        form.setImage(logo);
        form.setText(Messages.Welcome_heading);
        toolkit.decorateFormHeading(form.getForm());
        Composite body = form.getBody();
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 24;
        layout.marginHeight = 16;
        layout.verticalSpacing = 14;
        body.setLayout(layout);
        FormText intro = toolkit.createFormText(body, true);
        intro.setText(Messages.Welcome_intro, true, false);
        intro.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        link(body, Step.CHEAT_SHEET, Messages.Welcome_cheatSheet, Messages.Welcome_cheatSheetHint);
        link(body, Step.IMPORT, Messages.Welcome_import, Messages.Welcome_importHint);
        link(body, Step.NEW_APP, Messages.Welcome_newApp, Messages.Welcome_newAppHint);
        link(body, Step.ANALYSIS, Messages.Welcome_analysis, Messages.Welcome_analysisHint);
        link(body, Step.GUIDE, Messages.Welcome_guide, Messages.Welcome_guideHint);
        link(body, Step.WORKBENCH, Messages.Welcome_workbench, Messages.Welcome_workbenchHint);
        PlatformUI.getWorkbench().getHelpSystem().setHelp(body, "org.agilab.ui.welcome");
    }

    private void link(Composite body, Step step, String text, String hint) {
        ImageHyperlink link = toolkit.createImageHyperlink(body, SWT.WRAP);
        link.setText(text);
        link.setToolTipText(hint);
        link.setData(step);
        link.setFont(org.eclipse.jface.resource.JFaceResources.getHeaderFont());
        link.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        link.addHyperlinkListener(new HyperlinkAdapter() {
            @Override
            public void linkActivated(HyperlinkEvent event) {
                follow(step);
            }
        });
        GridData under = new GridData(SWT.FILL, SWT.TOP, true, false);
        under.horizontalIndent = 16;
        toolkit.createLabel(body, hint, SWT.WRAP).setLayoutData(under);
    }

    /** Closes the welcome page and does {@code step} in the workbench window. */
    public void follow(Step step) {
        IWorkbenchWindow window = getIntroSite().getWorkbenchWindow();
        PlatformUI.getWorkbench().getIntroManager().closeIntro(this);
        switch (step) {
            case CHEAT_SHEET -> execute(window, OPEN_CHEAT_SHEET, Map.of("cheatSheetId", CHEAT_SHEET));
            case IMPORT -> openWizard(window, new ImportAppsWizard());
            case NEW_APP -> openWizard(window, new NewAppWizard());
            case ANALYSIS -> execute(window, OPEN_ANALYSIS, Map.of());
            case GUIDE -> PlatformUI.getWorkbench().getHelpSystem().displayHelpResource("/org.agilab.help/html/index.html");
            case WORKBENCH -> {
                // closing the page is the step
            }
        }
    }

    private static void execute(IWorkbenchWindow window, String commandId, Map<String, String> parameters) {
        Command command = window.getService(ICommandService.class).getCommand(commandId);
        try {
            window.getService(IHandlerService.class).executeCommand(ParameterizedCommand.generateCommand(command, parameters), null);
        } catch (Exception e) {
            org.eclipse.core.runtime.ILog.of(WelcomePart.class).error(commandId, e);
        }
    }

    private static void openWizard(IWorkbenchWindow window, IWizard wizard) {
        if (wizard instanceof IWorkbenchWizard workbenchWizard) {
            workbenchWizard.init(PlatformUI.getWorkbench(), StructuredSelection.EMPTY);
        }
        WizardDialog dialog = new WizardDialog(window.getShell(), wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
    }

    @Override
    public void standbyStateChanged(boolean standby) {
        // one page, the same in both states
    }

    @Override
    public void setFocus() {
        form.setFocus();
    }

    @Override
    public void dispose() {
        if (toolkit != null) {
            toolkit.dispose();
        }
        if (logo != null) {
            logo.dispose();
        }
        super.dispose();
    }
}
