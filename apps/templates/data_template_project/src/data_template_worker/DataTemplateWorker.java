package data_template_worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import data_template.DataTemplateArgs;

import org.agilab.api.DataWorker;
import org.agilab.api.OutputFile;
import org.agilab.api.Work;
import org.agilab.api.WorkerContext;
import org.duckdb.DuckDBDriver;

/** Reads each CSV with DuckDB; workDone writes one summary per work. */
public class DataTemplateWorker implements DataWorker<DataTemplateArgs, DataTemplateWorker.Summary> {

    /** What one file gave: its rows and the mean of its last column. */
    public record Summary(String file, long rows, double mean) {
    }

    @Override
    public Summary workPool(WorkerContext<DataTemplateArgs> context, String item) throws SQLException {
        // one in-memory DuckDB per item: items run in parallel threads in pool mode
        try (Connection duckdb = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE TABLE input AS SELECT * FROM read_csv_auto('" + item.replace("'", "''") + "')");
            String lastColumn;
            try (ResultSet columns = statement.executeQuery("SELECT column_name FROM information_schema.columns "
                    + "WHERE table_name = 'input' ORDER BY ordinal_position DESC LIMIT 1")) {
                columns.next();
                lastColumn = columns.getString(1);
            }
            try (ResultSet result = statement.executeQuery("SELECT count(*), avg(TRY_CAST(\"" + lastColumn.replace("\"", "\"\"")
                    + "\" AS DOUBLE)) FROM input")) {
                result.next();
                return new Summary(Path.of(item).getFileName().toString(), result.getLong(1), result.getDouble(2));
            }
        }
    }

    @Override
    public long workDone(WorkerContext<DataTemplateArgs> context, Work work, List<Summary> results) throws Exception {
        Path dataOut = context.resolveOutput(context.args().dataOut);
        Files.createDirectories(dataOut);
        StringBuilder csv = new StringBuilder("file,rows,mean\n");
        long rows = 0;
        for (Summary summary : results) {
            csv.append(summary.file()).append(',').append(summary.rows()).append(',')
                    .append(String.format(Locale.ROOT, "%.4f", summary.mean())).append('\n');
            rows += summary.rows();
        }
        // an OutputFile: written under a temporary name, then renamed, so a rerun never sees half a file
        Path target = dataOut.resolve(work.name() + ".summary.csv");
        try (OutputFile out = context.output(target, "the summary of " + work.name())) {
            out.writeString(csv);
            out.commit();
        }
        context.log().info(work.name() + ": " + rows + " rows -> " + target);
        return rows;
    }

    @Override
    public long rowsOf(Summary summary) {
        return summary.rows();
    }
}
