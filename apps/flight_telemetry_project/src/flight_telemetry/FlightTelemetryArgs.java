package flight_telemetry;

import java.time.LocalDate;

import org.agilab.api.Arg;
import org.agilab.api.InvalidArgException;
import org.agilab.api.ValidatedArgs;

/** The flight app's args, with upstream's defaults and rules (FlightArgs). */
public class FlightTelemetryArgs implements ValidatedArgs {

    static final LocalDate EARLIEST = LocalDate.of(2020, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2021, 6, 1);

    @Arg(oneOf = { "file" }, description = "where the data comes from; only files (upstream's 'hawk' source is not supported)")
    public String dataSource = "file";

    @Arg(required = true, description = "folder of <plane>_<id>.csv files: absolute, or relative to the share root")
    public String dataIn = "flight_telemetry/dataset";

    @Arg(required = true, description = "output folder: absolute, or relative to the share root")
    public String dataOut = "flight_telemetry/dataframe";

    @Arg(pattern = "[^/\\\\]+", description = "file name glob, searched in data_in and its subfolders")
    public String files = "*";

    @Arg(min = 0, description = "files per plane (0: all)")
    public int nfile = 1;

    @Arg(min = 0, description = "rows to skip at the start of each file")
    public int nskip = 0;

    @Arg(min = 0, description = "rows to read from each file (0: all)")
    public int nread = 0;

    @Arg(min = 0, description = "reserved, as upstream: kept and validated, not used by the computation")
    public double samplingRate = 1.0;

    @Arg(description = "earliest date of the data (from 2020-01-01)")
    public LocalDate datemin = EARLIEST;

    @Arg(description = "latest date of the data (up to 2021-06-01)")
    public LocalDate datemax = LocalDate.of(2021, 1, 1);

    @Arg(oneOf = { "parquet", "csv" }, description = "format of the per-aircraft outputs")
    public String outputFormat = "parquet";

    @Arg(oneOf = { "plain", "duckdb" }, description = "how workers compute: 'plain' (the Java reader, kernels and writers; mode c picks"
            + " the compiled kernel) or 'duckdb' (DuckDB reads, orders and computes in SQL, and writes; the pool sets its threads)")
    public String engine = "plain";

    @Arg(description = "empty data_out before the run (never the input folder)")
    public boolean resetTarget = false;

    @Override
    public void validate() throws InvalidArgException {
        if (datemin.isBefore(EARLIEST)) {
            throw new InvalidArgException("datemin", datemin, "must be on or after " + EARLIEST);
        }
        if (datemax.isBefore(datemin)) {
            throw new InvalidArgException("datemax", datemax, "must be on or after datemin (" + datemin + ")");
        }
        if (datemax.isAfter(LATEST)) {
            throw new InvalidArgException("datemax", datemax, "must be on or before " + LATEST);
        }
    }
}
