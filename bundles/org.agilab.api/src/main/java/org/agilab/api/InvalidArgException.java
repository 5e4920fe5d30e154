package org.agilab.api;

/** An arg value breaks a rule; the message names the key, the value and the rule. */
public class InvalidArgException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final transient Object value;
    private final String rule;

    public InvalidArgException(String key, Object value, String rule) {
        super(key + " = " + value + ": " + rule);
        this.key = key;
        this.value = value;
        this.rule = rule;
    }

    public String key() {
        return key;
    }

    public Object value() {
        return value;
    }

    public String rule() {
        return rule;
    }
}
