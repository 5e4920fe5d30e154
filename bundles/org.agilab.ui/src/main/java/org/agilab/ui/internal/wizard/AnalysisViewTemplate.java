package org.agilab.ui.internal.wizard;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jdt.core.IClasspathEntry;
import org.eclipse.jdt.core.IJavaProject;
import org.eclipse.jdt.core.JavaConventions;
import org.eclipse.jdt.core.JavaCore;

/**
 * Upstream's "Create analysis view" for Eclipse: in a plug-in project (one with {@code META-INF/MANIFEST.MF}), a view
 * class made from {@code templates/analysis_view/AnalysisView.java.template}, its {@code org.eclipse.ui.views} and
 * {@code org.agilab.ui.analysisViews} contributions in {@code plugin.xml}, the bundles it needs in the manifest's
 * {@code Require-Bundle} (with {@code singleton:=true}, which a bundle contributing extensions must have) and
 * {@code plugin.xml} in {@code build.properties}. Existing contributions and headers are kept as they are.
 */
public final class AnalysisViewTemplate {

    public static final String TEMPLATE = "/templates/analysis_view/AnalysisView.java.template";
    /** What the generated class compiles against. */
    public static final List<String> REQUIRED_BUNDLES = List.of("org.eclipse.ui", "org.eclipse.core.runtime", "org.agilab.ui");
    /** The AGILab views' category in Window > Show View. */
    static final String VIEWS_CATEGORY = "org.agilab.ui.views";
    private static final Pattern VIEW_MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** What the user chose. */
    public record Request(IProject project, String packageName, String className, String label, List<String> viewModules) {

        public String viewId() {
            return packageName + "." + className;
        }

        public String qualifiedName() {
            return packageName + "." + className;
        }
    }

    /** The files written. */
    public record Created(IFile source, IFile pluginXml, IFile manifest) {
    }

    private AnalysisViewTemplate() {
    }

    /** A plug-in project: open, with a bundle manifest. */
    public static boolean isPluginProject(IProject project) {
        return project.isOpen() && project.getFile("META-INF/MANIFEST.MF").exists();
    }

    /** What is wrong with the request, or null: the first problem a wizard page shows. */
    public static String problem(Request request) {
        if (request.project() == null || !isPluginProject(request.project())) {
            return "Choose a plug-in project (one with META-INF/MANIFEST.MF).";
        }
        IStatus name = JavaConventions.validatePackageName(request.packageName(), JavaCore.VERSION_17, JavaCore.VERSION_17);
        if (name.getSeverity() == IStatus.ERROR) {
            return "Package: " + name.getMessage();
        }
        IStatus type = JavaConventions.validateJavaTypeName(request.className(), JavaCore.VERSION_17, JavaCore.VERSION_17);
        if (type.getSeverity() == IStatus.ERROR || request.className().contains(".")) {
            return "Class: " + (type.getSeverity() == IStatus.ERROR ? type.getMessage() : "a simple name, without a package");
        }
        if (request.label().isBlank()) {
            return "Give the view a label: Window > Show View lists it under it.";
        }
        if (request.viewModules().isEmpty()) {
            return "Give at least one [pages] view_module name the view stands for (view_my_analysis).";
        }
        for (String module : request.viewModules()) {
            if (!VIEW_MODULE.matcher(module).matches()) {
                return "'" + module + "' is not a view_module name: letters, digits and _, as upstream's module names.";
            }
        }
        if (sourceFile(request).exists()) {
            return sourceFile(request).getFullPath() + " exists already.";
        }
        return null;
    }

    /** The names a text gives: comma- or space-separated. */
    public static List<String> names(String text) {
        List<String> names = new ArrayList<>();
        for (String name : text.split("[,\\s]+")) {
            if (!name.isBlank() && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** A view_module name for a class name: {@code FlightProfileView} gives {@code view_flight_profile}. */
    public static String moduleFor(String className) {
        String base = className.endsWith("View") && className.length() > 4 ? className.substring(0, className.length() - 4) : className;
        return "view_" + base.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Writes the class and the contributions. */
    public static Created create(Request request, IProgressMonitor monitor) throws CoreException {
        String problem = problem(request);
        if (problem != null) {
            throw new CoreException(Status.error(problem));
        }
        SubMonitor progress = SubMonitor.convert(monitor, 4);
        IProject project = request.project();
        IFile source = sourceFile(request);
        createFolders(source.getParent(), progress.split(1));
        source.create(stream(javaSource(request)), true, progress.split(1));

        IFile pluginXml = project.getFile("plugin.xml");
        String contributions = contributions(request);
        write(pluginXml, pluginXml.exists() ? addContributions(read(pluginXml), contributions) : newPluginXml(contributions), progress.split(1));

        IFile manifest = project.getFile("META-INF/MANIFEST.MF");
        write(manifest, manifest(read(manifest)), null);
        IFile build = project.getFile("build.properties");
        write(build, build.exists() ? buildProperties(read(build)) : newBuildProperties(request), progress.split(1));
        return new Created(source, pluginXml, manifest);
    }

    /** The class, from the template. */
    public static String javaSource(Request request) {
        String text;
        try (InputStream in = AnalysisViewTemplate.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the AGILab UI bundle lacks its template " + TEMPLATE);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the template " + TEMPLATE + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("${package}", request.packageName());
        values.put("${class}", request.className());
        values.put("${viewId}", request.viewId());
        values.put("${label}", request.label().replace("*/", "* /"));
        values.put("${modules}", request.viewModules().stream().map(name -> "\"" + name + "\"").collect(Collectors.joining(", ")));
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        return text;
    }

    /** The two extensions the view needs, indented for a {@code <plugin>} element. */
    public static String contributions(Request request) {
        StringBuilder xml = new StringBuilder();
        xml.append("   <extension point=\"org.eclipse.ui.views\">\n");
        xml.append("      <view id=\"").append(escape(request.viewId())).append("\" name=\"").append(escape(request.label()))
                .append("\" category=\"").append(VIEWS_CATEGORY).append("\"\n            class=\"")
                .append(escape(request.qualifiedName())).append("\"/>\n");
        xml.append("   </extension>\n");
        xml.append("   <extension point=\"org.agilab.ui.analysisViews\">\n");
        xml.append("      <analysisView viewId=\"").append(escape(request.viewId())).append("\" label=\"").append(escape(request.label()))
                .append("\">\n");
        for (String module : request.viewModules()) {
            xml.append("         <viewModule name=\"").append(escape(module)).append("\"/>\n");
        }
        xml.append("      </analysisView>\n");
        xml.append("   </extension>\n");
        return xml.toString();
    }

    static String newPluginXml(String contributions) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?eclipse version=\"3.4\"?>\n<plugin>\n" + contributions + "</plugin>\n";
    }

    /** An existing plugin.xml with the contributions added before its closing tag. */
    static String addContributions(String pluginXml, String contributions) {
        int end = pluginXml.lastIndexOf("</plugin>");
        if (end < 0) {
            if (pluginXml.strip().endsWith("<plugin/>")) {
                return pluginXml.substring(0, pluginXml.lastIndexOf("<plugin/>")) + "<plugin>\n" + contributions + "</plugin>\n";
            }
            throw new IllegalArgumentException("plugin.xml has no </plugin> to add the view's extensions before");
        }
        return pluginXml.substring(0, end) + contributions + pluginXml.substring(end);
    }

    /**
     * The manifest with {@link #REQUIRED_BUNDLES} in {@code Require-Bundle} and {@code singleton:=true} on the symbolic
     * name; other headers and their line breaks kept.
     */
    public static String manifest(String text) {
        List<String> headers = headers(text);
        boolean required = false;
        for (int i = 0; i < headers.size(); i++) {
            String header = headers.get(i);
            String name = header.substring(0, Math.max(0, header.indexOf(':'))).strip();
            if (name.equalsIgnoreCase("Bundle-SymbolicName") && !header.contains("singleton:=")) {
                String[] lines = header.split("\n", -1);
                if (lines[0].indexOf(';') >= 0) {
                    lines[0] = lines[0].replaceFirst(";", ";singleton:=true;");
                } else {
                    lines[0] = lines[0] + ";singleton:=true";
                }
                headers.set(i, String.join("\n", lines));
            } else if (name.equalsIgnoreCase("Require-Bundle")) {
                required = true;
                String value = unfold(header).substring(header.indexOf(':') + 1).strip();
                List<String> entries = splitEntries(value);
                List<String> names = entries.stream().map(entry -> entry.split(";", 2)[0].strip()).toList();
                StringBuilder block = new StringBuilder(header.stripTrailing());
                for (String bundle : REQUIRED_BUNDLES) {
                    if (!names.contains(bundle)) {
                        block.append(",\n ").append(bundle);
                    }
                }
                headers.set(i, block.toString());
            }
        }
        if (!required) {
            headers.add("Require-Bundle: " + String.join(",\n ", REQUIRED_BUNDLES));
        }
        return String.join("\n", headers) + "\n";
    }

    /** The manifest's headers, each with its continuation lines (joined by newlines, as written); blank lines dropped. */
    private static List<String> headers(String text) {
        List<String> headers = new ArrayList<>();
        for (String line : text.replace("\r\n", "\n").split("\n")) {
            if (line.startsWith(" ") && !headers.isEmpty()) {
                headers.set(headers.size() - 1, headers.get(headers.size() - 1) + "\n" + line);
            } else if (!line.isBlank()) {
                headers.add(line);
            }
        }
        return headers;
    }

    private static String unfold(String header) {
        return header.replace("\n ", "");
    }

    /** A header value's entries: commas outside quotes split them. */
    private static List<String> splitEntries(String value) {
        List<String> entries = new ArrayList<>();
        StringBuilder entry = new StringBuilder();
        boolean quoted = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                entries.add(entry.toString());
                entry.setLength(0);
            } else {
                entry.append(c);
            }
        }
        if (!entry.toString().isBlank()) {
            entries.add(entry.toString());
        }
        return entries;
    }

    /** build.properties with plugin.xml in bin.includes. */
    static String buildProperties(String text) {
        if (Pattern.compile("(?m)^\\s*bin\\.includes\\s*=(.*\\\\\\n)*.*\\bplugin\\.xml\\b").matcher(text).find()) {
            return text;
        }
        if (Pattern.compile("(?m)^\\s*bin\\.includes\\s*=").matcher(text).find()) {
            return text.replaceFirst("(?m)^(\\s*bin\\.includes\\s*=\\s*)", "$1plugin.xml,\\\\\n               ");
        }
        return text + (text.endsWith("\n") || text.isEmpty() ? "" : "\n") + "bin.includes = META-INF/,\\\n               .,\\\n               plugin.xml\n";
    }

    private static String newBuildProperties(Request request) {
        return "source.. = " + sourceFolder(request.project()).getProjectRelativePath() + "/\noutput.. = bin/\nbin.includes = META-INF/,\\\n"
                + "               .,\\\n               plugin.xml\n";
    }

    /** The Java file in the project's first source folder ({@code src} when it has none). */
    static IFile sourceFile(Request request) {
        return sourceFolder(request.project()).getFile(org.eclipse.core.runtime.IPath.fromPortableString(request.packageName().replace('.', '/') + "/" + request.className() + ".java"));
    }

    private static IContainer sourceFolder(IProject project) {
        try {
            if (project.hasNature(JavaCore.NATURE_ID)) {
                IJavaProject java = JavaCore.create(project);
                for (IClasspathEntry entry : java.getRawClasspath()) {
                    if (entry.getEntryKind() == IClasspathEntry.CPE_SOURCE && entry.getPath().segmentCount() > 1) {
                        return project.getFolder(entry.getPath().removeFirstSegments(1));
                    }
                }
            }
        } catch (CoreException e) {
            // a project whose classpath cannot be read: the conventional folder
        }
        return project.getFolder("src");
    }

    private static void createFolders(IContainer container, IProgressMonitor monitor) throws CoreException {
        if (container instanceof IFolder folder && !folder.exists()) {
            createFolders(folder.getParent(), monitor);
            folder.create(true, true, monitor);
        }
    }

    private static String read(IFile file) throws CoreException {
        try (InputStream in = file.getContents(true)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CoreException(Status.error("cannot read " + file.getFullPath() + ": " + e.getMessage(), e));
        }
    }

    private static void write(IFile file, String text, IProgressMonitor monitor) throws CoreException {
        if (file.exists()) {
            file.setContents(stream(text), true, true, monitor);
        } else {
            file.create(stream(text), true, monitor);
        }
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
