package org.agilab.runtime.env;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.agilab.runtime.error.AgilabException;
import org.agilab.runtime.error.FailureClass;
import org.agilab.runtime.io.ArchiveMembers;
import org.agilab.runtime.io.FileTrees;

/**
 * App archives as upstream's PROJECT page writes and reads them: {@code <app>.zip} holding the app folder's files by
 * their paths relative to the folder (no folder of their own), filtered by the app's {@link ExportFilter}. Import also
 * takes a zip whose members all sit in one {@code <name>_project/} folder. Both write beside their destination first
 * and move the result into place whole: a failure leaves nothing half-written, and the destination as it was.
 */
public final class AppArchive {

    /** Upstream's folder for app archives under the export root: {@code ~/export/apps-zip/}. */
    public static final String EXPORT_FOLDER = "apps-zip";

    /** What an export wrote. */
    public record Exported(Path zip, int files, long bytes) {
    }

    private AppArchive() {
    }

    /** {@code <export root>/apps-zip/<app>.zip}. */
    public static Path defaultZip(Path exportRoot, AppProject app) {
        return exportRoot.resolve(EXPORT_FOLDER).resolve(app.name() + ".zip");
    }

    /**
     * Writes the app's files, less what its export filter leaves out, to {@code zip}.
     *
     * @param replace whether an existing zip may be replaced
     * @throws AgilabException (settings) when the zip exists and {@code replace} is false, or a link in the app points
     *         outside it; (install) when the zip cannot be written
     */
    public static Exported export(AppProject app, Path zip, boolean replace) {
        Path target = zip.toAbsolutePath().normalize();
        if (Files.exists(target) && !replace) {
            throw AgilabException.of(FailureClass.SETTINGS, "the archive exists already").file(target)
                    .hint("give --force to replace it, or --out another file").build();
        }
        if (target.startsWith(app.folder())) {
            throw AgilabException.of(FailureClass.SETTINGS, "the archive would be written inside the app it holds").file(target)
                    .hint("give --out a file outside " + app.folder()).build();
        }
        TreeMap<String, Path> members = members(app);
        Path temporary = null;
        try {
            Files.createDirectories(target.getParent());
            temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            long bytes = 0;
            try (OutputStream out = Files.newOutputStream(temporary); ZipOutputStream zipOut = new ZipOutputStream(out)) {
                for (var member : members.entrySet()) {
                    ZipEntry entry = new ZipEntry(member.getKey());
                    entry.setLastModifiedTime(Files.getLastModifiedTime(member.getValue()));
                    zipOut.putNextEntry(entry);
                    bytes += Files.copy(member.getValue(), zipOut);
                    zipOut.closeEntry();
                }
            }
            FileTrees.move(temporary, target); // over an existing zip only when replace was given
            return new Exported(target, members.size(), bytes);
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.INSTALL, "cannot write the app archive: " + e.getMessage()).file(target).cause(e)
                    .hint("check free disk space and permissions; nothing was written").build();
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a hidden temporary file at worst
                }
            }
        }
    }

    /** The files an export holds, by member name; a link is followed only to a file inside the app. */
    private static TreeMap<String, Path> members(AppProject app) {
        ExportFilter filter = ExportFilter.of(app.folder());
        TreeMap<String, Path> members = new TreeMap<>();
        Path root = app.folder();
        try {
            Path realRoot = root.toRealPath();
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                    String relative = relative(root, folder);
                    return relative.isEmpty() || !filter.excludes(relative, true) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String relative = relative(root, file);
                    boolean folder = Files.isDirectory(file);
                    if (filter.excludes(relative, folder)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attributes.isSymbolicLink()) {
                        Path real = file.toRealPath();
                        if (!real.startsWith(realRoot)) {
                            throw AgilabException.of(FailureClass.SETTINGS, "'" + relative + "' links outside the app, to " + real)
                                    .file(file).hint("replace the link with the file, or leave it out in " + ExportFilter.FILE_NAME)
                                    .build();
                        }
                        if (!Files.isRegularFile(real)) {
                            return FileVisitResult.CONTINUE; // a link to a folder inside the app: its files are exported where they are
                        }
                    } else if (!attributes.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    members.put(relative, file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.INSTALL, "cannot read the app: " + e.getMessage()).file(root).cause(e)
                    .hint("check the app folder's permissions").build();
        }
        return members;
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    /**
     * Extracts an app archive into {@code into/<name>}: {@code name} is {@code asName}, else the zip's own name
     * ({@code flight_telemetry_project.zip}). When the name differs from the app's in the archive, its identifiers are
     * renamed as a clone renames them.
     *
     * @param replace whether an existing app folder of that name may be replaced
     * @return the imported app
     * @throws AgilabException (settings) for a bad name, an app that exists, a member that would land outside the app
     *         or an archive that holds no app; (data) for a damaged zip; (install) when it cannot be written
     */
    public static AppProject importZip(Path zip, String asName, Path into, boolean replace) {
        Path source = zip.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) {
            throw AgilabException.of(FailureClass.SETTINGS, "no such archive").file(source).hint("give the path of an app .zip").build();
        }
        String fileName = source.getFileName().toString();
        String stem = fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".zip") ? fileName.substring(0, fileName.length() - 4) : fileName;
        try (ZipFile archive = new ZipFile(source.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(archive.entries());
            String wrapper = wrapper(entries);
            String archived = archivedName(entries, wrapper, stem);
            String name = asName != null ? asName : archived;
            String problem = AppProject.nameProblem(name);
            if (problem != null) {
                AgilabException.Builder refusal = AgilabException.of(FailureClass.SETTINGS, problem);
                throw (asName != null ? refusal.hint("give --as a name like my_app_project")
                        : refusal.file(source).hint("rename the zip to <name>_project.zip or give --as NAME_project")).build();
            }
            Path destination = into.toAbsolutePath().normalize().resolve(name);
            if (Files.exists(destination) && !replace) {
                throw AgilabException.of(FailureClass.SETTINGS, "an app named " + name + " exists already").file(destination)
                        .hint("give --force to replace it, or --as another name").build();
            }
            Path staging = FileTrees.stagingFolder(destination, "import");
            try {
                Path extracted = staging.resolve(archived.equals(name) ? name : "extracted");
                extract(archive, entries, wrapper, extracted, source);
                if (!Files.isRegularFile(extracted.resolve(AppProject.SETTINGS_FILE))
                        && !Files.isRegularFile(extracted.resolve("src").resolve(AppProject.SETTINGS_FILE))) {
                    throw AgilabException.of(FailureClass.SETTINGS, "the archive holds no app: no " + AppProject.SETTINGS_FILE
                            + " at its root or under src/").file(source).hint("export the app with agilab app export").build();
                }
                Path ready = extracted;
                if (!archived.equals(name)) {
                    ready = staging.resolve(name);
                    AppCopier.copyRenamed(extracted, archived, name, ready);
                }
                FileTrees.moveIntoPlace(ready, destination, replace);
            } finally {
                FileTrees.delete(staging);
            }
            return AppProject.at(destination);
        } catch (ZipException | IllegalArgumentException e) {
            // ZipFile reports malformed entry names as IllegalArgumentException
            throw AgilabException.of(FailureClass.DATA, "the archive is damaged: " + e.getMessage()).file(source).cause(e)
                    .hint("the file is not a readable zip; export the app again").build();
        } catch (FileAlreadyExistsException e) {
            throw AgilabException.of(FailureClass.SETTINGS, "an app exists already at " + e.getFile()).file(Path.of(e.getFile()))
                    .hint("give --force to replace it, or --as another name").build();
        } catch (IOException e) {
            throw AgilabException.of(FailureClass.INSTALL, "cannot import the archive: " + e.getMessage()).file(source).cause(e)
                    .hint("check free disk space and the apps folder's permissions; nothing was changed").build();
        }
    }

    /** The one {@code <name>_project/} folder every member sits in, with its slash, or "" when the files are at the root. */
    private static String wrapper(List<? extends ZipEntry> entries) {
        Set<String> tops = new LinkedHashSet<>();
        for (ZipEntry entry : entries) {
            String name = entry.getName();
            int slash = name.indexOf('/');
            if (slash < 0) {
                return ""; // a file at the root
            }
            tops.add(name.substring(0, slash + 1));
        }
        if (tops.size() != 1) {
            return "";
        }
        String top = tops.iterator().next();
        return AppProject.nameProblem(top.substring(0, top.length() - 1)) == null ? top : "";
    }

    /**
     * The app's name in the archive: the folder its members sit in, else the target whose manager and worker packages
     * it holds ({@code src/<target>/} and {@code src/<target>_worker/}), else the zip's name.
     */
    private static String archivedName(List<? extends ZipEntry> entries, String wrapper, String stem) {
        if (!wrapper.isEmpty()) {
            return wrapper.substring(0, wrapper.length() - 1);
        }
        Set<String> packages = new LinkedHashSet<>();
        for (ZipEntry entry : entries) {
            String[] parts = entry.getName().split("/");
            if (parts.length >= 2 && parts[0].equals("src") && (entry.isDirectory() || parts.length >= 3)) {
                packages.add(parts[1]);
            }
        }
        List<String> targets = new ArrayList<>();
        for (String candidate : packages) {
            if (packages.contains(candidate + "_worker") && AppProject.nameProblem(candidate + AppProject.SUFFIX) == null) {
                targets.add(candidate);
            }
        }
        return targets.size() == 1 ? targets.get(0) + AppProject.SUFFIX : stem;
    }

    /** Every member's place is checked before anything is written: an archive with one unsafe member is refused whole. */
    private static void extract(ZipFile archive, List<? extends ZipEntry> entries, String wrapper, Path folder, Path source) throws IOException {
        List<Path> places = new ArrayList<>(entries.size());
        for (ZipEntry entry : entries) {
            String name = entry.getName();
            Path place = ArchiveMembers.place(folder, name.substring(wrapper.length()), entry.isDirectory());
            if (ArchiveMembers.place(folder, name, entry.isDirectory()) == null || place == null) {
                throw AgilabException.of(FailureClass.SETTINGS, "archive member '" + name + "' would land outside the app folder")
                        .file(source).hint("the archive is unsafe; export the app again with agilab app export").build();
            }
            places.add(place);
        }
        Files.createDirectories(folder);
        for (int index = 0; index < entries.size(); index++) {
            ZipEntry entry = entries.get(index);
            Path place = places.get(index);
            if (entry.isDirectory()) {
                Files.createDirectories(place);
                continue;
            }
            Files.createDirectories(place.getParent());
            try (InputStream content = archive.getInputStream(entry)) {
                Files.copy(content, place, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // a member given twice: the last wins
            }
        }
    }
}
