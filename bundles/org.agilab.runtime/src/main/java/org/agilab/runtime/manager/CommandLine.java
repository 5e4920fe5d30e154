package org.agilab.runtime.manager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

    /**
     * The usage text, kept in {@code usage.txt} beside this class: ./agilab prints the same file for {@code --help}
     * before anything is built.
     */
    public static final String USAGE = readUsage();

    private Command command;
    private final List<String> arguments = new ArrayList<>();
    private final List<String> argv;
    private String app;
    private Path home;
    private boolean json;
    private boolean verbose;
    private boolean protocol;
    private boolean help;
    private boolean version;
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
                case "--version" -> line.version = true;
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
        if (line.command == null && !line.help && !line.version) {
            throw usage("no command given", "try agilab doctor, or agilab --help");
        }
        return line;
    }

    private static String readUsage() {
        try (InputStream in = CommandLine.class.getResourceAsStream("usage.txt")) {
            if (in == null) {
                throw new IllegalStateException("usage.txt is missing beside " + CommandLine.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** {@code --version}: print the version and stop. */
    public boolean version() {
        return version;
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
