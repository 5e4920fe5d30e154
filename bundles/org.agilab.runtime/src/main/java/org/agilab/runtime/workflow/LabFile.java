package org.agilab.runtime.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.AtomicFiles;
import org.agilab.runtime.settings.TomlText;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * A {@code lab_stages.toml}, read and written as upstream writes it: a {@code [__meta__]} table ({@code schema =
 * "agilab.lab_stages.v1"}, {@code version = 1}; a file without it is a legacy file, accepted) and one stage array per
 * app, either as tables ({@code [[flight_telemetry]]}) or inline ({@code flight_telemetry = [ { ... }, ... ]}). Every
 * key of a stage is kept, known or not. Edits change only the text they must: the value of one key, one stage added or
 * removed; every other character (comments, order, quoting, the form) stays, and a file nothing edited is written back
 * byte for byte. Each edit is checked by parsing the new text before anything is written, and {@link #save} replaces
 * the file atomically.
 */
public final class LabFile {

    public static final String FILE_NAME = "lab_stages.toml";
    public static final String META = "__meta__";
    public static final String SCHEMA = "agilab.lab_stages.v1";
    public static final int VERSION = 1;

    /** How a stage array is written. */
    public enum Form {
        /** {@code [[name]]} tables, one per stage. */
        TABLES,
        /** {@code name = [ { ... }, ... ]}. */
        INLINE
    }

    /** A stage array: its name, its form, its stages in order. */
    public record StageArray(String name, Form form, List<Stage> stages) {
    }

    /** Where a stage is in the text: its whole span, and the span of each of its keys' values. */
    private record Place(int start, int end, Map<String, TomlText.Entry> entries, int bodyEnd) {
    }

    private final Path path;
    private final String text;
    private final TomlParseResult toml;
    private final Map<String, StageArray> arrays;
    private final Map<Stage, Place> places;

    private LabFile(Path path, String text, TomlParseResult toml, Map<String, StageArray> arrays, Map<Stage, Place> places) {
        this.path = path;
        this.text = text;
        this.toml = toml;
        this.arrays = arrays;
        this.places = places;
    }

    /** Reads a lab file. @throws AgilabException (settings) naming the file and line of a TOML error */
    public static LabFile load(Path file) {
        try {
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw AgilabException.of(FailureClass.SETTINGS, "no " + FILE_NAME + " here").file(file)
                    .hint("give --lab the folder that holds " + FILE_NAME + ", or create one (see docs/workflow.md)").build();
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.SETTINGS, "cannot read: " + e.getMessage()).file(file).cause(e).build();
        }
    }

    /** A lab file's text, read as if it were at {@code file}. */
    public static LabFile parse(Path file, String text) {
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            TomlParseError error = toml.errors().get(0);
            throw AgilabException.of(FailureClass.SETTINGS, "not valid TOML: " + error.getMessage())
                    .at(file, error.position() == null ? 0 : error.position().line())
                    .hint("fix the TOML syntax at that line; nothing was run or written").build();
        }
        TomlText.Layout layout = TomlText.layout(text);
        List<String> names = new ArrayList<>();
        for (String key : toml.keySet()) {
            Object value = toml.get(List.of(key));
            if (!key.equals(META) && value instanceof TomlArray array && tables(array)) {
                names.add(key);
            }
        }
        // file order, not tomlj's
        names.sort((a, b) -> Integer.compare(firstOffset(layout, a), firstOffset(layout, b)));
        Map<String, StageArray> arrays = new LinkedHashMap<>();
        Map<Stage, Place> places = new java.util.IdentityHashMap<>();
        for (String name : names) {
            TomlArray array = toml.getArray(List.of(name));
            List<Place> found = new ArrayList<>();
            Form form = locate(layout, name, found);
            List<Stage> stages = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                Map<String, Object> values = toMap(array.getTable(i));
                Place place = i < found.size() ? found.get(i) : new Place(text.length(), text.length(), Map.of(), text.length());
                String explicit = values.get("id") instanceof String id && !id.isBlank() ? id.strip()
                        : values.get("stage_id") instanceof String id2 && !id2.isBlank() ? id2.strip() : null;
                String id = explicit != null ? explicit : (names.size() > 1 ? name + "." : "") + "stage_" + (i + 1);
                Stage stage = new Stage(name, i, id, layout.lineOf(place.start()), values);
                stages.add(stage);
                places.put(stage, place);
            }
            arrays.put(name, new StageArray(name, form, Collections.unmodifiableList(stages)));
        }
        return new LabFile(file, text, toml, Collections.unmodifiableMap(arrays), places);
    }

    /** An array of tables (or an empty array): a stage array. */
    private static boolean tables(TomlArray array) {
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof TomlTable)) {
                return false;
            }
        }
        return true;
    }

    private static int firstOffset(TomlText.Layout layout, String name) {
        for (TomlText.Entry entry : layout.entriesOf(0)) {
            if (entry.key().equals(List.of(name))) {
                return entry.keyStart();
            }
        }
        for (TomlText.Section section : layout.sections()) {
            if (section.arrayOfTables() && section.key().equals(List.of(name))) {
                return section.headerStart();
            }
        }
        return Integer.MAX_VALUE;
    }

    /** Finds each stage of array {@code name} in the text; returns the array's form. */
    private static Form locate(TomlText.Layout layout, String name, List<Place> found) {
        String text = layout.text();
        for (TomlText.Entry entry : layout.entriesOf(0)) {
            if (entry.key().equals(List.of(name))) {
                for (int[] element : TomlText.arrayElements(text, entry.valueStart())) {
                    Map<String, TomlText.Entry> entries = new LinkedHashMap<>();
                    if (text.charAt(element[0]) == '{') {
                        TomlText.inlineEntries(text, element[0]).forEach(e -> entries.put(topKey(e), e));
                    }
                    found.add(new Place(element[0], element[1], entries, element[1] - 1));
                }
                return Form.INLINE;
            }
        }
        List<TomlText.Section> sections = layout.sections();
        for (int s = 0; s < sections.size(); s++) {
            TomlText.Section section = sections.get(s);
            if (!section.arrayOfTables() || !section.key().equals(List.of(name))) {
                continue;
            }
            // the stage's own sub-tables ([name.profiles.smoke]) belong to it
            int end = section.end();
            int t = s + 1;
            while (t < sections.size() && !sections.get(t).arrayOfTables() && sections.get(t).key().size() > 1
                    && sections.get(t).key().get(0).equals(name)) {
                end = sections.get(t).end();
                t++;
            }
            Map<String, TomlText.Entry> entries = new LinkedHashMap<>();
            layout.entriesOf(s).forEach(e -> entries.put(topKey(e), e));
            List<TomlText.Entry> own = layout.entriesOf(s);
            int bodyEnd = own.isEmpty() ? section.start() : own.get(own.size() - 1).lineEnd();
            found.add(new Place(section.headerStart(), end, entries, bodyEnd));
        }
        return Form.TABLES;
    }

    private static String topKey(TomlText.Entry entry) {
        return String.join(".", entry.key());
    }

    /** A TOML table as plain Java values: maps, lists, strings, longs, doubles, booleans, dates. */
    static Map<String, Object> toMap(TomlTable table) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (table == null) {
            return map;
        }
        for (String key : table.keySet()) {
            map.put(key, plain(table.get(List.of(key))));
        }
        return map;
    }

    private static Object plain(Object value) {
        if (value instanceof TomlTable table) {
            return toMap(table);
        }
        if (value instanceof TomlArray array) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                list.add(plain(array.get(i)));
            }
            return list;
        }
        return value;
    }

    public Path path() {
        return path;
    }

    /** The folder the lab runs in: the one that holds the file. */
    public Path folder() {
        return path.toAbsolutePath().getParent();
    }

    public String text() {
        return text;
    }

    /** The stage arrays, in file order. */
    public Map<String, StageArray> arrays() {
        return arrays;
    }

    /** Every stage, array after array. */
    public List<Stage> stages() {
        List<Stage> all = new ArrayList<>();
        arrays.values().forEach(array -> all.addAll(array.stages()));
        return all;
    }

    /** The {@code [__meta__]} table, empty in a legacy file. */
    public Map<String, Object> meta() {
        return toMap(toml.getTable(META));
    }

    /** A file without {@code [__meta__]}: upstream's legacy form, read the same way. */
    public boolean legacy() {
        return toml.getTable(META) == null;
    }

    /** A top-level table other than the stage arrays ({@code [workflow]}), empty when absent. */
    public Map<String, Object> table(String name) {
        return toml.get(List.of(name)) instanceof TomlTable table ? toMap(table) : Map.of();
    }

    /**
     * The problem with the file's {@code [__meta__]}, or null: a schema other than {@link #SCHEMA} or a version above
     * {@link #VERSION} is one (a newer AGILab wrote it), as upstream checks.
     */
    public String metaProblem() {
        Map<String, Object> meta = meta();
        Object schema = meta.get("schema");
        if (schema != null && !String.valueOf(schema).isBlank() && !SCHEMA.equals(schema)) {
            return "unsupported schema '" + schema + "' in [" + META + "] (this AGILab reads " + SCHEMA + ")";
        }
        Object version = meta.get("version");
        if (version != null && (!(version instanceof Long v) || v < 1 || v > VERSION)) {
            return "unsupported version " + version + " in [" + META + "] (this AGILab reads version " + VERSION + ")";
        }
        return null;
    }

    /** The stage with this id, or null. */
    public Stage stage(String id) {
        return stages().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------------------------------------------- edits

    /**
     * The file with {@code key} of {@code stage} set to {@code value} (a string, number, boolean, list or map); a
     * string holding newlines is written as a {@code '''} block in the tables form, as an escaped string inline.
     */
    public LabFile withValue(Stage stage, String key, Object value) {
        Place place = place(stage);
        Form form = arrays.get(stage.array()).form();
        String literal = form == Form.TABLES && value instanceof String s ? TomlText.blockLiteral(s) : TomlText.literal(value);
        TomlText.Entry entry = place.entries().get(key);
        String edited;
        if (entry != null) {
            edited = text.substring(0, entry.valueStart()) + literal + text.substring(entry.valueEnd());
        } else if (form == Form.TABLES) {
            int at = place.bodyEnd();
            String before = at > 0 && text.charAt(at - 1) != '\n' ? "\n" : "";
            edited = text.substring(0, at) + before + TomlText.key(key) + " = " + literal + "\n" + text.substring(at);
        } else {
            int close = place.bodyEnd(); // the offset of the inline table's }
            int last = close;
            while (last > place.start() + 1 && Character.isWhitespace(text.charAt(last - 1))) {
                last--;
            }
            boolean empty = last == place.start() + 1;
            String addition = (empty ? " " : ", ") + TomlText.key(key) + " = " + literal + " ";
            edited = text.substring(0, last) + addition + text.substring(close);
        }
        return reparse(edited, "setting " + key + " of stage '" + stage.id() + "'");
    }

    /** The file without {@code key} in {@code stage} (unchanged when the stage has no such key). */
    public LabFile withoutKey(Stage stage, String key) {
        Place place = place(stage);
        TomlText.Entry entry = place.entries().get(key);
        if (entry == null) {
            return this;
        }
        String edited;
        if (arrays.get(stage.array()).form() == Form.TABLES) {
            edited = text.substring(0, entry.lineStart()) + text.substring(entry.lineEnd());
        } else {
            int start = entry.keyStart();
            int end = entry.valueEnd();
            int after = skip(end);
            if (after < text.length() && text.charAt(after) == ',') {
                end = skip(after + 1); // "a = 1, b = 2" -> "b = 2"
            } else {
                int before = start;
                while (before > place.start() + 1 && Character.isWhitespace(text.charAt(before - 1))) {
                    before--;
                }
                if (text.charAt(before - 1) == ',') {
                    start = before - 1; // "a = 1, b = 2" -> "a = 1"
                }
            }
            edited = text.substring(0, start) + text.substring(end);
        }
        return reparse(edited, "removing " + key + " of stage '" + stage.id() + "'");
    }

    /**
     * The file with a new stage at the end of {@code array} (created as {@code [[array]]} tables when the file has no
     * such array), its keys in the map's order.
     */
    public LabFile withStage(String array, Map<String, Object> values) {
        StageArray existing = arrays.get(array);
        String edited;
        if (existing == null || existing.form() == Form.TABLES) {
            StringBuilder block = new StringBuilder("[[").append(TomlText.key(array)).append("]]\n");
            values.forEach((k, v) -> block.append(TomlText.key(k)).append(" = ")
                    .append(v instanceof String s ? TomlText.blockLiteral(s) : TomlText.literal(v)).append('\n'));
            int at = existing == null || existing.stages().isEmpty() ? text.length() : place(last(existing)).end();
            String head = text.substring(0, at);
            String sep = head.isEmpty() ? "" : head.endsWith("\n\n") ? "" : head.endsWith("\n") ? "\n" : "\n\n";
            String tail = text.substring(at);
            edited = head + sep + block + (tail.isEmpty() || tail.startsWith("\n") ? "" : "\n") + tail;
        } else {
            String inline = TomlText.literal(values);
            if (existing.stages().isEmpty()) {
                TomlText.Entry entry = rootEntry(array);
                edited = text.substring(0, entry.valueStart()) + "[\n  " + inline + "\n]" + text.substring(entry.valueEnd());
            } else {
                int end = place(last(existing)).end();
                int after = skip(end);
                boolean trailingComma = after < text.length() && text.charAt(after) == ',';
                String indent = indentOf(place(last(existing)).start());
                edited = trailingComma ? text.substring(0, after + 1) + "\n" + indent + inline + "," + text.substring(after + 1)
                        : text.substring(0, end) + ",\n" + indent + inline + text.substring(end);
            }
        }
        return reparse(edited, "adding a stage to " + array);
    }

    /** The file without {@code stage}. */
    public LabFile withoutStage(Stage stage) {
        Place place = place(stage);
        String edited;
        if (arrays.get(stage.array()).form() == Form.TABLES) {
            int start = place.start();
            int end = place.end();
            edited = text.substring(0, start) + text.substring(end);
        } else {
            int start = place.start();
            int end = place.end();
            int after = skip(end);
            if (after < text.length() && text.charAt(after) == ',') {
                end = after + 1;
            } else {
                int before = start;
                while (before > 0 && Character.isWhitespace(text.charAt(before - 1))) {
                    before--;
                }
                if (before > 0 && text.charAt(before - 1) == ',') {
                    start = before - 1;
                }
            }
            int lineStart = text.lastIndexOf('\n', start - 1) + 1;
            if (text.substring(lineStart, start).isBlank()) {
                start = lineStart; // the stage's own line goes whole
                int newline = text.indexOf('\n', end);
                if (newline >= 0 && text.substring(end, newline).isBlank()) {
                    end = newline + 1;
                }
            }
            edited = text.substring(0, start) + text.substring(end);
        }
        return reparse(edited, "removing stage '" + stage.id() + "'");
    }

    /** The file with {@code [__meta__]} (schema and version) when it has none; unchanged otherwise. */
    public LabFile withMeta() {
        if (!legacy()) {
            return this;
        }
        String sep = text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
        return reparse(text + sep + "[" + META + "]\nschema = \"" + SCHEMA + "\"\nversion = " + VERSION + "\n", "adding [" + META + "]");
    }

    /** Writes the text atomically (a temporary file renamed over the file). */
    public void save() {
        AtomicFiles.writeString(path, text);
    }

    private Place place(Stage stage) {
        Place place = places.get(stage);
        if (place == null) {
            for (Map.Entry<Stage, Place> entry : places.entrySet()) {
                if (entry.getKey().array().equals(stage.array()) && entry.getKey().index() == stage.index()) {
                    return entry.getValue();
                }
            }
            throw new IllegalArgumentException("stage '" + stage.id() + "' is not in " + path);
        }
        return place;
    }

    private static Stage last(StageArray array) {
        return array.stages().get(array.stages().size() - 1);
    }

    private TomlText.Entry rootEntry(String name) {
        return TomlText.layout(text).entriesOf(0).stream().filter(e -> e.key().equals(List.of(name))).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is not a root entry"));
    }

    private String indentOf(int offset) {
        int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        String before = text.substring(lineStart, offset);
        return before.isBlank() ? before : "  ";
    }

    private int skip(int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private LabFile reparse(String edited, String what) {
        try {
            return parse(path, edited);
        } catch (AgilabException e) {
            throw AgilabException.of(FailureClass.SETTINGS, what + " would make the file invalid: " + e.getMessage()).file(path)
                    .hint("the file was not changed").build();
        }
    }
}
