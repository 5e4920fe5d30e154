package org.agilab.runtime.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.request.ManagerRequest;

/**
 * Upstream's import of a generated run snippet as a stage, for our run records: the command line a run was started
 * with becomes an {@code agilab} stage appended to the app's lab ({@code ~/export/<target>/lab_stages.toml}, created
 * with its {@code [__meta__]} when absent).
 */
public final class StageImport {

    private StageImport() {
    }

    /** An app's lab folder, upstream's {@code ~/export/<target>/}. */
    public static Path labFolder(AgilabHome home, String target) {
        return home.exportRoot().resolve(target);
    }

    /**
     * The {@code agilab} line of a recorded command: its command, app, mode, workers, {@code --set} values (a secret
     * stays masked: the stage's manager reads it where secrets live) and options, without {@code --home} (the workflow
     * gives its own) nor the output options ({@code --protocol}, {@code --json}, {@code --verbose}). The app is written
     * as recorded when it is a name, else as the recorded app folder (a relative path would depend on where the run
     * was started).
     *
     * @throws AgilabException (usage) when the recorded command cannot be read or names no app
     */
    public static String agilabLine(List<String> argv, Path appFolder) {
        ManagerRequest request = ManagerRequest.parse(argv);
        if (request.command() == null || request.app() == null) {
            throw AgilabException.of(FailureClass.USAGE, "the recorded command names no --app: " + String.join(" ", argv))
                    .hint("only a run of an app can become a stage").build();
        }
        String app = request.app();
        if ((app.contains("/") || app.contains("\\")) && appFolder != null) {
            app = appFolder.toString();
        }
        ManagerRequest line = request.withApp(app).withHome(null)
                .withFlags(Set.of(), EnumSet.of(ManagerRequest.Flag.PROTOCOL, ManagerRequest.Flag.JSON, ManagerRequest.Flag.VERBOSE));
        return CommandWords.join(line.toArgv());
    }

    /**
     * Appends an {@code agilab} stage running {@code line} to the {@code array} stages of the lab file (created with
     * {@code [__meta__]} when absent), its id {@code baseId} or {@code baseId_2}, ... when taken; saves atomically.
     *
     * @return the file as saved, and the stage's id
     */
    public static Added addAgilabStage(Path labFile, String array, String baseId, String description, String line) {
        LabFile lab = Files.isRegularFile(labFile) ? LabFile.load(labFile) : LabFile.parse(labFile, "").withMeta();
        String id = baseId;
        for (int n = 2; lab.stage(id) != null; n++) {
            id = baseId + "_" + n;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", id);
        values.put("D", description);
        values.put("R", "agilab");
        values.put("C", line);
        LabFile edited = lab.withStage(array, values);
        try {
            Files.createDirectories(labFile.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw AgilabException.of(FailureClass.SETTINGS, "cannot create the lab folder: " + e.getMessage()).file(labFile).cause(e).build();
        }
        edited.save();
        return new Added(edited, id);
    }

    /** What {@link #addAgilabStage} wrote. */
    public record Added(LabFile lab, String stageId) {
    }
}
