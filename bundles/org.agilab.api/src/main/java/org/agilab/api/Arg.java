package org.agilab.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes and constrains one field of an app's args class. Without it a field is still an arg: its key is the
 * field name in snake_case ({@code dataIn} is {@code data_in}), its default the field's initial value.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Arg {

    /** The key in {@code [args]}; empty means the field name in snake_case. */
    String key() default "";

    /** What the arg means, for forms and errors. */
    String description() default "";

    /** Smallest allowed number (inclusive). */
    double min() default Double.NEGATIVE_INFINITY;

    /** Largest allowed number (inclusive). */
    double max() default Double.POSITIVE_INFINITY;

    /** Allowed values of a string arg; empty means any. */
    String[] oneOf() default {};

    /** A regular expression a string arg must match whole; empty means any. */
    String pattern() default "";

    /** A string or path arg must not be empty. */
    boolean required() default false;
}
