package org.agilab.ui.internal.editor;

import java.util.List;

import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.rules.EndOfLineRule;
import org.eclipse.jface.text.rules.ICharacterScanner;
import org.eclipse.jface.text.rules.IPredicateRule;
import org.eclipse.jface.text.rules.IRule;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.IWordDetector;
import org.eclipse.jface.text.rules.MultiLineRule;
import org.eclipse.jface.text.rules.RuleBasedPartitionScanner;
import org.eclipse.jface.text.rules.RuleBasedScanner;
import org.eclipse.jface.text.rules.SingleLineRule;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.jface.text.rules.WhitespaceRule;
import org.eclipse.jface.text.rules.WordRule;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Display;

/**
 * Colours TOML: table headers, keys (bare, quoted and dotted, at the start of a line), strings, numbers (and dates),
 * booleans and comments. Multi-line strings are a partition of their own ({@link #partitionScanner()}), so an edit
 * inside one recolours it whole.
 */
final class TomlScanner extends RuleBasedScanner {

    /** The document partitioning the TOML editor sets up. */
    static final String PARTITIONING = "org.agilab.ui.toml";
    /** {@code """…"""} and {@code '''…'''}. */
    static final String MULTILINE_STRING = "__toml_multiline_string";

    TomlScanner() {
        IToken section = token(SWT.COLOR_DARK_MAGENTA, SWT.BOLD);
        IToken key = token(SWT.COLOR_DARK_BLUE, SWT.NORMAL);
        IToken string = token(SWT.COLOR_BLUE, SWT.NORMAL);
        IToken number = token(SWT.COLOR_DARK_CYAN, SWT.NORMAL);
        IToken literal = token(SWT.COLOR_DARK_MAGENTA, SWT.BOLD);
        IToken comment = token(SWT.COLOR_DARK_GREEN, SWT.NORMAL);
        IToken plain = new Token(new TextAttribute(null));
        WordRule words = new WordRule(new IWordDetector() {
            @Override
            public boolean isWordStart(char c) {
                return Character.isLetter(c) || c == '_';
            }

            @Override
            public boolean isWordPart(char c) {
                return Character.isLetterOrDigit(c) || c == '_' || c == '-';
            }
        }, plain);
        for (String word : List.of("true", "false", "inf", "nan")) {
            words.addWord(word, literal);
        }
        setRules(new IRule[] {
            new WhitespaceRule(Character::isWhitespace),
            new EndOfLineRule("#", comment),
            new HeaderRule(section),
            new KeyRule(key),
            new SingleLineRule("\"", "\"", string, '\\', true),
            new SingleLineRule("'", "'", string, (char) 0, true),
            new NumberRule(number),
            words,
        });
        setDefaultReturnToken(plain);
    }

    /** A scanner that colours a whole multi-line string partition as a string. */
    static RuleBasedScanner multilineString() {
        RuleBasedScanner scanner = new RuleBasedScanner();
        scanner.setDefaultReturnToken(token(SWT.COLOR_BLUE, SWT.NORMAL));
        return scanner;
    }

    /** Splits a document into multi-line strings and the rest. */
    static RuleBasedPartitionScanner partitionScanner() {
        RuleBasedPartitionScanner scanner = new RuleBasedPartitionScanner();
        IToken multiline = new Token(MULTILINE_STRING);
        scanner.setPredicateRules(new IPredicateRule[] {
            new MultiLineRule("\"\"\"", "\"\"\"", multiline, '\\', true),
            new MultiLineRule("'''", "'''", multiline, (char) 0, true),
        });
        return scanner;
    }

    private static IToken token(int colour, int style) {
        Display display = Display.getCurrent();
        Color color = display == null ? null : display.getSystemColor(colour);
        return new Token(new TextAttribute(color, null, style));
    }

    /** True when only spaces or tabs precede the scanner's position on its line. */
    static boolean atLineStart(ICharacterScanner scanner) {
        int column = scanner.getColumn();
        if (column <= 0) {
            return true;
        }
        for (int i = 0; i < column; i++) {
            scanner.unread();
        }
        boolean blank = true;
        for (int i = 0; i < column; i++) {
            int c = scanner.read();
            blank &= c == ' ' || c == '\t';
        }
        return blank;
    }

    private static void unread(ICharacterScanner scanner, int count) {
        for (int i = 0; i < count; i++) {
            scanner.unread();
        }
    }

    /** {@code [table]} or {@code [[array.of.tables]]} first on its line, followed by nothing but a comment. */
    private static final class HeaderRule implements IRule {
        private final IToken token;

        HeaderRule(IToken token) {
            this.token = token;
        }

        @Override
        public IToken evaluate(ICharacterScanner scanner) {
            int c = scanner.read();
            if (c != '[' || !atLine(scanner)) {
                scanner.unread();
                return Token.UNDEFINED;
            }
            int read = 1;
            boolean quoted = false;
            int closing = 0;
            while (true) {
                c = scanner.read();
                read++;
                if (c == ICharacterScanner.EOF || c == '\n' || c == '\r') {
                    scanner.unread();
                    read--;
                    return closing > 0 ? token : undefined(scanner, read);
                }
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ']' && !quoted) {
                    closing++;
                    int next = scanner.read();
                    if (next == ']') {
                        read++;
                    } else {
                        scanner.unread();
                    }
                    return restIsComment(scanner) ? token : undefined(scanner, read);
                }
            }
        }

        private static boolean atLine(ICharacterScanner scanner) {
            scanner.unread();
            boolean start = atLineStart(scanner);
            scanner.read();
            return start;
        }

        private static IToken undefined(ICharacterScanner scanner, int read) {
            unread(scanner, read);
            return Token.UNDEFINED;
        }

        private static boolean restIsComment(ICharacterScanner scanner) {
            int read = 0;
            boolean ok = true;
            while (true) {
                int c = scanner.read();
                read++;
                if (c == ICharacterScanner.EOF || c == '\n' || c == '\r' || c == '#') {
                    break;
                }
                if (c != ' ' && c != '\t') {
                    ok = false;
                    break;
                }
            }
            unread(scanner, read);
            return ok;
        }
    }

    /** A key first on its line ({@code name}, {@code "127.0.0.1"}, {@code a.b}) followed by {@code =}: the key only. */
    private static final class KeyRule implements IRule {
        private final IToken token;

        KeyRule(IToken token) {
            this.token = token;
        }

        @Override
        public IToken evaluate(ICharacterScanner scanner) {
            int first = scanner.read();
            scanner.unread();
            if (first == ICharacterScanner.EOF || !(isBare(first) || first == '"' || first == '\'') || !atLineStart(scanner)) {
                return Token.UNDEFINED;
            }
            int read = 0;
            int keyEnd = 0;
            while (true) {
                int c = scanner.read();
                read++;
                if (isBare(c)) {
                    keyEnd = read;
                } else if (c == '"' || c == '\'') {
                    int quote = c;
                    do {
                        c = scanner.read();
                        read++;
                        if (c == '\\' && quote == '"') {
                            scanner.read();
                            read++;
                        }
                    } while (c != quote && c != ICharacterScanner.EOF && c != '\n' && c != '\r');
                    if (c != quote) {
                        break;
                    }
                    keyEnd = read;
                } else if (c == '.' || c == ' ' || c == '\t') {
                    continue;
                } else if (c == '=' && keyEnd > 0) {
                    unread(scanner, read - keyEnd);
                    return token;
                } else {
                    break;
                }
            }
            unread(scanner, read);
            return Token.UNDEFINED;
        }

        private static boolean isBare(int c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
        }
    }

    /** An integer, float, hex/octal/binary number or date-time: starts with a digit, or a sign and a digit. */
    private static final class NumberRule implements IRule {
        private final IToken token;

        NumberRule(IToken token) {
            this.token = token;
        }

        @Override
        public IToken evaluate(ICharacterScanner scanner) {
            int c = scanner.read();
            int read = 1;
            if (c == '+' || c == '-') {
                c = scanner.read();
                read++;
            }
            if (c < '0' || c > '9') {
                unread(scanner, read);
                return Token.UNDEFINED;
            }
            while (true) {
                c = scanner.read();
                if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == ':' || c == '+' || c == '-')) {
                    scanner.unread();
                    return token;
                }
            }
        }
    }
}
