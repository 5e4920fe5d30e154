package duckdb_template;

import org.agilab.api.Arg;

/** The app's args: each field is a key of [args], its initial value the default. */
public class DuckdbTemplateArgs {

    @Arg(description = "input folder: absolute, or relative to the share root", required = true)
    public String dataIn = "duckdb_template/dataset";

    @Arg(description = "output folder: absolute, or relative to the share root", required = true)
    public String dataOut = "duckdb_template/dataframe";

    @Arg(description = "file name glob")
    public String files = "*.csv";

    @Arg(min = 0, description = "how many files to take (0: all)")
    public int nfile = 0;
}
