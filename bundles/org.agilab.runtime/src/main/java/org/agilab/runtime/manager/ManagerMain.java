package org.agilab.runtime.manager;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.agilab.runtime.RuntimeInfo;
import org.agilab.runtime.cluster.Coordinator;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.env.Provenanced;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.json.JsonCodec;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.ControlChannel;
import org.agilab.runtime.protocol.Credentials;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.protocol.Events;
import org.agilab.runtime.protocol.FinalEventSink;
import org.agilab.runtime.protocol.HumanSink;
import org.agilab.runtime.protocol.JsonLinesSink;
import org.agilab.runtime.record.RunRecord;
import org.agilab.runtime.request.Command;
import org.agilab.runtime.request.ManagerRequest;
import org.agilab.runtime.request.ProcessRole;
import org.agilab.runtime.settings.AppSettings;

/**
 * The manager JVM's entry point: every AGILab operation runs here, whoever asked (the {@code ./agilab} script, the
 * headless Equinox application, the IDE) or, in a coordinator, the requests callers hand it. It parses the command line
 * into a {@link ManagerRequest}, resolves the home, the app and its settings, opens the run record, runs the operation,
 * and ends the event stream with exactly one final event (result or error) whose class gives the exit code.
 */
public final class ManagerMain {

    private static final AgiLog LOG = AgiLog.get(ManagerMain.class);

    private final Map<String, String> environment;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final ProcessRole role;
    private final Cancellation cancellation = new Cancellation();
    /**
     * Whether local runs go to the app's warm coordinator too (and the first one leaves a coordinator for the next):
     * the {@code ./agilab} CLI's process only ({@link #main} with the script's {@code -Dagilab.launcher}), unless {@value #NO_DAEMON_VARIABLE} is set or the run says
     * {@code --no-daemon}. The IDE's in-process and debug launches, services and tests build a manager without it.
     */
    private boolean warmLocalRuns;
    /** Set (to anything but empty) in the environment: every run of the CLI runs in its own process, no coordinator. */
    public static final String NO_DAEMON_VARIABLE = "AGILAB_NO_DAEMON";
    /** What to do once the run's record is complete (start a coordinator for the next local runs), or null. */
    private Runnable afterRecord;

    /** A one-shot manager ({@link ProcessRole#MANAGER}). */
    public ManagerMain(Map<String, String> environment, InputStream in, PrintStream out, PrintStream err) {
        this(environment, in, out, err, ProcessRole.MANAGER);
    }

    public ManagerMain(Map<String, String> environment, InputStream in, PrintStream out, PrintStream err, ProcessRole role) {
        this.environment = environment;
        this.in = in;
        this.out = out;
        this.err = err;
        this.role = role;
    }

    public static void main(String[] args) {
        ManagerMain manager = new ManagerMain(System.getenv(), System.in, System.out, System.err);
        String noDaemon = System.getenv(NO_DAEMON_VARIABLE);
        // the script's process only (it names itself with -Dagilab.launcher): the IDE's launches (run and debug) and the
        // JVMs a test or a stage starts without it keep running where they were started
        manager.warmLocalRuns = System.getProperty(RunRecord.LAUNCHER_PROPERTY) != null && (noDaemon == null || noDaemon.isBlank());
        exit(manager.cancellation, () -> manager.run(args));
    }

    /**
     * Runs a process's one operation and ends the JVM with its exit code. Ctrl-C (SIGINT) or SIGTERM cancels the
     * operation and gives it a moment to write its record; once it has, the exit code is the operation's (8, cancelled),
     * not the signal's 130 or 143, which the JVM would otherwise give.
     */
    static void exit(Cancellation cancellation, java.util.function.IntSupplier operation) {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(FailureClass.CANCELLED.exitCode());
        Thread interrupt = new Thread(() -> {
            // the cancel's listeners may block (a cluster's nodes out of reach): the wait for the record must not
            Thread cancel = new Thread(() -> cancellation.cancel("interrupted"), "agilab-cancel");
            cancel.setDaemon(true);
            cancel.start();
            try {
                if (done.await(5, TimeUnit.SECONDS)) {
                    Runtime.getRuntime().halt(exitCode.get());
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "agilab-interrupt");
        Runtime.getRuntime().addShutdownHook(interrupt);
        int code = FailureClass.INTERNAL.exitCode();
        try {
            code = operation.getAsInt();
        } catch (Throwable unexpected) {
            // the process must end whatever happened, or Ignite's threads would keep it alive
            unexpected.printStackTrace();
        } finally {
            exitCode.set(code);
            done.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(interrupt);
        } catch (IllegalStateException shuttingDown) {
            // already exiting through the hook, which ends the process with this code
        }
        System.exit(code);
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /** Runs one command and returns the exit code. */
    public int run(String... args) {
        return run(List.of(args), null);
    }

    /** Runs one request (a coordinator's, handed by a caller, already parsed) and returns the exit code. */
    public int run(ManagerRequest request) {
        return run(request.toArgv(), request);
    }

    /** @param parsed {@code argv} as a request, or null to parse it here (where a usage error is reported) */
    private int run(List<String> argv, ManagerRequest parsed) {
        Redactor redactor = new Redactor();
        environment.forEach(redactor::addIfSecret);
        AgiLog.useRedactor(redactor);
        Events events = new Events(redactor);
        redactor.addArguments(ManagerRequest.lex(argv)); // --set secrets as typed, before anything can echo them
        // read leniently, so that a command line parse refuses still gets its error in the form its caller reads
        java.util.Set<ManagerRequest.Flag> flags = ManagerRequest.flagsIn(argv);
        boolean protocol = flags.contains(ManagerRequest.Flag.PROTOCOL);
        if (protocol) {
            events.addSink(new JsonLinesSink(out));
        } else if (flags.contains(ManagerRequest.Flag.JSON)) {
            events.addSink(new FinalEventSink(out));
        } else {
            events.addSink(new HumanSink(out, err, flags.contains(ManagerRequest.Flag.VERBOSE)));
        }
        AgiLog.addSink(events);
        String commandId = "agilab";
        RunRecord record = null;
        ControlChannel control = null;
        try {
            ManagerRequest given = parsed != null ? parsed : ManagerRequest.parse(argv);
            if (given.help()) {
                out.println(CommandLine.USAGE);
                return 0;
            }
            if (given.version()) {
                out.println("agilab " + RuntimeInfo.VERSION);
                return 0;
            }
            commandId = given.command().id();
            given = ChunkReplay.withRecordedApp(given); // a replayed chunk runs with its run's app and home
            Credentials credentials = new Credentials();
            if (protocol) {
                control = new ControlChannel(in, cancellation, credentials, redactor, events);
                control.start();
            }
            AgilabHome home = AgilabHome.resolve(given.home(), environment);
            home.dotEnv().entries().forEach((key, entry) -> redactor.addIfSecret(key, entry.value()));
            // a replayed record's masked --set secret is read where secrets live, never used as it is
            ManagerRequest request = given.withMaskedSecrets(secretLookup(home, environment), redactor::addSecret);
            request.overrides().setValues().forEach((key, value) -> redactor.addIfSecret(key, String.valueOf(value)));

            boolean lifecycle = request.command() == Command.APP;
            // an app's lifecycle acts on the app named, never on the default one, and leaves no run record
            AppProject app = lifecycle && request.app() == null ? null : resolveApp(request, home);
            boolean warmLocal = warmLocalRuns && !given.flags().contains(ManagerRequest.Flag.NO_DAEMON);
            if (app != null && request.command() == Command.RUN && role.delegatesToCoordinator()) {
                // the request as given: the coordinator reads a masked secret from the caller's environment itself
                java.util.Optional<Integer> delegated = runOnCoordinator(given, argv, home, app, events, credentials, warmLocal);
                if (delegated.isEmpty() && warmLocal) {
                    delegated = coldClusterRunOnNewCoordinator(given, argv, home, app, events, credentials);
                }
                if (delegated.isPresent()) {
                    return delegated.get();
                }
            }
            // a command that changes the app leaves a record even on a home it is the first to use; doctor creates nothing
            // serve's actions leave none either: its tasks' runs each leave their own
            if (app != null && !lifecycle && request.command() != Command.SERVE
                    && (request.command().isMutating() || Files.isDirectory(home.path()))) {
                record = RunRecord.open(home.executeLogs(app.target()), commandId, callerArgv(argv), redactor);
                record.app(app.name(), app.folder(), app.target());
                record.home(home.path());
                record.role(role.id());
                record.launcher(environment.get(RunRecord.LAUNCHER_VARIABLE)); // a caller's, on the coordinator
                record.workingFolder(environment.get(RunRecord.WORKING_FOLDER_VARIABLE));
                events.addSink(record);
            }
            AppSettings settings = null;
            if (app != null && lifecycle) {
                settings = lifecycleSettings(app, home, request);
            } else if (app != null) {
                try (Events.Phase phase = events.phase("settings")) {
                    settings = AppSettings.load(app, home, request.overrides());
                    phase.ok();
                }
                if (record != null) {
                    record.settings(settings.toJson());
                }
            }
            if (warmLocal && request.command() == Command.RUN && role.delegatesToCoordinator() && !settings.hasErrors()
                    && !settings.mode().has(org.agilab.api.ExecutionMode.CLUSTER)) {
                // no coordinator took this local run: leave one for the next, once this run is over (it delays nothing)
                Path nodes = home.workerEnv(app.target()).resolve("nodes");
                org.agilab.runtime.settings.ClusterSettings cluster = org.agilab.runtime.settings.ClusterSettings.of(settings);
                long idleSeconds = org.agilab.runtime.settings.ClusterSettings.idleSeconds(cluster.idleTimeoutMinutes());
                // the request as given, as a caller would hand it: the coordinator reads a masked secret where secrets live
                ManagerRequest warmUp = cluster.warmUpRuns() > 0 ? given : null;
                afterRecord = () -> Coordinator.spawnForLocalRuns(nodes, idleSeconds, warmUp);
            }
            OperationContext context = new OperationContext(request, home, app, settings, events, cancellation, credentials,
                    redactor, record, role);
            return execute(context);
        } catch (AgilabException e) {
            return fail(events, commandId, e);
        } catch (RuntimeException | Error e) {
            LOG.error("unexpected failure", e);
            return fail(events, commandId, AgilabException.classify(e));
        } finally {
            AgiLog.removeSink(events);
            if (record != null) {
                closeRecord(record);
            }
            // last: stopping the control channel may close the caller's connection (a coordinator's socket), and the
            // caller takes that as the end of the run, so the record must be complete by then
            if (control != null) {
                control.stop();
            }
            if (afterRecord != null) {
                afterRecord.run();
            }
        }
    }

    /** Writes the record's manifest and replay script; a full or failing disk is a warning, never the run's result. */
    private void closeRecord(RunRecord record) {
        try {
            record.close();
        } catch (RuntimeException e) {
            err.println("agilab: warning: the run's record in " + record.folder() + " could not be completed ("
                    + AgilabException.classify(e).getMessage() + "); the run's result above stands. Free space there, or move "
                    + "the logs with AGI_LOG_DIR in ~/.agilab/.env");
        }
    }

    /**
     * A run goes to the app's coordinator when one is up (warm nodes, warm client, warm JIT); it writes the record and
     * this process only relays the events. The coordinator declines anything but a cluster run, which then runs here,
     * unless {@code localRunsToo} (the CLI's warm local runs): then it takes local runs as well.
     * Deciding there keeps this side light: no settings are read before the request leaves.
     */
    private java.util.Optional<Integer> runOnCoordinator(ManagerRequest request, List<String> argv, AgilabHome home, AppProject app,
            Events events, Credentials credentials, boolean localRunsToo) {
        Path nodes = home.workerEnv(app.target()).resolve("nodes");
        // a coordinator the previous (cold) run spawned may still be starting: it is worth a short wait
        java.util.Optional<Coordinator.Endpoint> endpoint = Coordinator.find(nodes, Coordinator.START_WAIT_MILLIS);
        if (endpoint.isEmpty()) {
            return java.util.Optional.empty();
        }
        if (!endpoint.get().sameRuntime()) {
            LOG.info("the coordinator of " + app.name() + " runs another AGILab build: stopping it; this run starts afresh");
            Coordinator.stop(nodes);
            return java.util.Optional.empty();
        }
        return handTo(endpoint.get(), request, argv, home, app, environment, events, cancellation, credentials, localRunsToo);
    }

    /** How long a cold cluster run waits for the coordinator it spawned to listen before it runs where it is. */
    static final long SPAWN_WAIT_MILLIS = 20_000;

    /**
     * The CLI's cold cluster run (no coordinator for the app): spawned now, the coordinator runs it, so the nodes it
     * starts are joined by the Ignite client its later runs keep and the second run finds that client joined, instead
     * of this process and the coordinator each joining one (the coordinator's join in a fresh JVM, while the cold
     * chunks took both cores, outlasted the cold run). Empty when it is not a cluster run with valid settings, or the
     * coordinator does not start in time or does not take it: the run then runs here, as before.
     */
    private java.util.Optional<Integer> coldClusterRunOnNewCoordinator(ManagerRequest given, List<String> argv, AgilabHome home,
            AppProject app, Events events, Credentials credentials) {
        Path nodes = home.workerEnv(app.target()).resolve("nodes");
        if (Coordinator.running(nodes)) {
            return java.util.Optional.empty(); // one that is starting and did not listen in time, or of another build
        }
        java.util.Optional<AppSettings> settings = settingsOfRunTaken(given, environment, false);
        if (settings.isEmpty()) {
            return java.util.Optional.empty();
        }
        long idleSeconds = org.agilab.runtime.settings.ClusterSettings.idleSeconds(org.agilab.runtime.settings.ClusterSettings.of(settings.get()).idleTimeoutMinutes());
        if (!Coordinator.spawnForLocalRuns(nodes, idleSeconds)) {
            return java.util.Optional.empty();
        }
        java.util.Optional<Coordinator.Endpoint> endpoint = Coordinator.find(nodes, SPAWN_WAIT_MILLIS).filter(Coordinator.Endpoint::sameRuntime);
        if (endpoint.isEmpty()) {
            return java.util.Optional.empty(); // slow to start: it serves the next runs; this one runs here
        }
        java.util.Optional<Integer> code = handTo(endpoint.get(), given, argv, home, app, environment, events, cancellation, credentials, true);
        if (code.isEmpty()) {
            Coordinator.stop(nodes); // it did not take the run it was started for: this run starts its own, with its nodes
        }
        return code;
    }

    /**
     * Hands a run to a coordinator of this runtime build and relays its events into {@code events} (this process's
     * caller sees them as if the run were here): the request as the coordinator runs it, with the caller's command line,
     * working folder and environment, which its record keeps. Also the thin client's way ({@link WarmRunClient}).
     *
     * @return the run's exit code, or empty when the coordinator did not take it (the caller runs it)
     */
    static java.util.Optional<Integer> handTo(Coordinator.Endpoint endpoint, ManagerRequest request, List<String> argv, AgilabHome home,
            AppProject app, Map<String, String> environment, Events events, Cancellation cancellation, Credentials credentials,
            boolean localRunsToo) {
        // the coordinator writes JSON lines for this process to relay, wherever the home and app were found here
        ManagerRequest handed = request.withFlags(java.util.Set.of(ManagerRequest.Flag.PROTOCOL),
                java.util.Set.of(ManagerRequest.Flag.JSON, ManagerRequest.Flag.VERBOSE)).withApp(app.folder().toString()).withHome(home.path());
        Map<String, String> handedEnvironment = new java.util.LinkedHashMap<>(environment);
        if (System.getProperty(RunRecord.LAUNCHER_PROPERTY) != null) {
            handedEnvironment.put(RunRecord.LAUNCHER_VARIABLE, System.getProperty(RunRecord.LAUNCHER_PROPERTY)); // for replay.sh
        }
        handedEnvironment.put(RunRecord.WORKING_FOLDER_VARIABLE, System.getProperty("user.dir"));
        handedEnvironment.put(CALLER_ARGV_VARIABLE, JsonCodec.write(argv)); // the record's command line: as the user typed it
        if (localRunsToo) {
            handedEnvironment.put(Coordinator.LOCAL_RUN_CALLER, "true");
        }
        if (!request.protocol() && !request.json() && !request.verbose()) {
            // this terminal shows logs and the result only: the coordinator need not send the rest
            handedEnvironment.put(Coordinator.TERSE_CALLER, "true");
        }
        return Coordinator.delegate(endpoint, handed, handedEnvironment, events, cancellation,
                () -> events.emit(new Event.Delegated(app.name(), endpoint.process().pid())), credentials);
    }

    /** The caller's command line as typed, which a coordinator's record keeps (its own is the handed request's). */
    static final String CALLER_ARGV_VARIABLE = "AGILAB_CALLER_ARGV";

    /** The command line the record keeps: on a coordinator the caller's as typed, when it sent it. */
    private List<String> callerArgv(List<String> argv) {
        String given = role == ProcessRole.COORDINATOR ? environment.get(CALLER_ARGV_VARIABLE) : null;
        if (given == null) {
            return argv;
        }
        try {
            return List.of(JsonCodec.read(given, String[].class));
        } catch (RuntimeException e) {
            return argv;
        }
    }

    /** A replayed secret's value: the environment's variable, else the home's .env's. */
    static java.util.function.Function<String, String> secretLookup(AgilabHome home, Map<String, String> environment) {
        return name -> {
            String value = environment.get(name);
            if (value == null && home.dotEnv().entries().get(name) != null) {
                value = home.dotEnv().entries().get(name).value();
            }
            return value;
        };
    }

    /**
     * Whether a coordinator takes this request: a cluster run (mode {@code d}) on local workers of an app with valid
     * settings. Anything else, or anything that fails here, the caller runs and reports itself.
     */
    static boolean isClusterRun(ManagerRequest given, Map<String, String> environment) {
        return takenByCoordinator(given, environment, false);
    }

    /**
     * Whether a coordinator takes this request: a cluster run as {@link #isClusterRun} says, or, when
     * {@code localRunsToo} (the caller allows it), a local run of an app with valid settings.
     */
    static boolean takenByCoordinator(ManagerRequest given, Map<String, String> environment, boolean localRunsToo) {
        return settingsOfRunTaken(given, environment, localRunsToo).isPresent();
    }

    /** The settings of a run that a coordinator takes ({@link #takenByCoordinator}), or empty when it does not. */
    static java.util.Optional<AppSettings> settingsOfRunTaken(ManagerRequest given, Map<String, String> environment, boolean localRunsToo) {
        try {
            if (given.command() != Command.RUN) {
                return java.util.Optional.empty();
            }
            AgilabHome home = AgilabHome.resolve(given.home(), environment);
            ManagerRequest request = given.withMaskedSecrets(secretLookup(home, environment), value -> {
            });
            AppProject app = resolveApp(request, home);
            if (app == null) {
                return java.util.Optional.empty();
            }
            AppSettings settings = AppSettings.load(app, home, request.overrides());
            // runs on SSH hosts too: the caller hands over its environment and any SSH secrets of its control channel,
            // which the coordinator holds in memory only (with the sessions it keeps open), until its idle stop
            boolean taken = !settings.hasErrors() && (localRunsToo || settings.mode().has(org.agilab.api.ExecutionMode.CLUSTER));
            return taken ? java.util.Optional.of(settings) : java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.empty(); // the caller runs it and reports the problem itself
        }
    }

    /**
     * The coordinator's warm-up of a local run that ended well ({@code Coordinator.RequestHandler#warmUp}): its work run
     * again {@code [cluster] warm_up_runs} times, with no record, no event shown and no plan file written, its outputs
     * into a scratch {@code data_out} that is removed after. Nothing for a cluster run (its work runs on the nodes),
     * an app without {@code data_out} or with settings in error.
     *
     * @return how many runs it made
     */
    int warmUp(ManagerRequest given, Cancellation warmUpCancellation) {
        if (given.command() != Command.RUN) {
            return 0;
        }
        Redactor redactor = new Redactor();
        environment.forEach(redactor::addIfSecret);
        AgiLog.useRedactor(redactor);
        redactor.addArguments(ManagerRequest.lex(given.toArgv()));
        AgilabHome home = AgilabHome.resolve(given.home(), environment);
        home.dotEnv().entries().forEach((key, entry) -> redactor.addIfSecret(key, entry.value()));
        ManagerRequest request = given.withMaskedSecrets(secretLookup(home, environment), redactor::addSecret);
        AppProject app = resolveApp(request, home);
        if (app == null) {
            err.println("no warm-up: no app " + request.app());
            return 0;
        }
        AppSettings settings = AppSettings.load(app, home, request.overrides());
        int runs = org.agilab.runtime.settings.ClusterSettings.of(settings).warmUpRuns();
        if (runs == 0 || settings.mode().has(org.agilab.api.ExecutionMode.CLUSTER)) {
            return 0; // not asked for, or a run whose work is the nodes'
        }
        if (settings.hasErrors()) {
            err.println("no warm-up of " + app.name() + ": its settings have errors");
            return 0;
        }
        OperationContext context = new OperationContext(request, home, app, settings, new Events(redactor), warmUpCancellation,
                new Credentials(), redactor, null, role);
        return Operations.warmUp(context, home.workerEnv(app.target()).resolve("nodes").resolve("warm-up"), runs);
    }

    /** An app whose settings cannot be read can still be exported, renamed or deleted: its settings are then null. */
    private static AppSettings lifecycleSettings(AppProject app, AgilabHome home, ManagerRequest request) {
        try {
            return AppSettings.load(app, home, request.overrides());
        } catch (AgilabException e) {
            LOG.warn("the settings of " + app.name() + " cannot be read: " + e.getMessage());
            return null;
        }
    }

    private int execute(OperationContext context) {
        Command command = context.request().command();
        if (command == Command.APP) {
            return AppCommand.execute(context); // rename and delete take the app's lock themselves
        }
        if (command == Command.DOCTOR) {
            Doctor.Report report = new Doctor().examine(context.home(), context.app(), context.settings(), context.redactor());
            if (context.settings() != null && context.settings().hasErrors()) {
                AgilabException first = context.settings().problems().stream().filter(p -> p.isError()).findFirst()
                        .orElseThrow().toException();
                context.events().emit(Event.Failure.of(command.id(), first, report.data(), report.summary()));
                return first.failureClass().exitCode();
            }
            if (!report.healthy()) {
                AgilabException unhealthy = AgilabException.of(FailureClass.INSTALL, "the AGILab home is not healthy")
                        .file(context.home().path()).hint("see the FAIL lines above for each fix").build();
                context.events().emit(Event.Failure.of(command.id(), unhealthy, report.data(), report.summary()));
                return unhealthy.failureClass().exitCode();
            }
            context.events().emit(Event.Result.ok(command.id(), report.data(), report.summary()));
            return 0;
        }
        if (command == Command.EXPORT) {
            return ExportCommand.execute(context); // reads a run's outputs, writes only the export file
        }
        if (command == Command.WORKFLOW) {
            return WorkflowCommand.execute(context); // its agilab stages take their app's lock in their own managers
        }
        if (context.app() == null) {
            throw AgilabException.of(FailureClass.SETTINGS, command.id() + " needs an app")
                    .hint("give --app NAME|PATH or set APP_DEFAULT in ~/.agilab/.env").build();
        }
        context.settings().requireValid();
        context.cancellation().throwIfCancelled();
        if (command == Command.NODES) {
            return Operations.nodes(context); // status reads only; stop takes the lock itself
        }
        if (command == Command.SERVE) {
            return ServiceCommand.execute(context); // the queue has no lock; its tasks' runs take the app's, stop takes it itself
        }
        if (command == Command.REPLAY_CHUNK) {
            return ChunkReplay.execute(context); // reads the staged worker (checked by its hash), writes only its own folder
        }
        try (LifecycleLock lock = lock(context, command)) {
            return switch (command) {
                case INSTALL -> Operations.install(context);
                case DISTRIBUTE -> Operations.distribute(context);
                case RUN -> Operations.run(context);
                case BENCHMARK -> Operations.benchmark(context);
                case DOCTOR, NODES, WORKFLOW, REPLAY_CHUNK, APP, EXPORT, SERVE -> throw new IllegalStateException(command.id() + " runs without the lock");
            };
        }
    }

    private static LifecycleLock lock(OperationContext context, Command command) {
        try (Events.Phase phase = context.events().phase("lock")) {
            LifecycleLock lock = LifecycleLock.acquire(context.home().workerEnv(context.app().target()), command.id());
            phase.ok();
            return lock;
        }
    }

    /** The app named by --app, else the default app when it exists; null when there is none (doctor still runs). */
    static AppProject resolveApp(ManagerRequest request, AgilabHome home) {
        Path apps = home.appsFolder().value();
        if (request.app() != null) {
            return AppProject.locate(request.app(), apps);
        }
        Provenanced<String> defaultApp = home.defaultApp();
        String name = defaultApp.value().endsWith(AppProject.SUFFIX) ? defaultApp.value() : defaultApp.value() + AppProject.SUFFIX;
        if (Files.isDirectory(apps.resolve(name))) {
            return AppProject.at(apps.resolve(name));
        }
        return null;
    }

    private int fail(Events events, String command, AgilabException error) {
        if (error.failureClass() == FailureClass.INTERNAL && error.getCause() != null) {
            LOG.error("internal error in " + command, error.getCause());
        }
        events.emit(Event.Failure.of(command, error));
        return error.failureClass().exitCode();
    }

}
