package org.agilab.core.internal.project;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.Platform;

/**
 * The analysis views plugins contribute through {@code org.agilab.ui.analysisViews} (declared by the UI bundle, schema
 * {@code schema/analysisViews.exsd}): which view stands for which of upstream's {@code [pages] view_module} names. Read
 * here, with no UI type, so the settings markers list the contributed names and the UI opens the contributed views from
 * one reading of the registry.
 */
public final class AnalysisViewContributions {

    public static final String EXTENSION_POINT = "org.agilab.ui.analysisViews";

    /** One {@code analysisView} element: a view (by id), its label, and the {@code view_module} names it stands for. */
    public record Contribution(String viewId, String label, List<String> viewModules, String contributor) {
    }

    private AnalysisViewContributions() {
    }

    /** Every contribution, in the registry's order; one with no view id or no name is left out (and logged). */
    public static List<Contribution> all() {
        IExtensionRegistry registry = Platform.getExtensionRegistry();
        List<Contribution> contributions = new ArrayList<>();
        if (registry == null) {
            return contributions;
        }
        for (IConfigurationElement element : registry.getConfigurationElementsFor(EXTENSION_POINT)) {
            if (!"analysisView".equals(element.getName())) {
                continue;
            }
            String viewId = element.getAttribute("viewId");
            String label = element.getAttribute("label");
            List<String> names = new ArrayList<>();
            for (IConfigurationElement module : element.getChildren("viewModule")) {
                String name = module.getAttribute("name");
                if (name != null && !name.isBlank()) {
                    names.add(name.strip());
                }
            }
            String contributor = element.getContributor().getName();
            if (viewId == null || viewId.isBlank() || names.isEmpty()) {
                org.eclipse.core.runtime.ILog.of(AnalysisViewContributions.class).warn(contributor + ": an analysisView of "
                        + EXTENSION_POINT + " needs a viewId and at least one viewModule name; it is ignored");
                continue;
            }
            contributions.add(new Contribution(viewId.strip(), label == null || label.isBlank() ? viewId.strip() : label, List.copyOf(names),
                    contributor));
        }
        return contributions;
    }

    /**
     * Whether views can be contributed here: the extension point is declared (the UI bundle is installed). A headless
     * Eclipse has no analysis views, so it does not judge the names.
     */
    public static boolean declared() {
        IExtensionRegistry registry = Platform.getExtensionRegistry();
        return registry != null && registry.getExtensionPoint(EXTENSION_POINT) != null;
    }

    /** The names some contribution stands for: the known names of {@code [pages] view_module}. */
    public static Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Contribution contribution : all()) {
            names.addAll(contribution.viewModules());
        }
        return names;
    }

    /**
     * The contributions for the names asked, in the names' order, each once (two names one view stands for open it once).
     */
    public static List<Contribution> forNames(List<String> requested) {
        List<Contribution> all = all();
        Set<Contribution> chosen = new LinkedHashSet<>();
        for (String name : requested) {
            all.stream().filter(contribution -> contribution.viewModules().contains(name)).findFirst().ifPresent(chosen::add);
        }
        return List.copyOf(chosen);
    }
}
