package org.agilab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.agilab.core.internal.project.AppProjectConfigurator;
import org.agilab.core.internal.project.SettingsMarkers;
import org.agilab.ui.internal.editor.AppSettingsEditor;
import org.agilab.ui.internal.editor.TomlEditor;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.quickassist.QuickAssistAssistant;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.text.source.ISourceViewerExtension3;
import org.eclipse.jface.text.source.TextInvocationContext;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.MarkerAnnotation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TOML editor, as the settings editor's Source page on a copy of the flight app in the workbench under Xvfb:
 * keys, comments, headers and strings in different colours, Ctrl+Space completing the keys the runtime knows (and the
 * app's {@code @Arg} args) in the table at the caret, and Ctrl+1 at a marker offering and applying the fix the
 * Problems view offers.
 */
class TomlEditorTest {

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        AgilabViewsTest.page().closeAllEditors(false);
        AgilabIdeTest.forgetHomeAndRemoveProjects();
    }

    /** The settings editor on {@code project}'s app_settings.toml, showing its Source page. */
    private static AppSettingsEditor openSource(IProject project) throws Exception {
        AppSettingsEditor editor = (AppSettingsEditor) IDE.openEditor(AgilabViewsTest.page(), project.getFile("app_settings.toml"));
        editor.showSource();
        Widgets.flush();
        return editor;
    }

    private static StyleRange styleAt(StyledText text, String document, String what) {
        int offset = document.indexOf(what);
        assertTrue(offset >= 0, what);
        StyleRange style = text.getStyleRangeAtOffset(offset + 1);
        assertNotNull(style, "a style at " + what);
        return style;
    }

    private static List<String> proposals(TomlEditor source, int offset) {
        ISourceViewer viewer = source.viewer();
        IContentAssistProcessor processor = source.configuration().getContentAssistant(viewer)
                .getContentAssistProcessor(IDocument.DEFAULT_CONTENT_TYPE);
        return Arrays.stream(processor.computeCompletionProposals(viewer, offset)).map(ICompletionProposal::getDisplayString).toList();
    }

    @Test
    void tomlFilesOpenInTheTomlEditorAndTheSettingsSourcePageIsOne() throws Exception {
        assertEquals(TomlEditor.ID, PlatformUI.getWorkbench().getEditorRegistry().getDefaultEditor("pyproject.toml").getId());
        assertEquals(AppSettingsEditor.ID, PlatformUI.getWorkbench().getEditorRegistry().getDefaultEditor("app_settings.toml").getId(),
                "app_settings.toml keeps its form editor, whose Source page is the TOML editor");
        assertEquals("org.agilab.ui.workflowEditor", PlatformUI.getWorkbench().getEditorRegistry().getDefaultEditor("lab_stages.toml").getId());
    }

    @Test
    void keysCommentsHeadersAndStringsHaveTheirOwnColours() throws Exception {
        SettingsEditorTest.useHome(dir);
        IProject project = SettingsEditorTest.flightCopy(dir.resolve("flight_telemetry_project"));
        AppSettingsEditor editor = openSource(project);
        StyledText text = editor.source().viewer().getTextWidget();
        String document = editor.document().get();
        StyleRange key = styleAt(text, document, "data_source =");
        StyleRange comment = styleAt(text, document, "# Flight telemetry");
        StyleRange header = styleAt(text, document, "[cluster.workers]");
        StyleRange string = styleAt(text, document, "\"flight_telemetry/dataset\"");
        StyleRange quotedKey = styleAt(text, document, "\"127.0.0.1\" = 2");
        StyleRange number = styleAt(text, document, "1.0\n");
        StyleRange bool = styleAt(text, document, "false\n");
        assertNotNull(key.foreground);
        assertNotNull(comment.foreground);
        assertNotEquals(key.foreground, comment.foreground, "a key and a comment");
        assertNotEquals(key.foreground, string.foreground, "a key and a string");
        assertNotEquals(string.foreground, comment.foreground, "a string and a comment");
        assertEquals(key.foreground, quotedKey.foreground, "a quoted key is a key, not a string");
        assertEquals(org.eclipse.swt.SWT.BOLD, header.fontStyle & org.eclipse.swt.SWT.BOLD, "a table header is bold");
        assertNotEquals(number.foreground, key.foreground, "a number");
        assertNotEquals(bool.foreground, key.foreground, "a boolean");
        // a comment after a value is a comment, not part of the value
        int trailing = document.indexOf("# all files of each plane");
        assertEquals(comment.foreground, text.getStyleRangeAtOffset(trailing + 3).foreground);
        AgilabViewsTest.screenshot(editor, "toml-editor");
    }

    @Test
    void completionProposesTheKnownKeysOfTheTableAtTheCaret() throws Exception {
        SettingsEditorTest.useHome(dir);
        Path folder = dir.resolve("flight_telemetry_project");
        IProject project = SettingsEditorTest.flightCopy(folder);
        ResourcesPlugin.getWorkspace().build(IncrementalProjectBuilder.FULL_BUILD, null);
        Widgets.waitUntil(() -> Files.isRegularFile(folder.resolve("bin/flight_telemetry/FlightTelemetryArgs.class")), 60_000,
                "the args class to be compiled");
        AppSettingsEditor editor = openSource(project);
        TomlEditor source = editor.source();
        IDocument document = editor.document();

        // [cluster]: the validator's keys not written yet, with what each takes
        int afterCluster = document.get().indexOf("[cluster]\n") + "[cluster]\n".length();
        document.replace(afterCluster, 0, "idle\n");
        List<String> cluster = proposals(source, afterCluster + "idle".length());
        assertEquals(List.of("idle_timeout - a number"), cluster);
        document.replace(afterCluster, "idle".length(), "");
        List<String> all = proposals(source, afterCluster);
        assertTrue(all.contains("tls - a boolean (true or false)"), all.toString());
        assertFalse(all.stream().anyMatch(p -> p.startsWith("verbose ")), "verbose is written already: " + all);

        // choosing one writes the key and its '='
        document.replace(afterCluster, 0, "idle");
        ICompletionProposal idle = source.configuration().getContentAssistant(source.viewer())
                .getContentAssistProcessor(IDocument.DEFAULT_CONTENT_TYPE).computeCompletionProposals(source.viewer(), afterCluster + 4)[0];
        idle.apply(document);
        assertTrue(document.get().contains("[cluster]\nidle_timeout = \n"), document.get());

        // [args]: the app's @Arg args, from its compiled args class
        String nskip = "nskip = 0\n";
        int line = document.get().indexOf(nskip);
        document.replace(line, nskip.length(), "ns\n");
        assertEquals(List.of("nskip - rows to skip at the start of each file"), proposals(source, line + 2));

        // after '[': the tables
        document.replace(0, 0, "[cluster.se\n");
        assertEquals(List.of("[cluster.service_health]"), proposals(source, "[cluster.se".length()));
    }

    @Test
    void ctrl1AtAMarkerOffersAndAppliesTheProblemsViewsFix() throws Exception {
        SettingsEditorTest.useHome(dir);
        Path folder = Files.createDirectories(dir.resolve("quickfix_editor_project"));
        Path settings = folder.resolve("app_settings.toml");
        Files.writeString(settings, "[args]\n\n[cluster.workers]\n\"127.0.0.1\" = -2  # two, meant\n");
        IProject project = AppProjectConfigurator.configure(folder, null);
        project.build(IncrementalProjectBuilder.FULL_BUILD, null);
        IMarker marker = Arrays.stream(project.findMarkers(SettingsMarkers.CLUSTER, true, IFile.DEPTH_INFINITE)).findFirst().orElseThrow();

        AppSettingsEditor editor = openSource(project);
        ISourceViewer viewer = editor.source().viewer();
        boolean inRuler = false;
        for (Iterator<Annotation> it = viewer.getAnnotationModel().getAnnotationIterator(); it.hasNext();) {
            inRuler |= it.next() instanceof MarkerAnnotation annotation && annotation.getMarker().equals(marker);
        }
        assertTrue(inRuler, "the marker is an annotation of the editor (its ruler shows it)");

        IDocument document = editor.document();
        int caret = document.getLineOffset(3) + 3; // on the worker line, as a user's caret would be
        viewer.setSelectedRange(caret, 0);
        QuickAssistAssistant assistant = (QuickAssistAssistant) ((ISourceViewerExtension3) viewer).getQuickAssistAssistant();
        assertNotNull(assistant, "Ctrl+1 has an assistant");
        ICompletionProposal[] fixes = assistant.getQuickAssistProcessor().computeQuickAssistProposals(new TextInvocationContext(viewer, caret, 0));
        assertEquals(List.of("Set the worker count of 127.0.0.1 to 1"), Arrays.stream(fixes).map(ICompletionProposal::getDisplayString).toList());
        assertEquals(0, assistant.getQuickAssistProcessor()
                .computeQuickAssistProposals(new TextInvocationContext(viewer, document.getLineOffset(0), 0)).length, "no fix on [args]");

        fixes[0].apply(document);
        assertEquals("[args]\n\n[cluster.workers]\n\"127.0.0.1\" = 1  # two, meant\n", document.get(), "the fix edits the open document");
        assertTrue(editor.isDirty(), "the fix is an unsaved edit of the editor, undoable");
        assertTrue(Files.readString(settings).contains("= -2"), "the file waits for Save");
        editor.doSave(null);
        project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
        assertEquals(List.of(), SettingsMarkers.markers(project), "saved, the problem is gone");
    }
}
