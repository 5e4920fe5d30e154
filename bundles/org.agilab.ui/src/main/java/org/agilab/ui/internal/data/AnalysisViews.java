package org.agilab.ui.internal.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.agilab.core.internal.project.AnalysisViewContributions;
import org.agilab.core.internal.project.AnalysisViewContributions.Contribution;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.record.RunHistory;
import org.agilab.runtime.settings.AnalysisViewNames;
import org.agilab.runtime.settings.AppSettings;
import org.agilab.runtime.settings.RunOverrides;
import org.agilab.runtime.settings.ViewMapsSettings;
import org.agilab.ui.analysis.AnalysisInput;
import org.agilab.ui.analysis.AnalysisView;
import org.eclipse.core.runtime.ILog;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;

/**
 * Upstream's ANALYSIS page in the IDE: a run's outputs open in the data editor, then the views its app's
 * {@code [pages] view_module} asks for are shown on them, each name mapped to a view through
 * {@code org.agilab.ui.analysisViews}. An app that asks for none (or only for names no installed view stands for) gets
 * the Chart view beside the data editor.
 */
public final class AnalysisViews {

    /** The views of an app whose settings name none. */
    public static final List<String> DEFAULT_VIEWS = List.of(ChartView.ID);

    private AnalysisViews() {
    }

    /** The names the run's app asks for, from its settings (project file and the home's user file); empty when none. */
    public static List<String> requested(RunHistory.Entry entry) {
        return settings(entry).map(AnalysisViewNames::requested).orElse(List.of());
    }

    /** The run's app settings (project file and the home's user file), or empty when its folder has none or they do not load. */
    private static Optional<AppSettings> settings(RunHistory.Entry entry) {
        Path appFolder = RunHistory.appFolder(entry);
        if (appFolder == null || !Files.isRegularFile(appFolder.resolve(AppProject.SETTINGS_FILE))) {
            return Optional.empty();
        }
        try {
            return Optional.of(AppSettings.load(AppProject.at(appFolder), AgilabHome.resolve(RunHistory.home(entry), System.getenv()),
                    RunOverrides.none()));
        } catch (RuntimeException e) {
            // settings that do not load are the Problems view's to report; the outputs still open in the default views
            ILog.of(AnalysisViews.class).warn("Open Analysis: the settings of " + appFolder + " do not load: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The ids of the views for these names, in the names' order: the contributed views that are installed, else
     * {@link #DEFAULT_VIEWS}.
     */
    public static List<String> viewIds(List<String> requested) {
        List<String> ids = new ArrayList<>();
        for (Contribution contribution : AnalysisViewContributions.forNames(requested)) {
            if (PlatformUI.getWorkbench().getViewRegistry().find(contribution.viewId()) == null) {
                ILog.of(AnalysisViews.class).warn(contribution.contributor() + " maps " + contribution.viewModules() + " to the view "
                        + contribution.viewId() + ", which no installed plugin provides");
            } else if (!ids.contains(contribution.viewId())) {
                ids.add(contribution.viewId());
            }
        }
        return ids.isEmpty() ? DEFAULT_VIEWS : ids;
    }

    /**
     * Shows the run's analysis views on its outputs, already open in {@code editor}: each view is made visible, told
     * the input when it is an {@link AnalysisView}, and the first one is brought forward.
     *
     * @return the views shown, in order
     */
    public static List<IViewPart> show(IWorkbenchPage page, RunHistory.Entry entry, DataEditor editor) throws PartInitException {
        AnalysisInput input = new AnalysisInput(entry.target(), RunHistory.appFolder(entry), entry.folder(),
                RunHistory.outputsFolder(entry).orElse(null), ((DatasetEditorInput) editor.getEditorInput()).spec());
        Optional<AppSettings> settings = settings(entry);
        List<IViewPart> views = new ArrayList<>();
        for (String id : viewIds(settings.map(AnalysisViewNames::requested).orElse(List.of()))) {
            IViewPart view = page.showView(id, null, IWorkbenchPage.VIEW_VISIBLE);
            if (view instanceof ChartView chart) {
                chart.follow(editor);
            }
            if (view instanceof MapView map) {
                map.follow(editor);
                map.prefer(settings.map(ViewMapsSettings::of).orElse(ViewMapsSettings.NONE));
            }
            if (view instanceof AnalysisView analysis) {
                analysis.analyze(input);
            }
            views.add(view);
        }
        if (!views.isEmpty()) {
            page.bringToTop(views.get(0));
        }
        return views;
    }
}
