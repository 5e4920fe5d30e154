package org.agilab.ui.internal.editor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agilab.runtime.settings.SettingKey;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;

/**
 * Ctrl+Space in a TOML file: after {@code [} the table names the vocabulary knows; at the start of a line the keys it
 * knows in the table above the caret (those not written yet), each with what its value must be.
 */
final class TomlCompletions implements IContentAssistProcessor {

    /** What a TOML file may hold: its tables, and the keys of each with their description. */
    interface Vocabulary {
        List<String> tables();

        Map<String, String> keys(List<String> table);

        Vocabulary NONE = new Vocabulary() {
            @Override
            public List<String> tables() {
                return List.of();
            }

            @Override
            public Map<String, String> keys(List<String> table) {
                return Map.of();
            }
        };
    }

    private static final Pattern HEADER = Pattern.compile("^\\s*\\[\\[?([^\\]#]*)\\]");
    private static final Pattern KEY = Pattern.compile("^\\s*([A-Za-z0-9_-]+|\"[^\"]*\")\\s*=");
    private static final Pattern TYPED_KEY = Pattern.compile("[A-Za-z0-9_-]*");

    private final Vocabulary vocabulary;

    TomlCompletions(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    @Override
    public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
        try {
            return proposals(viewer.getDocument(), offset).toArray(ICompletionProposal[]::new);
        } catch (BadLocationException e) {
            return new ICompletionProposal[0];
        }
    }

    List<ICompletionProposal> proposals(IDocument document, int offset) throws BadLocationException {
        IRegion line = document.getLineInformationOfOffset(offset);
        String before = document.get(line.getOffset(), offset - line.getOffset());
        String trimmed = before.stripLeading();
        List<ICompletionProposal> proposals = new ArrayList<>();
        if (trimmed.startsWith("[") && !trimmed.contains("]")) {
            String typed = trimmed.substring(trimmed.startsWith("[[") ? 2 : 1);
            String after = document.get(offset, line.getOffset() + line.getLength() - offset);
            String close = after.stripLeading().startsWith("]") ? "" : "]";
            for (String table : vocabulary.tables()) {
                if (table.startsWith(typed)) {
                    proposals.add(new CompletionProposal(table + close, offset - typed.length(), typed.length(),
                            table.length() + close.length(), null, "[" + table + "]", null, null));
                }
            }
            return proposals;
        }
        if (!TYPED_KEY.matcher(trimmed).matches()) {
            return proposals; // a value, a comment or a quoted key: nothing to propose
        }
        List<String> table = tableAt(document, line.getOffset());
        Set<String> written = keysOf(document, table);
        for (Map.Entry<String, String> key : vocabulary.keys(table).entrySet()) {
            if (key.getKey().toLowerCase(Locale.ROOT).startsWith(trimmed.toLowerCase(Locale.ROOT)) && !written.contains(key.getKey())) {
                String replacement = key.getKey() + " = ";
                String description = key.getValue();
                proposals.add(new CompletionProposal(replacement, offset - trimmed.length(), trimmed.length(), replacement.length(),
                        null, description.isEmpty() ? key.getKey() : key.getKey() + " - " + description, null, description));
            }
        }
        return proposals;
    }

    /** The table whose keys a line at {@code lineOffset} belongs to: the last header above it (root: empty). */
    static List<String> tableAt(IDocument document, int lineOffset) throws BadLocationException {
        int line = document.getLineOfOffset(lineOffset);
        for (int i = line - 1; i >= 0; i--) {
            IRegion region = document.getLineInformation(i);
            Matcher header = HEADER.matcher(document.get(region.getOffset(), region.getLength()));
            if (header.find()) {
                try {
                    return SettingKey.parse(header.group(1));
                } catch (IllegalArgumentException e) {
                    return List.of();
                }
            }
        }
        return List.of();
    }

    /** The keys already written in {@code table} (under its header, before the next). */
    private static Set<String> keysOf(IDocument document, List<String> table) throws BadLocationException {
        Set<String> keys = new LinkedHashSet<>();
        List<String> current = List.of();
        for (int i = 0; i < document.getNumberOfLines(); i++) {
            IRegion region = document.getLineInformation(i);
            String text = document.get(region.getOffset(), region.getLength());
            Matcher header = HEADER.matcher(text);
            if (header.find()) {
                try {
                    current = SettingKey.parse(header.group(1));
                } catch (IllegalArgumentException e) {
                    current = List.of("\0");
                }
                continue;
            }
            Matcher key = KEY.matcher(text);
            if (current.equals(table) && key.find()) {
                keys.add(key.group(1).replace("\"", ""));
            }
        }
        return keys;
    }

    @Override
    public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
        return null;
    }

    @Override
    public char[] getCompletionProposalAutoActivationCharacters() {
        return new char[] {'['};
    }

    @Override
    public char[] getContextInformationAutoActivationCharacters() {
        return null;
    }

    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public IContextInformationValidator getContextInformationValidator() {
        return null;
    }
}
