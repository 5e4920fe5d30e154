package org.agilab.ui.internal.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.agilab.runtime.workflow.StageKind;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.presentation.IPresentationReconciler;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.rules.DefaultDamagerRepairer;
import org.eclipse.jface.text.rules.EndOfLineRule;
import org.eclipse.jface.text.rules.ICharacterScanner;
import org.eclipse.jface.text.rules.IRule;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.IWordDetector;
import org.eclipse.jface.text.rules.MultiLineRule;
import org.eclipse.jface.text.rules.NumberRule;
import org.eclipse.jface.text.rules.RuleBasedScanner;
import org.eclipse.jface.text.rules.SingleLineRule;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.jface.text.rules.WhitespaceRule;
import org.eclipse.jface.text.rules.WordRule;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.text.source.SourceViewerConfiguration;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Display;

/**
 * Colours a stage's code ({@code C}) by its kind: SQL (DuckDB's keywords, case-insensitive), Java (JShell snippets), and
 * shell or an {@code agilab} line (comments, strings, options); keywords bold, strings, comments and numbers in colour.
 * One rule-based scanner over the whole text: a stage's code is short.
 */
final class CodeViewerConfiguration extends SourceViewerConfiguration {

    static final Set<String> SQL_KEYWORDS = Set.of("select", "from", "where", "group", "by", "order", "having", "limit", "offset",
            "join", "left", "right", "inner", "outer", "full", "cross", "on", "using", "as", "and", "or", "not", "in", "is", "null",
            "like", "ilike", "between", "case", "when", "then", "else", "end", "distinct", "union", "all", "except", "intersect",
            "with", "create", "table", "view", "insert", "into", "values", "update", "set", "delete", "copy", "to", "over",
            "partition", "window", "asc", "desc", "true", "false", "cast", "exists", "any", "qualify", "pivot", "unpivot", "describe",
            "summarize", "replace", "temp", "temporary", "macro");
    static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "if", "implements",
            "import", "instanceof", "int", "interface", "long", "new", "package", "private", "protected", "public", "record", "return",
            "short", "static", "super", "switch", "this", "throw", "throws", "try", "var", "void", "while", "yield", "true", "false",
            "null");
    static final Set<String> SHELL_KEYWORDS = Set.of("if", "then", "else", "elif", "fi", "for", "in", "do", "done", "while", "until",
            "case", "esac", "function", "echo", "export", "set", "run", "install", "distribute", "benchmark");

    private final StageKind kind;

    CodeViewerConfiguration(StageKind kind) {
        this.kind = kind;
    }

    @Override
    public IPresentationReconciler getPresentationReconciler(ISourceViewer sourceViewer) {
        PresentationReconciler reconciler = new PresentationReconciler();
        DefaultDamagerRepairer repairer = new DefaultDamagerRepairer(scanner(kind));
        reconciler.setDamager(repairer, org.eclipse.jface.text.IDocument.DEFAULT_CONTENT_TYPE);
        reconciler.setRepairer(repairer, org.eclipse.jface.text.IDocument.DEFAULT_CONTENT_TYPE);
        return reconciler;
    }

    /** The scanner of a kind's code: its tokens' colours come from the display's system colours. */
    static RuleBasedScanner scanner(StageKind kind) {
        Display display = Display.getCurrent();
        IToken keyword = new Token(new TextAttribute(color(display, SWT.COLOR_DARK_MAGENTA), null, SWT.BOLD));
        IToken string = new Token(new TextAttribute(color(display, SWT.COLOR_DARK_BLUE)));
        IToken comment = new Token(new TextAttribute(color(display, SWT.COLOR_DARK_GREEN), null, SWT.ITALIC));
        IToken number = new Token(new TextAttribute(color(display, SWT.COLOR_DARK_CYAN)));
        IToken plain = new Token(new TextAttribute(null));
        List<IRule> rules = new ArrayList<>();
        Set<String> keywords;
        boolean caseSensitive;
        switch (kind) {
            case SQL -> {
                rules.add(new EndOfLineRule("--", comment));
                rules.add(new MultiLineRule("/*", "*/", comment));
                rules.add(new SingleLineRule("'", "'", string, (char) 0, true));
                rules.add(new SingleLineRule("\"", "\"", string, (char) 0, true));
                keywords = SQL_KEYWORDS;
                caseSensitive = false;
            }
            case JAVA -> {
                rules.add(new EndOfLineRule("//", comment));
                rules.add(new MultiLineRule("/*", "*/", comment));
                rules.add(new MultiLineRule("\"\"\"", "\"\"\"", string));
                rules.add(new SingleLineRule("\"", "\"", string, '\\'));
                rules.add(new SingleLineRule("'", "'", string, '\\'));
                keywords = JAVA_KEYWORDS;
                caseSensitive = true;
            }
            default -> {
                rules.add(new EndOfLineRule("#", comment));
                rules.add(new SingleLineRule("'", "'", string, (char) 0, true));
                rules.add(new SingleLineRule("\"", "\"", string, '\\', true));
                keywords = SHELL_KEYWORDS;
                caseSensitive = true;
            }
        }
        rules.add(new WhitespaceRule(Character::isWhitespace));
        rules.add(new NumberRule(number));
        rules.add(new KeywordRule(keywords, caseSensitive, keyword, plain));
        RuleBasedScanner scanner = new RuleBasedScanner();
        scanner.setRules(rules.toArray(IRule[]::new));
        scanner.setDefaultReturnToken(plain);
        return scanner;
    }

    private static Color color(Display display, int id) {
        return display == null ? null : display.getSystemColor(id);
    }

    /** A word that is a keyword, in any case when the language ignores case (SQL). */
    private static final class KeywordRule extends WordRule {
        private final Set<String> keywords;
        private final boolean caseSensitive;
        private final IToken keyword;
        private final StringBuilder word = new StringBuilder();

        KeywordRule(Set<String> keywords, boolean caseSensitive, IToken keyword, IToken plain) {
            super(new IWordDetector() {
                @Override
                public boolean isWordStart(char c) {
                    return Character.isLetter(c) || c == '_';
                }

                @Override
                public boolean isWordPart(char c) {
                    return Character.isLetterOrDigit(c) || c == '_';
                }
            }, plain);
            this.keywords = keywords;
            this.caseSensitive = caseSensitive;
            this.keyword = keyword;
        }

        @Override
        public IToken evaluate(ICharacterScanner scanner) {
            int c = scanner.read();
            if (c == ICharacterScanner.EOF || !(Character.isLetter((char) c) || c == '_')) {
                scanner.unread();
                return Token.UNDEFINED;
            }
            word.setLength(0);
            do {
                word.append((char) c);
                c = scanner.read();
            } while (c != ICharacterScanner.EOF && (Character.isLetterOrDigit((char) c) || c == '_'));
            scanner.unread();
            String text = caseSensitive ? word.toString() : word.toString().toLowerCase(Locale.ROOT);
            return keywords.contains(text) ? keyword : fDefaultToken;
        }
    }
}
