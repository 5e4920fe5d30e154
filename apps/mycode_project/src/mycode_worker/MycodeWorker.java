package mycode_worker;

import java.util.List;
import java.util.Map;

import mycode.MycodeArgs;

import org.agilab.api.DagWorker;
import org.agilab.api.StepArgs;
import org.agilab.api.StepResults;
import org.agilab.api.WorkerContext;

/**
 * The demo's steps. Each declares a different set of parameters; the runtime passes what each one asks for. The
 * method names are the step names of the plan (upstream's), hence the underscores.
 */
public class MycodeWorker implements DagWorker<MycodeArgs> {

    private WorkerContext<MycodeArgs> context;

    @Override
    public void start(WorkerContext<MycodeArgs> context) {
        this.context = context;
        context.log().info("mycode worker " + context.workerId() + " started in mode " + context.mode().label());
    }

    /** Step args only: the sum of a, b and c. */
    public long algo_A(StepArgs args) {
        Map<String, Object> abc = args.asMap();
        long sum = ((Number) abc.get("a")).longValue() + ((Number) abc.get("b")).longValue() + ((Number) abc.get("c")).longValue();
        context.log().info("algo_A: a+b+c = " + sum);
        return sum;
    }

    /** Step args and the result of A: A plus the sum of its list. */
    public long algo_B(StepArgs args, StepResults previous) {
        long sum = args.asList().stream().mapToLong(v -> ((Number) v).longValue()).sum();
        long result = sum + (Long) previous.get("algo_A");
        context.log().info("algo_B: " + sum + " + algo_A = " + result);
        return result;
    }

    /** App args, the dependencies first, then step args: the order does not matter. */
    public long algo_C(MycodeArgs args, StepResults previous, StepArgs factor) {
        long result = factor.asLong() * ((Long) previous.get("algo_A") + (Long) previous.get("algo_B"));
        context.log().info("algo_C: " + factor.asLong() + " * (algo_A + algo_B) = " + result + " (nfile=" + args.nfile + ")");
        return result;
    }

    /** No parameters at all. */
    public String algo_X() {
        context.log().info("algo_X: start of the second chain");
        return "x";
    }

    /** Dependencies and step args. */
    public List<String> algo_Y(StepResults previous, StepArgs times) {
        String x = (String) previous.get("algo_X");
        List<String> result = java.util.Collections.nCopies((int) times.asLong(), x + "y");
        context.log().info("algo_Y: " + result);
        return result;
    }

    /** The worker context and the dependencies. */
    public String algo_Z(WorkerContext<MycodeArgs> worker, StepResults previous) {
        @SuppressWarnings("unchecked")
        List<String> ys = (List<String>) previous.get("algo_Y");
        String result = String.join("", ys) + "z@worker" + worker.workerId();
        context.log().info("algo_Z: " + result);
        return result;
    }
}
