package org.agilab.runtime.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.agilab.runtime.env.Provenance;
import org.agilab.runtime.settings.SettingsProblem.Severity;

/**
 * {@code [pages] view_module} (and {@code default_view}): the names of the ANALYSIS views an app's outputs open in, as
 * upstream writes them ({@code view_maps}, {@code view_maps_network}, ...). Which names have a view is not the runtime's
 * to know (in the IDE, plugins contribute views for names): {@link #check} is given the known names and reports the
 * others at their line, listing the known ones. What the runtime does know is upstream's catalogue, so a name upstream
 * has and this IDE lacks is told apart from a typo.
 */
public final class AnalysisViewNames {

    public static final String VIEW_MODULE = "pages.view_module";
    public static final String DEFAULT_VIEW = "pages.default_view";

    /** Upstream's page bundles ({@code src/agilab/apps-pages}): the names its apps' settings list. */
    public static final Set<String> UPSTREAM = Set.of("app_ui", "autoencoder_latentspace", "view_barycentric", "view_data_io_decision",
            "view_forecast_analysis", "view_live_artifacts", "view_maps", "view_maps_3d", "view_maps_network", "view_queue_resilience",
            "view_relay_resilience", "view_release_decision", "view_routing_model_comparison", "view_scenario_cockpit",
            "view_shap_explanation", "view_training_analysis");

    /** One name as the settings give it, with where (file and line of the name itself when the file is readable). */
    public record Named(String name, String key, Provenance where) {
    }

    private AnalysisViewNames() {
    }

    /**
     * The views the app asks for, in order and without repeats: {@code view_module}'s names, else {@code default_view};
     * empty when neither is set (the caller's default views then).
     */
    public static List<String> requested(AppSettings settings) {
        Set<String> names = new LinkedHashSet<>();
        for (Named named : named(settings)) {
            if (named.key().equals(VIEW_MODULE) || names.isEmpty()) {
                names.add(named.name());
            }
        }
        return List.copyOf(names);
    }

    /** Every view name the settings give, {@code view_module}'s then {@code default_view}'s, each at its own line. */
    public static List<Named> named(AppSettings settings) {
        List<Named> named = new ArrayList<>();
        AppSettings.Setting modules = settings.setting(VIEW_MODULE);
        if (modules != null && modules.value() instanceof List<?> list) {
            List<String> lines = lines(modules.provenance());
            int from = modules.provenance().line();
            for (Object item : list) {
                if (item instanceof String name && !name.isBlank()) {
                    int line = lineOf(lines, name, from);
                    from = Math.max(from, line);
                    named.add(new Named(name.strip(), VIEW_MODULE, at(modules.provenance(), line)));
                }
            }
        }
        AppSettings.Setting defaultView = settings.setting(DEFAULT_VIEW);
        if (defaultView != null && defaultView.value() instanceof String name && !name.isBlank()) {
            named.add(new Named(name.strip(), DEFAULT_VIEW, defaultView.provenance()));
        }
        return named;
    }

    /**
     * A warning for each name not in {@code known}, at its line: a typo is told its closest known name, an upstream view
     * with no equivalent here says so; both list the known names. Warnings, as upstream accepts any name: the outputs
     * still open, in the default views.
     */
    public static List<SettingsProblem> check(AppSettings settings, Collection<String> known) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(known));
        String listed = sorted.isEmpty() ? "none" : String.join(", ", sorted);
        List<SettingsProblem> problems = new ArrayList<>();
        for (Named named : named(settings)) {
            if (known.contains(named.name())) {
                continue;
            }
            String message;
            String hint;
            if (UPSTREAM.contains(named.name())) {
                message = "'" + named.name() + "' is an upstream AGILab view with no equivalent in this IDE: the outputs open in the"
                        + " data editor and the Chart view";
                hint = "views known here: " + listed;
            } else {
                String closest = SettingsValidator.closest(named.name(), sorted);
                message = "'" + named.name() + "' is not a known analysis view";
                hint = (closest != null ? "did you mean '" + closest + "'? " : "") + "views known here: " + listed
                        + " (a plugin adds others through org.agilab.ui.analysisViews)";
            }
            problems.add(new SettingsProblem(Severity.WARNING, named.where(), 0, named.key(), message, hint));
        }
        return problems;
    }

    private static Provenance at(Provenance key, int line) {
        return key.file() == null ? key : Provenance.file(key.kind(), key.file(), line);
    }

    private static List<String> lines(Provenance where) {
        if (where.file() == null) {
            return List.of();
        }
        try {
            return Files.readAllLines(where.file());
        } catch (IOException | RuntimeException e) {
            return List.of(); // the key's line then: the file was read a moment ago, a vanished one changes nothing else
        }
    }

    /** The 1-based line, from {@code from} on, holding the quoted name; {@code from} when none does. */
    private static int lineOf(List<String> lines, String name, int from) {
        for (int line = Math.max(1, from); line <= lines.size(); line++) {
            String text = lines.get(line - 1);
            if (text.contains("\"" + name + "\"") || text.contains("'" + name + "'")) {
                return line;
            }
        }
        return from;
    }

}
