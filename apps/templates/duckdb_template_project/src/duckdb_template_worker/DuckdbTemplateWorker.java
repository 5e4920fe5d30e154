package duckdb_template_worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;

import duckdb_template.DuckdbTemplateArgs;

import org.agilab.api.DuckDbContext;
import org.agilab.api.DuckDbSql;
import org.agilab.api.DuckDbWorker;
import org.agilab.api.Work;

/**
 * The DuckDB family: each work (a CSV file) is read by DuckDB, summarised in SQL and written by DuckDB's COPY. The
 * work's connection belongs to this work; the pool (mode p) sets DuckDB's threads and runs that many works at once.
 */
public class DuckdbTemplateWorker implements DuckDbWorker<DuckdbTemplateArgs> {

    @Override
    public long workDuckDb(DuckDbContext<DuckdbTemplateArgs> context, Work work) throws Exception {
        Path dataOut = context.resolveOutput(context.args().dataOut);
        Files.createDirectories(dataOut);
        try (Statement sql = context.connection().createStatement()) {
            sql.execute("CREATE OR REPLACE TEMP TABLE input AS SELECT * FROM " + DuckDbSql.readCsv(work.items(), "header = true"));
            // the last column, averaged: the same summary as the data template, computed by DuckDB
            String lastColumn = null;
            try (var columns = sql.executeQuery("DESCRIBE input")) {
                while (columns.next()) {
                    lastColumn = DuckDbSql.identifier(columns.getString("column_name"));
                }
            }
            Path target = dataOut.resolve(work.name() + ".summary.csv");
            // COPY writes an OutputFile's temporary file, renamed over the target once it is whole
            context.copy("SELECT " + DuckDbSql.literal(work.name()) + " AS file, count(*) AS rows, round(avg(TRY_CAST(" + lastColumn
                    + " AS DOUBLE)), 4) AS mean FROM input", target, "the summary of " + work.name(), "FORMAT csv, HEADER");
            long rows;
            try (var count = sql.executeQuery("SELECT count(*) FROM input")) {
                count.next();
                rows = count.getLong(1);
            }
            sql.execute("DROP TABLE input");
            context.log().info(work.name() + ": " + rows + " rows -> " + target);
            return rows;
        }
    }
}
