package dag_template;

import org.agilab.api.Arg;
import org.agilab.api.InvalidArgException;
import org.agilab.api.ValidatedArgs;

/** The app's args: each field is a key of [args], its initial value the default. */
public class DagTemplateArgs implements ValidatedArgs {

    @Arg(min = 1, max = 10_000_000, description = "how many numbers to generate")
    public int count = 1000;

    @Arg(description = "seed of the generator, so runs are reproducible")
    public long seed = 42;

    @Override
    public void validate() throws InvalidArgException {
        if (seed < 0) {
            throw new InvalidArgException("seed", seed, "must be 0 or more");
        }
    }
}
