package org.agilab.runtime.request;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.settings.RunOverrides;

/**
 * One request to the manager: {@code agilab <command> [words] [options]} as data. It is the one reading of a command
 * line: the manager parses its argv with {@link #parse}, hands a cluster run to the coordinator as {@link #toArgv},
 * the IDE builds its launches and replays with it, and the redactor and run records see argv split by {@link #lex}.
 * {@code parse(r.toArgv()).equals(r)} for every request. Options take {@code --name value} or {@code --name=value}.
 * Secrets never come this way: SSH passwords arrive on the control channel or from .env; a {@code --set} value a
 * record masked ({@link Redactor#MASK}) is read again from {@link #replayVariable} ({@link #withMaskedSecrets}).
 *
 * @param command null only when the request asks for help or the version
 * @param arguments words after the command, such as {@code status} in {@code nodes status}
 * @param app {@code --app}: a folder or a name, or null
 * @param home {@code --home}, or null
 * @param settings {@code --set}, {@code --workers} and {@code --mode} in the order given (a later one wins)
 * @param modes {@code --modes} (benchmark), or null
 * @param flags the options without a value
 * @param values the other options with a value ({@code --lab}, {@code --stage}, {@code --profile} of {@code workflow})
 */
public record ManagerRequest(Command command, List<String> arguments, String app, Path home, List<Setting> settings, String modes,
        Set<Flag> flags, Map<Value, String> values) {

    /** The options without a value, in the order {@link #toArgv} writes them. */
    public enum Flag {
        HELP("--help"),
        VERSION("--version"),
        JSON("--json"),
        VERBOSE("--verbose"),
        PROTOCOL("--protocol"),
        REPLAN("--replan"),
        FORCE("--force"),
        READY("--ready"),
        ALL("--all"),
        PURGE("--purge"),
        /** serve stop: abort the running task (it goes back to pending) instead of draining the queue */
        NOW("--now"),
        /** run: in this process, never on the app's warm coordinator (nor start one for later runs) */
        NO_DAEMON("--no-daemon");

        private final String option;

        Flag(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }
    }

    /** The options with a value that are neither settings nor the app or home, in the order {@link #toArgv} writes them. */
    public enum Value {
        LAB("--lab"),
        STAGE("--stage"),
        PROFILE("--profile"),
        /** replay-chunk: the record folder of the cluster run */
        RECORD("--record"),
        /** replay-chunk: the chunk's index */
        CHUNK("--chunk"),
        /** replay-chunk: where the chunk's outputs go; app export: the zip to write */
        OUT("--out"),
        /** replay-chunk: the port on 127.0.0.1 where the chunk's JVM waits for a debugger */
        DEBUG("--debug"),
        AS("--as"),
        INTO("--into"),
        TO("--to"),
        /** export: the run whose outputs are read, latest (the default) or its record folder */
        RUN("--run"),
        /** export: the columns written, comma-separated (default all) */
        COLUMNS("--columns"),
        /** export: a filter of the rows, a SQL expression */
        WHERE("--where"),
        /** serve submit: the task's first item (the words after it are the others) */
        ITEMS("--items");

        private final String option;

        Value(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        static Value of(String option) {
            for (Value value : values()) {
                if (value.option.equals(option)) {
                    return value;
                }
            }
            return null;
        }
    }

    /** The options that override settings for this run. */
    public enum SettingOption {
        SET("--set"),
        WORKERS("--workers"),
        MODE("--mode");

        private final String option;

        SettingOption(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }
    }

    /** One {@code --set key=value}, {@code --workers HOST:N,...} or {@code --mode M}, as typed. */
    public record Setting(SettingOption option, String value) {
        public Setting {
            java.util.Objects.requireNonNull(option);
            java.util.Objects.requireNonNull(value);
        }

        public static Setting set(String key, String value) {
            return new Setting(SettingOption.SET, key + "=" + value);
        }

        /** The key of a {@code --set} assignment, or null. */
        public String setKey() {
            int equals = value.indexOf('=');
            return option == SettingOption.SET && equals > 0 ? value.substring(0, equals) : null;
        }

        /** The value of a {@code --set} assignment as typed, or null. */
        public String setValue() {
            int equals = value.indexOf('=');
            return option == SettingOption.SET && equals > 0 ? value.substring(equals + 1) : null;
        }
    }

    private static final String SET = SettingOption.SET.option();

    public ManagerRequest {
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        settings = settings == null ? List.of() : List.copyOf(settings);
        flags = flags == null || flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        values = values == null || values.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(values));
        if (command == null && !flags.contains(Flag.HELP) && !flags.contains(Flag.VERSION)) {
            throw new IllegalArgumentException("a request names a command, or asks for help or the version");
        }
        if (command == null && !arguments.isEmpty()) {
            throw new IllegalArgumentException("words without a command: " + arguments);
        }
        for (String word : arguments) {
            if (word.startsWith("-") || word.equals("help")) {
                throw new IllegalArgumentException("'" + word + "' reads as an option, not as a word after the command");
            }
        }
    }

    /** A request without {@link Value} options. */
    public ManagerRequest(Command command, List<String> arguments, String app, Path home, List<Setting> settings, String modes, Set<Flag> flags) {
        this(command, arguments, app, home, settings, modes, flags, Map.of());
    }

    /** A request for {@code command} with its words, app and settings, and no other option. */
    public static ManagerRequest of(Command command, List<String> arguments, String app, List<Setting> settings) {
        return new ManagerRequest(command, arguments, app, null, settings, null, Set.of());
    }

    /** @throws AgilabException (usage) naming the option that is wrong, as the command line reports it */
    public static ManagerRequest parse(List<String> argv) {
        return parse(argv.toArray(String[]::new));
    }

    /** @throws AgilabException (usage) naming the option that is wrong, as the command line reports it */
    public static ManagerRequest parse(String... args) {
        Command command = null;
        List<String> words = new ArrayList<>();
        String app = null;
        Path home = null;
        String modes = null;
        List<Setting> settings = new ArrayList<>();
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        Map<Value, String> values = new EnumMap<>(Value.class);
        RunOverrides checked = new RunOverrides(); // each value is checked where it comes, so the first error is reported
        for (Token token : tokens(args)) {
            Flag flag = flag(token.name());
            if (flag != null) {
                flags.add(flag);
                continue;
            }
            if (WITH_VALUE.contains(token.name())) {
                String value = token.value();
                if (value == null) {
                    throw usage(token.name() + " needs a value", "see agilab --help");
                }
                switch (token.name()) {
                    case "--app" -> app = value;
                    case "--home" -> home = Path.of(value);
                    case "--workers" -> {
                        checked.workers(value);
                        settings.add(new Setting(SettingOption.WORKERS, value));
                    }
                    case "--mode" -> {
                        checked.mode(value);
                        settings.add(new Setting(SettingOption.MODE, value));
                    }
                    case "--modes" -> modes = value;
                    case "--set" -> {
                        checked.set(value);
                        settings.add(new Setting(SettingOption.SET, value));
                    }
                    default -> values.put(Value.of(token.name()), value);
                }
                continue;
            }
            String arg = token.text();
            if (arg.startsWith("-")) {
                throw usage("unknown option " + arg, "see agilab --help");
            }
            if (command == null) {
                command = Command.fromId(arg);
                if (command == null) {
                    throw usage("unknown command '" + arg + "'",
                            "commands: " + java.util.Arrays.stream(Command.values()).map(Command::id).collect(java.util.stream.Collectors.joining(", ")));
                }
            } else {
                words.add(arg);
            }
        }
        if (command == null && !flags.contains(Flag.HELP) && !flags.contains(Flag.VERSION)) {
            throw usage("no command given", "try agilab doctor, or agilab --help");
        }
        return new ManagerRequest(command, words, app, home, settings, modes, flags, values);
    }

    /** The command line that {@link #parse}s to this request: command, words, then options in one order. */
    public List<String> toArgv() {
        List<String> argv = new ArrayList<>();
        if (command != null) {
            argv.add(command.id());
            argv.addAll(arguments);
        }
        if (app != null) {
            argv.addAll(List.of("--app", app));
        }
        if (home != null) {
            argv.addAll(List.of("--home", home.toString()));
        }
        for (Setting setting : settings) {
            argv.addAll(List.of(setting.option().option(), setting.value()));
        }
        if (modes != null) {
            argv.addAll(List.of("--modes", modes));
        }
        values.forEach((option, value) -> argv.addAll(List.of(option.option(), value)));
        for (Flag flag : Flag.values()) {
            if (flags.contains(flag)) {
                argv.add(flag.option());
            }
        }
        return argv;
    }

    /**
     * A command line split as {@link #parse} reads it, for the redactor and run records; any argv, even one parse
     * refuses. The value of a {@code --set} (after it, or in {@code --set=key=value}) is an assignment; the value of
     * any other option is never one, whatever it looks like.
     */
    public static List<Redactor.Argument> lex(List<String> argv) {
        List<Redactor.Argument> arguments = new ArrayList<>();
        for (Token token : tokens(argv.toArray(String[]::new))) {
            if (token.inline()) {
                arguments.add(token.name().equals(SET) ? assignment(token.text(), SET + "=", token.value()) : Redactor.Argument.plain(token.text()));
            } else {
                arguments.add(Redactor.Argument.plain(token.text()));
                if (token.value() != null) {
                    arguments.add(token.name().equals(SET) ? assignment(token.value(), "", token.value()) : Redactor.Argument.plain(token.value()));
                }
            }
        }
        return arguments;
    }

    /**
     * The flags of a command line read leniently, as {@link #parse} would read them, even from one it refuses: how the
     * manager reports the error depends on them ({@code --protocol}, {@code --json}, {@code --verbose}).
     */
    public static Set<Flag> flagsIn(List<String> argv) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        for (Token token : tokens(argv.toArray(String[]::new))) {
            Flag flag = flag(token.name());
            if (flag != null) {
                flags.add(flag);
            }
        }
        return flags;
    }

    /** The flag an option (or the word {@code help}) names, or null. */
    private static Flag flag(String name) {
        return switch (name) {
            case "--help", "-h", "help" -> Flag.HELP;
            case "--version" -> Flag.VERSION;
            case "--json" -> Flag.JSON;
            case "--verbose", "-v" -> Flag.VERBOSE;
            case "--protocol" -> Flag.PROTOCOL;
            case "--replan" -> Flag.REPLAN;
            case "--force" -> Flag.FORCE;
            case "--ready" -> Flag.READY;
            case "--all" -> Flag.ALL;
            case "--purge" -> Flag.PURGE;
            case "--now" -> Flag.NOW;
            case "--no-daemon" -> Flag.NO_DAEMON;
            default -> null;
        };
    }

    private static Redactor.Argument assignment(String text, String prefix, String assignment) {
        int equals = assignment.indexOf('=');
        return equals <= 0 ? Redactor.Argument.plain(text)
                : new Redactor.Argument(text, prefix, assignment.substring(0, equals), assignment.substring(equals + 1));
    }

    /** One argument, or an option and its value ({@code --name value} or {@code --name=value}). */
    private record Token(String name, String value, boolean inline, String text) {
    }

    /** The options that take a value: these, and every {@link Value}'s. */
    private static final List<String> WITH_VALUE = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("--app", "--home", "--workers", "--mode", "--set", "--modes"),
            java.util.Arrays.stream(Value.values()).map(Value::option)).toList();

    private static List<Token> tokens(String[] args) {
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--") && arg.contains("=")) {
                tokens.add(new Token(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1), true, arg));
            } else if (WITH_VALUE.contains(arg)) {
                tokens.add(new Token(arg, i + 1 < args.length ? args[++i] : null, false, arg));
            } else {
                tokens.add(new Token(arg, null, false, arg));
            }
        }
        return tokens;
    }

    private static AgilabException usage(String message, String hint) {
        return AgilabException.of(FailureClass.USAGE, message).hint(hint).build();
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    public boolean help() {
        return has(Flag.HELP);
    }

    public boolean version() {
        return has(Flag.VERSION);
    }

    public boolean json() {
        return has(Flag.JSON);
    }

    public boolean verbose() {
        return has(Flag.VERBOSE);
    }

    public boolean protocol() {
        return has(Flag.PROTOCOL);
    }

    public boolean replan() {
        return has(Flag.REPLAN);
    }

    public boolean force() {
        return has(Flag.FORCE);
    }

    /** The value of a {@link Value} option, or null. */
    public String value(Value option) {
        return values.get(option);
    }

    /** The settings this run overrides, checked. @throws AgilabException (usage) for a value parse would refuse */
    public RunOverrides overrides() {
        RunOverrides overrides = new RunOverrides();
        for (Setting setting : settings) {
            switch (setting.option()) {
                case SET -> overrides.set(setting.value());
                case WORKERS -> overrides.workers(setting.value());
                case MODE -> overrides.mode(setting.value());
            }
        }
        return overrides;
    }

    public ManagerRequest withApp(String newApp) {
        return new ManagerRequest(command, arguments, newApp, home, settings, modes, flags, values);
    }

    public ManagerRequest withHome(Path newHome) {
        return new ManagerRequest(command, arguments, app, newHome, settings, modes, flags, values);
    }

    public ManagerRequest withSettings(List<Setting> newSettings) {
        return new ManagerRequest(command, arguments, app, home, newSettings, modes, flags, values);
    }

    /** This request with {@code added} flags and without {@code removed} ones. */
    public ManagerRequest withFlags(Set<Flag> added, Set<Flag> removed) {
        Set<Flag> newFlags = EnumSet.noneOf(Flag.class);
        newFlags.addAll(flags);
        newFlags.removeAll(removed);
        newFlags.addAll(added);
        return new ManagerRequest(command, arguments, app, home, settings, modes, newFlags, values);
    }

    /** The environment variable a replay reads the value of {@code --set key=...} from when its record masked it. */
    public static String replayVariable(String key) {
        String name = key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_+|_+$", "");
        return "AGILAB_SET_" + name;
    }

    /** Whether a {@code --set} value is a record's mask: a replayed secret, whose value lives elsewhere. */
    public boolean hasMaskedSecrets() {
        return settings.stream().anyMatch(s -> Redactor.MASK.equals(s.setValue()));
    }

    /**
     * This request with each {@code --set key=********} (a secret its run record masked, replayed) given its value
     * from {@link #replayVariable}, looked up in {@code secrets} (the environment, then .env); a masked value is never
     * used as it is.
     *
     * @param found told of each value read, a secret whatever its key's name
     * @throws AgilabException (usage) naming the key and the variable when the value is nowhere
     */
    public ManagerRequest withMaskedSecrets(Function<String, String> secrets, Consumer<String> found) {
        if (!hasMaskedSecrets()) {
            return this;
        }
        List<Setting> resolved = new ArrayList<>();
        for (Setting setting : settings) {
            if (Redactor.MASK.equals(setting.setValue())) {
                String variable = replayVariable(setting.setKey());
                String value = secrets.apply(variable);
                if (value == null) {
                    throw usage("--set " + setting.setKey() + " holds a secret its run record masked (" + Redactor.MASK
                            + "); set " + variable + " to its value", "export " + variable + "=... in the environment, or put "
                            + variable + "=... in ~/.agilab/.env, and run again");
                }
                found.accept(value);
                resolved.add(Setting.set(setting.setKey(), value));
            } else {
                resolved.add(setting);
            }
        }
        return withSettings(resolved);
    }
}
