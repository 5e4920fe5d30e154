package minimal_app;

import org.agilab.api.Arg;

/** The starter's args, as upstream's MinimalAppArgs. */
public class MinimalAppArgs {

    @Arg(description = "input folder: absolute, or relative to the share root", required = true)
    public String dataIn = "minimal_app/dataset";

    @Arg(description = "output folder: absolute, or relative to the share root", required = true)
    public String dataOut = "minimal_app/dataframe";

    @Arg(description = "file name glob, e.g. *.csv")
    public String files = "*";

    @Arg(min = 0, description = "how many files to take (0: all)")
    public int nfile = 1;

    @Arg(min = 0, description = "files to skip first")
    public int nskip = 0;

    @Arg(min = 0, description = "reserved: rows to read (0: all)")
    public int nread = 0;

    @Arg(description = "empty data_out before the run")
    public boolean resetTarget = false;
}
