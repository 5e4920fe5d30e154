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
        String original = "[args]\n\n[cluster]\nverbos = 1\n\n[cluster.workers]\n\"127.0.0.1\" = -2  # two, meant\n";
        Files.writeString(settings, original);
        IProject project = AppProjectConfigurator.configure(folder, null);
        project.build(IncrementalProjectBuilder.FULL_BUILD, null);
        List<IMarker> markers = SettingsMarkers.markers(project);
        assertEquals(2, markers.size(), markers.toString());
        // the Problems view offers these (the marker help registry), once each
        assertEquals(List.of(List.of("Change 'verbos' to 'verbose'"), List.of("Set the worker count of 127.0.0.1 to 1")),
                markers.stream().sorted(java.util.Comparator.comparingInt(m -> m.getAttribute(IMarker.LINE_NUMBER, 0)))
                        .map(m -> Arrays.stream(IDE.getMarkerHelpRegistry().getResolutions(m)).map(r -> r.getLabel()).toList()).toList());

        AppSettingsEditor editor = openSource(project);
        ISourceViewer viewer = editor.source().viewer();
        int inRuler = 0;
        for (Iterator<Annotation> it = viewer.getAnnotationModel().getAnnotationIterator(); it.hasNext();) {
            inRuler += it.next() instanceof MarkerAnnotation annotation && markers.contains(annotation.getMarker()) ? 1 : 0;
        }
        assertEquals(2, inRuler, "the markers are annotations of the editor (its ruler shows them)");

        IDocument document = editor.document();
        QuickAssistAssistant assistant = (QuickAssistAssistant) ((ISourceViewerExtension3) viewer).getQuickAssistAssistant();
        assertNotNull(assistant, "Ctrl+1 has an assistant");
        int workerLine = document.getLineOffset(6) + 3; // on the worker line, as a user's caret would be
        viewer.setSelectedRange(workerLine, 0);
        ICompletionProposal[] fixes = assistant.getQuickAssistProcessor().computeQuickAssistProposals(new TextInvocationContext(viewer, workerLine, 0));
        assertEquals(List.of("Set the worker count of 127.0.0.1 to 1"), Arrays.stream(fixes).map(ICompletionProposal::getDisplayString).toList());
        assertEquals(0, assistant.getQuickAssistProcessor()
                .computeQuickAssistProposals(new TextInvocationContext(viewer, document.getLineOffset(0), 0)).length, "no fix on [args]");
        fixes[0].apply(document);
        assertEquals(original.replace("= -2", "= 1"), document.get(), "the fix edits the open document");
        assertTrue(editor.isDirty(), "the fix is an unsaved edit of the editor, undoable");
        assertEquals(original, Files.readString(settings), "the file waits for Save");

        int keyLine = document.getLineOffset(3);
        ICompletionProposal[] rename = assistant.getQuickAssistProcessor().computeQuickAssistProposals(new TextInvocationContext(viewer, keyLine, 0));
        assertEquals(List.of("Change 'verbos' to 'verbose'"), Arrays.stream(rename).map(ICompletionProposal::getDisplayString).toList());
        rename[0].apply(document);
        assertEquals(original.replace("= -2", "= 1").replace("verbos =", "verbose ="), document.get());
        AgilabViewsTest.screenshot(editor, "toml-editor-quick-fixed");
        editor.doSave(null);
        project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
        assertEquals(List.of(), SettingsMarkers.markers(project), "saved, the problems are gone");
    }
}
