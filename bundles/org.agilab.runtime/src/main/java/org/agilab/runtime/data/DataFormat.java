package org.agilab.runtime.data;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats a dataset is made of, each with the DuckDB function that reads a list of such files. */
public enum DataFormat {
    PARQUET("read_parquet", ".parquet", ".pq"),
    CSV("read_csv", ".csv", ".tsv"),
    JSON("read_json_auto", ".json", ".jsonl", ".ndjson");

    private final String reader;
    private final String[] extensions;

    DataFormat(String reader, String... extensions) {
        this.reader = reader;
        this.extensions = extensions;
    }

    /** The DuckDB table function that reads files of this format. */
    public String reader() {
        return reader;
    }

    /** The format of a file by its extension, or null when it is none of them. */
    public static DataFormat of(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return null;
        }
        String lower = name.toString().toLowerCase(Locale.ROOT);
        for (DataFormat format : values()) {
            for (String extension : format.extensions) {
                if (lower.endsWith(extension)) {
                    return format;
                }
            }
        }
        return null;
    }

    /** "parquet, csv, tsv, json, jsonl, ndjson": for messages saying what a dataset may be made of. */
    public static String known() {
        StringBuilder known = new StringBuilder();
        for (DataFormat format : values()) {
            for (String extension : format.extensions) {
                known.append(known.length() == 0 ? "" : ", ").append(extension.substring(1));
            }
        }
        return known.toString();
    }
}
