package org.agilab.runtime.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppArchive;
import org.agilab.runtime.env.AppCopier;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.FileTrees;
import org.agilab.runtime.log.AgiLog;
import org.agilab.runtime.protocol.Event;
import org.agilab.runtime.request.Command;
import org.agilab.runtime.request.ManagerRequest;
import org.agilab.runtime.request.ManagerRequest.Value;
import org.agilab.runtime.ssh.SshSettings;

/**
 * {@code agilab app export|import|clone|rename|delete}: upstream's PROJECT page actions. Each prints (and puts in its
 * result's data) the paths it wrote. Rename and delete take the app's lock (a running operation makes them wait or
 * refuse, as any other) and stop the app's warm nodes first; delete keeps outputs and run records, and with
 * {@code --purge} also removes the app's {@code ~/wenv/<target>_worker/} and user overrides.
 */
final class AppCommand {

    private static final AgiLog LOG = AgiLog.get(AppCommand.class);
    private static final List<String> ACTIONS = List.of("export", "import", "clone", "rename", "delete");

    private AppCommand() {
    }

    static int execute(OperationContext context) {
        List<String> words = context.request().arguments();
        String action = words.isEmpty() ? "" : words.get(0);
        if (!ACTIONS.contains(action) || words.size() != (action.equals("import") ? 2 : 1)) {
            throw AgilabException.of(FailureClass.USAGE, action.equals("import") ? "app import needs one zip: app import ZIP"
                    : "app needs one of " + String.join(", ", ACTIONS) + (words.isEmpty() ? "" : ", not '" + String.join(" ", words) + "'"))
                    .hint("agilab app export --app flight_telemetry, or agilab app import ~/export/apps-zip/flight_telemetry_project.zip")
                    .build();
        }
        if (!action.equals("import") && context.app() == null) {
            throw AgilabException.of(FailureClass.USAGE, "app " + action + " needs --app NAME|PATH").hint("agilab app " + action + " --app flight_telemetry")
                    .build();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("action", action);
        String summary = switch (action) {
            case "export" -> export(context, data);
            case "import" -> importZip(context, Path.of(words.get(1)), data);
            case "clone" -> cloneApp(context, data);
            case "rename" -> rename(context, data);
            default -> delete(context, data);
        };
        context.events().emit(Event.Result.ok(Command.APP.id(), data, summary));
        return 0;
    }

    private static String export(OperationContext context, Map<String, Object> data) {
        String out = context.request().value(Value.OUT);
        Path zip = out != null ? Path.of(out) : AppArchive.defaultZip(context.home().exportRoot(), context.app());
        AppArchive.Exported exported = AppArchive.export(context.app(), zip, context.request().force());
        data.put("app", context.app().folder().toString());
        data.put("zip", exported.zip().toString());
        data.put("files", exported.files());
        data.put("bytes", exported.bytes());
        return "exported " + context.app().name() + " (" + exported.files() + " files) to " + exported.zip();
    }

    private static String importZip(OperationContext context, Path zip, Map<String, Object> data) {
        Path into = into(context);
        AppProject imported = AppArchive.importZip(zip, context.request().value(Value.AS), into, context.request().force());
        data.put("zip", zip.toAbsolutePath().normalize().toString());
        data.put("app", imported.folder().toString());
        return imported.folder().toString();
    }

    private static String cloneApp(OperationContext context, Map<String, Object> data) {
        String to = newName(context);
        Path into = context.request().value(Value.INTO) != null ? into(context) : context.app().folder().getParent();
        AppProject copy = AppCopier.copy(context.app(), to, into);
        data.put("from", context.app().folder().toString());
        data.put("app", copy.folder().toString());
        return copy.folder().toString();
    }

    /**
     * The folder, then the user's overrides and the worker environment, each moved whole; the old folder goes last, so
     * a failure on the way leaves the old app working and says what was already moved.
     */
    private static String rename(OperationContext context, Map<String, Object> data) {
        AppProject app = context.app();
        AgilabHome home = context.home();
        String to = newName(context);
        if (to.equals(app.name())) {
            throw AgilabException.of(FailureClass.USAGE, "the app is named " + to + " already").hint("give --to a new name").build();
        }
        Path destination = app.folder().resolveSibling(to);
        Path overrides = home.userSettings(app.name()).getParent();
        Path newOverrides = home.userSettings(to).getParent();
        Path workerEnv = home.workerEnv(app.target());
        String newTarget = to.substring(0, to.length() - AppProject.SUFFIX.length());
        Path newWorkerEnv = home.workerEnv(newTarget);
        for (Path taken : List.of(destination, newOverrides, newWorkerEnv)) {
            if (Files.exists(taken)) {
                throw AgilabException.of(FailureClass.SETTINGS, taken + " exists already: a rename never writes over another app's files")
                        .file(taken).hint("choose another name, or delete that app first (agilab app delete --purge)").build();
            }
        }
        List<String> moved = new ArrayList<>();
        stopNodesLocked(context, "app rename", () -> {
            AppProject renamed = AppCopier.copy(app, to, app.folder().getParent());
            moved.add("app " + renamed.folder());
            try {
                if (Files.isDirectory(overrides)) {
                    Path staging = FileTrees.stagingFolder(newOverrides, "rename");
                    try {
                        AppCopier.copyRenamed(overrides, app.name(), to, staging);
                        FileTrees.moveIntoPlace(staging, newOverrides, false);
                    } finally {
                        FileTrees.delete(staging);
                    }
                    FileTrees.delete(overrides);
                    moved.add("overrides " + newOverrides);
                }
            } catch (IOException e) {
                throw partly("cannot move the user overrides " + overrides + " to " + newOverrides, e, moved, app);
            }
        });
        // outside the lock, whose file is inside the worker environment
        try {
            if (Files.isDirectory(workerEnv)) {
                FileTrees.move(workerEnv, newWorkerEnv);
                moved.add("worker environment " + newWorkerEnv);
            }
            FileTrees.delete(app.folder());
        } catch (IOException e) {
            throw partly("cannot finish the rename", e, moved, app);
        }
        data.put("from", app.folder().toString());
        data.put("app", destination.toString());
        data.put("overrides", Files.isDirectory(newOverrides) ? newOverrides.toString() : null);
        data.put("workerEnv", Files.isDirectory(newWorkerEnv) ? newWorkerEnv.toString() : null);
        return destination.toString();
    }

    private static AgilabException partly(String what, IOException e, List<String> moved, AppProject app) {
        return AgilabException.of(FailureClass.INSTALL, what + ": " + e.getMessage() + "; already done: " + String.join(", ", moved))
                .file(app.folder()).cause(e).hint("the old app " + app.folder() + " is still there; fix the cause, then delete one of the two")
                .build();
    }

    /** The app folder goes whole (renamed aside, then removed); outputs and run records stay. */
    private static String delete(OperationContext context, Map<String, Object> data) {
        AppProject app = context.app();
        AgilabHome home = context.home();
        boolean purge = context.request().has(ManagerRequest.Flag.PURGE);
        List<String> removed = new ArrayList<>();
        Path workerEnv = home.workerEnv(app.target());
        boolean hadWorkerEnv = Files.isDirectory(workerEnv);
        stopNodesLocked(context, "app delete", () -> {
            try {
                Path aside = FileTrees.stagingFolder(app.folder(), "deleted");
                FileTrees.move(app.folder(), aside.resolve(app.name()));
                removed.add(app.folder().toString());
                FileTrees.delete(aside);
            } catch (IOException e) {
                throw AgilabException.of(FailureClass.INSTALL, "cannot delete " + app.folder() + ": " + e.getMessage()).file(app.folder())
                        .cause(e).hint("check the permissions of the apps folder; removed so far: " + removed).build();
            }
        });
        // after the lock, whose file is in the worker environment
        for (Path folder : purge ? home.purgeable(app) : List.<Path>of()) {
            try {
                FileTrees.delete(folder);
                removed.add(folder.toString());
            } catch (IOException e) {
                throw AgilabException.of(FailureClass.INSTALL, "deleted the app but not " + folder + ": " + e.getMessage())
                        .file(folder).cause(e).hint("remove " + folder + " by hand").build();
            }
        }
        if (!purge && !hadWorkerEnv) {
            try {
                FileTrees.delete(workerEnv); // only the lock made it: nothing of the user's is in it
            } catch (IOException e) {
                LOG.warn("the lock's folder " + workerEnv + " stays: " + e.getMessage());
            }
        }
        data.put("app", app.folder().toString());
        data.put("removed", removed);
        data.put("kept", List.of(home.executeLogs(app.target()).toString(), home.localShare().value().resolve(app.target()).toString()));
        return "deleted " + String.join(", ", removed) + (purge ? "" : " (its worker environment and overrides stay: --purge removes them)");
    }

    /** Runs {@code work} under the app's lock after stopping its coordinator and warm nodes. */
    private static void stopNodesLocked(OperationContext context, String command, Runnable work) {
        try (LifecycleLock lock = LifecycleLock.acquire(context.home().workerEnv(context.app().target()), command)) {
            Operations.stopNodes(context, ssh(context));
            work.run();
        }
    }

    /** How to reach the app's SSH hosts to stop nodes there; without readable settings they stop themselves when idle. */
    private static SshSettings ssh(OperationContext context) {
        if (context.settings() == null) {
            return null;
        }
        try {
            return Operations.sshSettings(context);
        } catch (AgilabException e) {
            LOG.warn("the app's SSH settings cannot be read (" + e.getMessage() + "): nodes on SSH hosts stop themselves when idle");
            return null;
        }
    }

    private static String newName(OperationContext context) {
        String to = context.request().value(Value.TO);
        if (to == null) {
            throw AgilabException.of(FailureClass.USAGE, "app " + context.request().arguments().get(0) + " needs --to NEW_project")
                    .hint("for example --to flight2_project").build();
        }
        String problem = AppProject.nameProblem(to);
        if (problem != null) {
            throw AgilabException.of(FailureClass.SETTINGS, problem).hint("for example --to my_app_project").build();
        }
        return to;
    }

    /** {@code --into}, else the apps folder (APPS_PATH, else the checkout's apps/). */
    private static Path into(OperationContext context) {
        String into = context.request().value(Value.INTO);
        return into != null ? Path.of(into).toAbsolutePath().normalize() : context.home().appsFolder().value();
    }
}
