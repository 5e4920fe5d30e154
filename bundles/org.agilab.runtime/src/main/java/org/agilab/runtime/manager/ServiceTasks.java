package org.agilab.runtime.manager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.agilab.api.Distribution;
import org.agilab.api.ExecutionMode;
import org.agilab.api.InvalidArgException;
import org.agilab.api.ValidatedArgs;
import org.agilab.api.Work;
import org.agilab.runtime.app.ArgsBinder;
import org.agilab.runtime.app.LoadedApp;
import org.agilab.runtime.app.SharePaths;
import org.agilab.runtime.cluster.ClusterRunner;
import org.agilab.runtime.cluster.NodeRegistry;
import org.agilab.runtime.cluster.NodeReplacement;
import org.agilab.runtime.cluster.TaskSlots;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.exec.OutputClaims;
import org.agilab.runtime.install.Installer;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.node.ChunkJob;
import org.agilab.runtime.plan.Distributor;
import org.agilab.runtime.process.ProcessIdentity;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Credentials;
import org.agilab.runtime.protocol.Events;
import org.agilab.runtime.request.ManagerRequest;
import org.agilab.runtime.request.ProcessRole;
import org.agilab.runtime.settings.AppSettings;

/**
 * What a service does once for all its tasks (the app's settings with start's options, its installed worker, its
 * manager loaded, its args bound) and once per task, cheaply, in memory: the task's args over those, checked as a
 * run checks them, and the manager's plan for the one slot the task runs on. Nothing is written: no plan file, no run
 * record (a task's file is its record).
 */
final class ServiceTasks implements AutoCloseable {

    /** A task ready for a slot: its args, its works, and where it writes. */
    record Prepared(Map<String, Object> args, List<Work> works, Path dataOut, ExecutionMode mode) {

        /** The task's result, as its file keeps it: what a run's result holds, and the node it ran on. */
        Map<String, Object> result(ChunkJob.Answer answer, String node) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("mode", mode.bits());
            result.put("label", mode.label());
            result.put("node", node);
            result.put("durationMs", answer == null ? 0 : answer.durationMs());
            result.put("works", answer == null ? 0 : answer.works());
            result.put("items", answer == null ? 0 : answer.items());
            result.put("rows", answer == null ? 0 : answer.rows());
            if (answer != null) {
                result.put("poolWidth", answer.poolWidth());
                result.put("family", answer.family());
                result.put("kernel", answer.kernel());
            }
            return result;
        }
    }

    private final String appName;
    private final LoadedApp app;
    private final Installer.Result install;
    private final ClusterRunner.Options options;
    private final ExecutionMode mode;
    private final SharePaths share;
    private final Map<String, Object> baseArgs;
    private final Map<String, ArgsBinder.ArgField> fields = new LinkedHashMap<>();

    private ServiceTasks(String appName, LoadedApp app, Installer.Result install, ClusterRunner.Options options, ExecutionMode mode,
            SharePaths share, Map<String, Object> baseArgs) {
        this.appName = appName;
        this.app = app;
        this.install = install;
        this.options = options;
        this.mode = mode;
        this.share = share;
        this.baseArgs = baseArgs;
        for (ArgsBinder.ArgField field : ArgsBinder.fields(app.argsType())) {
            fields.put(field.key(), field);
        }
    }

    /** Reads the settings as a run with start's options would, installs (or finds installed) the worker, loads the app. */
    static ServiceTasks open(Path home, String appFolder, List<String> runOptions, Map<String, String> environment) {
        List<String> argv = new ArrayList<>(List.of("run", "--app", appFolder, "--home", home.toString()));
        argv.addAll(runOptions);
        ManagerRequest request = ManagerRequest.parse(argv);
        AgilabHome agilabHome = AgilabHome.resolve(request.home(), environment);
        AppProject project = AppProject.locate(request.app(), agilabHome.appsFolder().value());
        AppSettings settings = AppSettings.load(project, agilabHome, request.overrides()).requireValid();
        Redactor redactor = new Redactor();
        Events events = new Events(redactor);
        Cancellation cancellation = new Cancellation();
        OperationContext context = new OperationContext(request, agilabHome, project, settings, events, cancellation, new Credentials(),
                redactor, null, ProcessRole.MANAGER);
        Installer.Result install = Installer.install(project, agilabHome, events, cancellation, false);
        LoadedApp app = LoadedApp.load(project.name(), install);
        try {
            Object args = ArgsBinder.bind(app.argsType(), settings);
            return new ServiceTasks(project.name(), app, install, Operations.clusterOptions(context), settings.mode(), Operations.share(context),
                    ArgsBinder.toMap(args));
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    /** The slots of the app's warm nodes, when it has some that serve this worker. */
    Optional<TaskSlots> joinSlots() {
        return TaskSlots.join(appName, install, mode, options);
    }

    /** Where the task writes on this machine: its own {@code data_out}, else the service's; null when the app has none. */
    Path dataOut(org.agilab.runtime.service.ServiceTask task) {
        Object folder = baseArgs.get("data_out");
        for (Map.Entry<String, Object> entry : task.args().entrySet()) {
            if (entry.getKey().equals("data_out") || entry.getKey().equals("args.data_out")) {
                folder = entry.getValue();
            }
        }
        return folder instanceof String path ? share.resolve(path) : null;
    }

    /** The warm node {@code name} as the nodes' registry has it now, if the app has warm nodes with that name. */
    Optional<NodeRegistry.Node> warmNode(String name) {
        return NodeRegistry.read(install.workerEnv().resolve("nodes"))
                .flatMap(registry -> registry.nodes().stream().filter(node -> node.name().equals(name)).findFirst());
    }

    /**
     * Starts a new node in place of the warm node {@code name}, whose process {@code gone} is gone, as the run that
     * started the nodes did ({@link NodeReplacement}), holding the app's lifecycle lock as a run does: no run or
     * {@code nodes stop} changes the nodes meanwhile.
     *
     * @return the new node; empty when another run replaced the nodes already
     * @throws AgilabException (busy) when another operation holds the app: nothing was tried
     */
    Optional<NodeRegistry.Node> replaceNode(String name, ProcessIdentity gone, Cancellation cancellation) {
        try (LifecycleLock lock = LifecycleLock.acquire(install.workerEnv(), "serve node restart")) {
            return NodeReplacement.replace(name, gone, install, options, new Events(new Redactor()), cancellation);
        }
    }

    /**
     * The task's args and its plan for one slot, or null when the task sets more than args (its settings differ from
     * the service's: it runs as a whole run of its own).
     *
     * @throws AgilabException (settings) for an unknown arg or a value against its rules, as a run says it; (data) for
     *             an item the plan does not have
     */
    Prepared prepare(org.agilab.runtime.service.ServiceTask task) {
        Map<String, Object> values = new LinkedHashMap<>(baseArgs);
        for (Map.Entry<String, Object> entry : task.args().entrySet()) {
            String key = entry.getKey().startsWith("args.") ? entry.getKey().substring("args.".length()) : entry.getKey();
            if (key.contains(".")) {
                return null;
            }
            ArgsBinder.ArgField field = fields.get(key);
            if (field == null) {
                throw AgilabException.of(FailureClass.SETTINGS, "--set " + key + ": unknown arg for " + app.argsType().getSimpleName())
                        .key("args." + key).hint("known args: " + String.join(", ", fields.keySet())).build();
            }
            String broken = ArgsBinder.problem(field, entry.getValue());
            if (broken != null) {
                throw AgilabException.of(FailureClass.SETTINGS, "--set " + key + "=" + entry.getValue() + ": " + broken).key("args." + key)
                        .build();
            }
            values.put(key, entry.getValue());
        }
        Object args = ArgsBinder.fromMap(app.argsType(), values);
        if (args instanceof ValidatedArgs validated) {
            try {
                validated.validate();
            } catch (InvalidArgException e) {
                throw AgilabException.of(FailureClass.SETTINGS, "args." + e.key() + "=" + e.value() + ": " + e.rule()).key("args." + e.key())
                        .build();
            }
        }
        Map<String, Long> oneSlot = Map.of(org.agilab.runtime.node.IgniteSetup.ADDRESS, 1L);
        Distributor.prepareRun(app, args, oneSlot, share);
        Distribution plan = Distributor.plan(app, args, oneSlot, share);
        List<Work> works = new ArrayList<>();
        plan.workPlan().forEach(works::addAll);
        works = onlyItems(works, task.items());
        Map<String, Object> bound = ArgsBinder.toMap(args);
        Path dataOut = bound.get("data_out") instanceof String folder ? share.resolve(folder) : null;
        if (task.attempts() > 1 && dataOut != null) {
            OutputClaims.sweep(dataOut, true); // what an earlier attempt's lost node left half-written
        }
        return new Prepared(bound, works, dataOut, mode);
    }

    /**
     * The works restricted to the task's items ({@code submit --items}), matched by path or by file name; none given: all.
     */
    private List<Work> onlyItems(List<Work> works, List<String> items) {
        if (items.isEmpty()) {
            return works;
        }
        Set<String> wanted = new LinkedHashSet<>(items);
        Set<String> found = new LinkedHashSet<>();
        List<Work> kept = new ArrayList<>();
        for (Work work : works) {
            List<String> mine = new ArrayList<>();
            for (String item : work.items()) {
                String match = matching(item, wanted);
                if (match != null) {
                    mine.add(item);
                    found.add(match);
                }
            }
            if (!mine.isEmpty()) {
                kept.add(new Work(work.name(), mine, work.args(), work.dependsOn()));
            }
        }
        wanted.removeAll(found);
        if (!wanted.isEmpty()) {
            throw AgilabException.of(FailureClass.DATA, "items not in the app's plan: " + String.join(", ", wanted))
                    .hint("give items the plan lists (its works' inputs, by path or file name); 'agilab distribute' shows them").build();
        }
        return kept;
    }

    private String matching(String item, Set<String> wanted) {
        if (wanted.contains(item)) {
            return item;
        }
        Path path = Path.of(item);
        for (String candidate : wanted) {
            Path asked = Path.of(candidate);
            if (asked.isAbsolute() ? asked.normalize().equals(share.resolve(item).normalize())
                    : path.getFileName() != null && candidate.equals(path.getFileName().toString())) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public void close() {
        app.close();
    }
}
