package org.agilab.ui.internal.editor;

import java.util.ArrayList;
import java.util.List;

import org.agilab.runtime.env.AppProject;
import org.agilab.ui.args.ArgsSection;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;

/** The {@code org.agilab.ui.argsSections} contributions for one app, read from the extension registry. */
record ArgsSections(List<Contribution> contributions) {

    static final String POINT = "org.agilab.ui.argsSections";

    /** One {@code <section>}: its title, whether it replaces the generated fields, and how to make it. */
    record Contribution(String title, boolean replacesGenerated, String contributor, IConfigurationElement element) {

        ArgsSection create() throws CoreException {
            Object section = element.createExecutableExtension("class");
            if (!(section instanceof ArgsSection argsSection)) {
                throw new CoreException(org.eclipse.core.runtime.Status.error(
                        element.getAttribute("class") + " of " + contributor + " is not an " + ArgsSection.class.getName()));
            }
            return argsSection;
        }
    }

    /** The sections contributed for the app, by its folder name or its target, in the registry's order. */
    static ArgsSections forApp(AppProject app) {
        List<Contribution> found = new ArrayList<>();
        for (IConfigurationElement element : Platform.getExtensionRegistry().getConfigurationElementsFor(POINT)) {
            String forApp = element.getAttribute("app");
            if (element.getName().equals("section") && (app.name().equals(forApp) || app.target().equals(forApp))) {
                String title = element.getAttribute("title");
                found.add(new Contribution(title == null ? app.name() : title, Boolean.parseBoolean(element.getAttribute("replacesGenerated")),
                        element.getContributor().getName(), element));
            }
        }
        return new ArgsSections(List.copyOf(found));
    }

    boolean replaceGenerated() {
        return contributions.stream().anyMatch(Contribution::replacesGenerated);
    }
}
