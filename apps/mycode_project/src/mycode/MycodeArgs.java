package mycode;

import org.agilab.api.Arg;

/** The demo's args, as upstream's MycodeArgs; none of them changes what the steps compute. */
public class MycodeArgs {

    @Arg(description = "input folder, relative to the share root", required = true)
    public String dataIn = "mycode/dataset";

    @Arg(description = "output folder, relative to the share root", required = true)
    public String dataOut = "mycode/dataframe";

    @Arg(description = "file name pattern")
    public String files = "*";

    @Arg(min = 0, description = "files to read per partition (0: all)")
    public int nfile = 1;

    @Arg(min = 0)
    public int nskip = 0;

    @Arg(min = 0)
    public int nread = 0;

    public boolean resetTarget = false;
}
