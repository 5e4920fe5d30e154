package org.agilab.runtime.env;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The folders of one AGILab home, upstream's layout: {@code .agilab/.env}, {@code .agilab/apps/},
 * {@code .agilab/benchmark.json}, {@code wenv/}, {@code log/execute/}, {@code localshare/<user>/},
 * {@code clustershare/<user>/}. The home is {@code --home} &gt; {@code AGILAB_HOME} &gt; {@code $HOME} &gt; Java's
 * {@code user.home}; roots
 * named in .env may be moved (environment &gt; .env &gt; default), relative values being relative to the home.
 * Resolving reads only .env: nothing is created here.
 */
public final class AgilabHome {

    public static final String HOME_VARIABLE = "AGILAB_HOME";

    private final Provenanced<Path> home;
    private final DotEnv dotEnv;
    private final Map<String, String> environment;
    private final Provenanced<String> shareUser;
    private final Provenanced<Path> logRoot;
    private final Provenanced<Path> localShare;
    private final Provenanced<Path> clusterShare;

    private AgilabHome(Provenanced<Path> home, Map<String, String> environment) {
        this.home = home;
        this.environment = environment;
        this.dotEnv = DotEnv.load(home.value().resolve(".agilab").resolve(".env"));
        this.shareUser = resolveShareUser();
        this.logRoot = resolvePath("AGI_LOG_DIR", "log");
        this.localShare = resolvePath("AGI_LOCAL_SHARE", "localshare/" + shareUser.value());
        this.clusterShare = resolvePath("AGI_CLUSTER_SHARE", "clustershare/" + shareUser.value());
    }

    /**
     * @param homeOption the {@code --home} value, or null
     * @param environment the manager's environment (System.getenv() in production, a map in tests)
     */
    public static AgilabHome resolve(Path homeOption, Map<String, String> environment) {
        Provenanced<Path> home;
        if (homeOption != null) {
            home = new Provenanced<>(homeOption.toAbsolutePath().normalize(), Provenance.commandLine("--home"));
        } else if (environment.get(HOME_VARIABLE) != null && !environment.get(HOME_VARIABLE).isBlank()) {
            home = new Provenanced<>(Path.of(environment.get(HOME_VARIABLE)).toAbsolutePath().normalize(),
                    Provenance.environment(HOME_VARIABLE));
        } else if (environment.get("HOME") != null && !environment.get("HOME").isBlank()) {
            // as shells and upstream do: $HOME, which Java's user.home (read from the password database) ignores
            home = new Provenanced<>(Path.of(environment.get("HOME")).toAbsolutePath().normalize(), Provenance.environment("HOME"));
        } else {
            home = new Provenanced<>(Path.of(System.getProperty("user.home")).toAbsolutePath().normalize(),
                    Provenance.systemProperty("user.home"));
        }
        return new AgilabHome(home, Map.copyOf(environment));
    }

    /**
     * A setting of the home: environment variable &gt; .env &gt; default, with its provenance.
     */
    public Provenanced<String> setting(String key, String defaultValue) {
        String fromEnvironment = environment.get(key);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new Provenanced<>(fromEnvironment, Provenance.environment(key));
        }
        DotEnv.Entry entry = dotEnv.entry(key);
        if (entry != null && !entry.value().isBlank()) {
            return new Provenanced<>(entry.value(), Provenance.file(Provenance.Kind.DOTENV, dotEnv.file(), entry.line()));
        }
        return new Provenanced<>(defaultValue, Provenance.builtIn());
    }

    private Provenanced<Path> resolvePath(String key, String defaultRelative) {
        Provenanced<String> raw = setting(key, defaultRelative);
        String value = raw.value();
        if (value.startsWith("~/")) {
            value = value.substring(2);
        }
        return new Provenanced<>(home.value().resolve(value).normalize(), raw.provenance());
    }

    private Provenanced<String> resolveShareUser() {
        Provenanced<String> configured = setting("AGILAB_SHARE_USER", null);
        if (configured.value() != null) {
            return new Provenanced<>(sanitizeUser(configured.value()), configured.provenance());
        }
        String user = environment.getOrDefault("USER", environment.getOrDefault("USERNAME", System.getProperty("user.name")));
        return new Provenanced<>(sanitizeUser(user), Provenance.environment("USER"));
    }

    /** Upstream keeps the user segment to safe path characters. */
    static String sanitizeUser(String user) {
        String cleaned = (user == null ? "" : user).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
        return cleaned.isEmpty() ? "user" : cleaned;
    }

    public Path path() {
        return home.value();
    }

    public Provenanced<Path> home() {
        return home;
    }

    public DotEnv dotEnv() {
        return dotEnv;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Path resources() {
        return path().resolve(".agilab");
    }

    public Path dotEnvFile() {
        return dotEnv.file();
    }

    public Path benchmarkFile() {
        return resources().resolve("benchmark.json");
    }

    /** Parsed settings files, by content hash (see ParsedSettings): safe to delete at any time. */
    public Path settingsCache() {
        return resources().resolve("cache").resolve("settings");
    }

    public Path wenv() {
        return path().resolve("wenv");
    }

    public Provenanced<Path> logRoot() {
        return logRoot;
    }

    public Provenanced<Path> localShare() {
        return localShare;
    }

    public Provenanced<Path> clusterShare() {
        return clusterShare;
    }

    public Provenanced<String> shareUser() {
        return shareUser;
    }

    /** {@code ~/log/execute/<target>/}: run records. */
    public Path executeLogs(String target) {
        return logRoot.value().resolve("execute").resolve(target);
    }

    /** Upstream's export root: AGILAB_EXPORT_ABS, else AGI_EXPORT_DIR (default {@code export}) under the home. */
    public Path exportRoot() {
        String absolute = setting("AGILAB_EXPORT_ABS", null).value();
        if (absolute != null && !absolute.isBlank()) {
            return Path.of(absolute);
        }
        String dir = setting("AGI_EXPORT_DIR", "export").value();
        Path path = Path.of(dir.startsWith("~/") ? System.getProperty("user.home") + dir.substring(1) : dir);
        return path.isAbsolute() ? path : path().resolve(path);
    }

    /** {@code ~/wenv/<target>_worker/}: the staged worker, plan and lifecycle lock. */
    public Path workerEnv(String target) {
        return wenv().resolve(target + "_worker");
    }

    /** {@code ~/.agilab/apps/<app>/app_settings.toml}: per-user overrides only. */
    public Path userSettings(String appName) {
        return resources().resolve("apps").resolve(appName).resolve("app_settings.toml");
    }

    /**
     * What a purge of the app removes from this home: its user overrides' folder and its worker environment, those
     * that exist (outputs and run records are the user's results and stay).
     */
    public java.util.List<Path> purgeable(AppProject app) {
        return java.util.stream.Stream.of(userSettings(app.name()).getParent(), workerEnv(app.target())).filter(Files::isDirectory).toList();
    }

    /**
     * The folder of app projects: APPS_PATH (environment &gt; .env), else the {@code agilab.apps} system property the
     * launcher sets to the repository's {@code apps/}, else {@code ./apps}.
     */
    public Provenanced<Path> appsFolder() {
        Provenanced<String> configured = setting("APPS_PATH", null);
        if (configured.value() != null) {
            return new Provenanced<>(path().resolve(configured.value()).normalize(), configured.provenance());
        }
        String property = System.getProperty("agilab.apps");
        if (property != null && !property.isBlank()) {
            return new Provenanced<>(Path.of(property).toAbsolutePath().normalize(), Provenance.systemProperty("agilab.apps"));
        }
        return new Provenanced<>(Path.of("apps").toAbsolutePath().normalize(), Provenance.builtIn());
    }

    /** The app used when --app is not given: APP_DEFAULT, else upstream's default flight_telemetry_project. */
    public Provenanced<String> defaultApp() {
        return setting("APP_DEFAULT", "flight_telemetry_project");
    }

    /** The named roots with their provenance, as doctor shows them. */
    public Map<String, Provenanced<Path>> roots() {
        Map<String, Provenanced<Path>> roots = new LinkedHashMap<>();
        roots.put("home", home);
        roots.put("resources", new Provenanced<>(resources(), Provenance.builtIn()));
        roots.put("wenv", new Provenanced<>(wenv(), Provenance.builtIn()));
        roots.put("log", logRoot);
        roots.put("localshare", localShare);
        roots.put("clustershare", clusterShare);
        return roots;
    }
}
