package org.agilab.ui.internal.data;

import org.agilab.ui.internal.view.AppsView;
import org.agilab.ui.internal.view.RunsView;
import org.agilab.ui.internal.view.WorkersView;
import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * The AGILab perspective: the Project Explorer and the Apps view on the left, the editors (app settings, data) in the
 * middle, the Map and Chart views on the right, and Runs, Workers and the Console below: run an app, then look at its outputs.
 */
public final class AgilabPerspective implements IPerspectiveFactory {

    public static final String ID = "org.agilab.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        IFolderLayout left = layout.createFolder("org.agilab.ui.perspective.left", IPageLayout.LEFT, 0.22f, editors);
        left.addView(IPageLayout.ID_PROJECT_EXPLORER);
        IFolderLayout apps = layout.createFolder("org.agilab.ui.perspective.apps", IPageLayout.BOTTOM, 0.6f, "org.agilab.ui.perspective.left");
        apps.addView(AppsView.ID);
        IFolderLayout bottom = layout.createFolder("org.agilab.ui.perspective.bottom", IPageLayout.BOTTOM, 0.68f, editors);
        bottom.addView(RunsView.ID);
        bottom.addView(WorkersView.ID);
        bottom.addView("org.eclipse.ui.console.ConsoleView");
        bottom.addPlaceholder(IPageLayout.ID_PROGRESS_VIEW);
        IFolderLayout right = layout.createFolder("org.agilab.ui.perspective.right", IPageLayout.RIGHT, 0.62f, editors);
        right.addView(MapView.ID);
        right.addView(ChartView.ID);
        for (String view : new String[] {RunsView.ID, AppsView.ID, WorkersView.ID, MapView.ID, ChartView.ID, IPageLayout.ID_PROJECT_EXPLORER,
                "org.eclipse.ui.console.ConsoleView", "org.agilab.ui.distributionView"}) {
            layout.addShowViewShortcut(view);
        }
        layout.addShowViewShortcut(IPageLayout.ID_PROBLEM_VIEW);
        layout.addShowViewShortcut(IPageLayout.ID_PROGRESS_VIEW);
        // File > New: an app first, then what an app's sources need
        layout.addNewWizardShortcut("org.agilab.ui.newApp");
        layout.addNewWizardShortcut("org.agilab.ui.newAnalysisView");
        layout.addNewWizardShortcut("org.eclipse.jdt.ui.wizards.NewClassCreationWizard");
        layout.addNewWizardShortcut("org.eclipse.jdt.ui.wizards.NewPackageCreationWizard");
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.folder");
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.file");
        // Run/Debug toolbar and menu, Run As (Alt+Shift+X A runs the selected app)
        layout.addActionSet(org.eclipse.debug.ui.IDebugUIConstants.LAUNCH_ACTION_SET);
        layout.addActionSet(org.eclipse.debug.ui.IDebugUIConstants.DEBUG_ACTION_SET);
        layout.addPerspectiveShortcut("org.eclipse.jdt.ui.JavaPerspective");
        layout.addPerspectiveShortcut("org.eclipse.debug.ui.DebugPerspective");
    }
}
