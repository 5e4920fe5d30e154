package org.agilab.runtime.manager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.settings.RunOverrides;

/**
 * The parsed command line: {@code agilab <command> [options]}. Options take {@code --name value} or
 * {@code --name=value}. Secrets never come this way: SSH passwords arrive on the control channel or from .env.
 */
public final class CommandLine {

    public static final String USAGE = String.join("\n",
            "usage: agilab <command> [options]",
            "",
            "commands:",
            "  install      " + Command.INSTALL.description(),
            "  distribute   " + Command.DISTRIBUTE.description(),
            "  run          " + Command.RUN.description(),
            "  benchmark    " + Command.BENCHMARK.description(),
            "  doctor       " + Command.DOCTOR.description(),
            "  nodes        " + Command.NODES.description(),
            "",
            "options:",
            "  --app PATH|NAME        an app folder, or an app name under the apps folder (APPS_PATH)",
            "  --home DIR             the AGILab home (default: $AGILAB_HOME, else your home)",
            "  --workers HOST:N[,..]  workers for this run, e.g. 127.0.0.1:2",
            "  --mode N|LETTERS       execution mode: a number 0..15 or letters from pcdr",
            "  --set KEY=VALUE        override a setting for this run only (repeatable; bare keys are [args])",
            "  --modes M1,M2,...      benchmark: the modes to compare (default 0,p,c,pc)",
            "  --replan               distribute/run: plan again even if the saved plan matches or was edited",
            "  --force                install: rebuild even if nothing changed",
            "  --json                 print the final result or error as one JSON line",
            "  --verbose, -v          show phases and info lines",
            "  --protocol             (for the IDE and the headless application) JSON-lines events on stdout,",
            "                         control messages on stdin",
            "",
            "exit codes: 0 ok, 2 usage, 3 settings, 4 data, 5 install, 6 cluster, 7 busy, 8 cancelled,",
            "            9 not built yet, 10 internal");

    private Command command;
    private final List<String> arguments = new ArrayList<>();
    private final List<String> argv;
    private String app;
    private Path home;
    private boolean json;
    private boolean verbose;
    private boolean protocol;
    private boolean help;
    private boolean replan;
    private String modes;
    private boolean force;
    private final RunOverrides overrides = new RunOverrides();

    private CommandLine(List<String> argv) {
        this.argv = List.copyOf(argv);
    }

    /** @throws AgilabException (usage) naming the option that is wrong */
    public static CommandLine parse(String... args) {
        CommandLine line = new CommandLine(List.of(args));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inlineValue = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                name = arg.substring(0, arg.indexOf('='));
                inlineValue = arg.substring(arg.indexOf('=') + 1);
            }
            switch (name) {
                case "--help", "-h", "help" -> line.help = true;
                case "--json" -> line.json = true;
                case "--verbose", "-v" -> line.verbose = true;
                case "--protocol" -> line.protocol = true;
                case "--replan" -> line.replan = true;
                case "--force" -> line.force = true;
                case "--app", "--home", "--workers", "--mode", "--set", "--modes" -> {
                    String value = inlineValue;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw usage(name + " needs a value", "see agilab --help");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--app" -> line.app = value;
                        case "--home" -> line.home = Path.of(value);
                        case "--workers" -> line.overrides.workers(value);
                        case "--mode" -> line.overrides.mode(value);
                        case "--modes" -> line.modes = value;
                        default -> line.overrides.set(value);
                    }
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw usage("unknown option " + arg, "see agilab --help");
                    }
                    if (line.command == null) {
                        line.command = Command.fromId(arg);
                        if (line.command == null) {
                            throw usage("unknown command '" + arg + "'",
                                    "commands: install, distribute, run, benchmark, doctor, nodes");
                        }
                    } else {
                        line.arguments.add(arg);
                    }
                }
            }
        }
        if (line.command == null && !line.help) {
            throw usage("no command given", "try agilab doctor, or agilab --help");
        }
        return line;
    }

    private static AgilabException usage(String message, String hint) {
        return AgilabException.of(FailureClass.USAGE, message).hint(hint).build();
    }

    public Command command() {
        return command;
    }

    /** Words after the command, such as {@code status} in {@code nodes status}. */
    public List<String> arguments() {
        return arguments;
    }

    public List<String> argv() {
        return argv;
    }

    public String app() {
        return app;
    }

    public Path home() {
        return home;
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean protocol() {
        return protocol;
    }

    public boolean help() {
        return help;
    }

    public boolean replan() {
        return replan;
    }

    /** The --modes list, or null. */
    public String modes() {
        return modes;
    }

    public boolean force() {
        return force;
    }

    public RunOverrides overrides() {
        return overrides;
    }
}
