package org.agilab.runtime.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.agilab.api.Arg;
import org.agilab.api.InvalidArgException;
import org.agilab.api.ValidatedArgs;
import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.settings.AppSettings;
import org.agilab.runtime.settings.RunOverrides;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgsBinderTest {

    public enum Format {
        PARQUET, CSV
    }

    public static class FlightLikeArgs implements ValidatedArgs {
        @Arg(required = true)
        public Path dataIn = Path.of("flight/dataset");
        @Arg(min = 0)
        public int nfile = 1;
        @Arg(min = 0, max = 1)
        public double samplingRate = 1.0;
        public LocalDate datemin = LocalDate.of(2020, 1, 1);
        public LocalDate datemax = LocalDate.of(2021, 1, 1);
        public Format outputFormat = Format.PARQUET;
        @Arg(oneOf = { "file" })
        public String dataSource = "file";
        @Arg(pattern = "[A-Za-z0-9*?._-]+")
        public String files = "*";
        public boolean resetTarget;
        public List<String> tags = List.of();
        @Arg(key = "legacy_name")
        public String renamed = "x";

        @Override
        public void validate() throws InvalidArgException {
            if (datemax.isBefore(datemin)) {
                throw new InvalidArgException("datemax", datemax, "must not be before datemin (" + datemin + ")");
            }
        }
    }

    @TempDir
    Path dir;
    Path settingsFile;
    AppProject app;
    AgilabHome home;

    @BeforeEach
    void setUp() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("flight_project"));
        settingsFile = folder.resolve("app_settings.toml");
        app = AppProject.at(folder);
        home = AgilabHome.resolve(dir.resolve("home"), Map.of("USER", "u"));
    }

    private FlightLikeArgs bind(String args, RunOverrides overrides) throws Exception {
        Files.writeString(settingsFile, "[args]\n" + args);
        return ArgsBinder.bind(FlightLikeArgs.class, AppSettings.load(app, home, overrides).requireValid());
    }

    private AgilabException failure(String args) {
        return assertThrows(AgilabException.class, () -> bind(args, RunOverrides.none()));
    }

    @Test
    void anArgsClassIsReflectedOnceAndItsFieldsCannotChange() {
        List<ArgsBinder.ArgField> fields = ArgsBinder.fields(FlightLikeArgs.class);
        assertSame(fields, ArgsBinder.fields(FlightLikeArgs.class), "a service binds every task's args: the reflection is done once");
        assertThrows(UnsupportedOperationException.class, () -> fields.remove(0));
    }

    @Test
    void bindsEveryTypeAndKeepsDefaults() throws Exception {
        FlightLikeArgs args = bind("""
                data_in = "/data/in"
                nfile = 3
                sampling_rate = 0.5
                datemin = "2020-02-01"
                datemax = 2020-03-01
                output_format = "csv"
                reset_target = true
                tags = ["a", "b"]
                legacy_name = "y"
                """, RunOverrides.none().set("nfile=4"));
        assertEquals(Path.of("/data/in"), args.dataIn);
        assertEquals(4, args.nfile, "--set wins over the file");
        assertEquals(0.5, args.samplingRate);
        assertEquals(LocalDate.of(2020, 2, 1), args.datemin);
        assertEquals(LocalDate.of(2020, 3, 1), args.datemax);
        assertEquals(Format.CSV, args.outputFormat);
        assertTrue(args.resetTarget);
        assertEquals(List.of("a", "b"), args.tags);
        assertEquals("y", args.renamed);
        assertEquals("file", args.dataSource, "default kept");
        assertEquals(Map.ofEntries(Map.entry("data_in", "/data/in"), Map.entry("nfile", 4L), Map.entry("sampling_rate", 0.5),
                Map.entry("datemin", "2020-02-01"), Map.entry("datemax", "2020-03-01"), Map.entry("output_format", "csv"),
                Map.entry("data_source", "file"), Map.entry("files", "*"), Map.entry("reset_target", true),
                Map.entry("tags", List.of("a", "b")), Map.entry("legacy_name", "y")), ArgsBinder.toMap(args));
    }

    @Test
    void everyRuleNamesKeyValueRuleAndLine() {
        AgilabException unknown = failure("nfil = 2\n");
        assertEquals(FailureClass.SETTINGS, unknown.failureClass());
        assertEquals(settingsFile, unknown.file());
        assertEquals(2, unknown.line());
        assertTrue(unknown.getMessage().startsWith("args.nfil = 2: unknown arg"), unknown.getMessage());
        assertTrue(unknown.hint().contains("did you mean 'nfile'"), unknown.hint());

        assertMessage(failure("nfile = -1\n"), "args.nfile = -1: must be at least 0");
        assertMessage(failure("nfile = \"two\"\n"), "args.nfile = \"two\": must be a whole number");
        assertMessage(failure("sampling_rate = 2.5\n"), "args.sampling_rate = 2.5: must be at most 1");
        assertMessage(failure("output_format = \"xls\"\n"), "args.output_format = \"xls\": must be one of parquet, csv");
        assertMessage(failure("data_source = \"hawk\"\n"), "args.data_source = \"hawk\": must be one of file");
        assertMessage(failure("files = \"a b\"\n"), "args.files = \"a b\": must match the pattern");
        assertMessage(failure("datemin = \"last year\"\n"), "args.datemin = \"last year\": must be a date written YYYY-MM-DD");
        assertMessage(failure("reset_target = \"yes\"\n"), "args.reset_target = \"yes\": must be true or false");
        assertMessage(failure("tags = [1, 2]\n"), "args.tags = [1, 2]: must be an array of strings");
        assertMessage(failure("data_in = \"\"\n"), "args.data_in = \"\": is required and must not be empty");
        AgilabException crossField = failure("datemin = \"2020-05-01\"\ndatemax = \"2020-04-01\"\n");
        assertMessage(crossField, "args.datemax = 2020-04-01: must not be before datemin (2020-05-01)");
        assertEquals(3, crossField.line(), "the line of datemax");
    }

    @Test
    void setErrorsNameTheOption() {
        AgilabException error = assertThrows(AgilabException.class, () -> bind("", RunOverrides.none().set("nfile=-5")));
        assertNull(error.file());
        assertTrue(error.hint().contains("--set args.nfile"), error.hint());
    }

    private static void assertMessage(AgilabException error, String expectedStart) {
        assertEquals(FailureClass.SETTINGS, error.failureClass());
        assertTrue(error.getMessage().startsWith(expectedStart), error.getMessage());
    }

    @Test
    void snakeCaseOfFieldNames() {
        assertEquals("data_in", ArgsBinder.snakeCase("dataIn"));
        assertEquals("nfile", ArgsBinder.snakeCase("nfile"));
        assertEquals("sampling_rate", ArgsBinder.snakeCase("samplingRate"));
        assertEquals("output_format", ArgsBinder.snakeCase("outputFormat"));
    }
}
