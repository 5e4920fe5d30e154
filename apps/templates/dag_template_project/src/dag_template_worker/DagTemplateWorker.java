package dag_template_worker;

import java.util.Random;

import dag_template.DagTemplateArgs;

import org.agilab.api.DagWorker;
import org.agilab.api.StepArgs;
import org.agilab.api.StepResults;
import org.agilab.api.WorkerContext;

/** The steps of the template; each declares only what it needs. */
public class DagTemplateWorker implements DagWorker<DagTemplateArgs> {

    public long[] generate(DagTemplateArgs args) {
        Random random = new Random(args.seed);
        long[] numbers = new long[args.count];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = random.nextInt(100);
        }
        return numbers;
    }

    public long squares(StepArgs power, StepResults previous) {
        return sumOfPowers((long[]) previous.get("generate"), (int) power.asLong());
    }

    public long cubes(StepResults previous, StepArgs power) {
        return sumOfPowers((long[]) previous.get("generate"), (int) power.asLong());
    }

    public String report(WorkerContext<DagTemplateArgs> context, StepResults previous) {
        String report = "sum of squares " + previous.get("squares") + ", sum of cubes " + previous.get("cubes");
        context.log().info(report);
        return report;
    }

    private static long sumOfPowers(long[] numbers, int power) {
        long sum = 0;
        for (long number : numbers) {
            long value = 1;
            for (int i = 0; i < power; i++) {
                value *= number;
            }
            sum += value;
        }
        return sum;
    }
}
