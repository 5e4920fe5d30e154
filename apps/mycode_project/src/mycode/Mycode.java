package mycode;

import java.util.List;
import java.util.Map;

import org.agilab.api.AppManager;
import org.agilab.api.Distribution;
import org.agilab.api.PlanningContext;
import org.agilab.api.Work;
import org.agilab.api.WorkWeight;

/** The demo's manager: always the same two three-step partitions, as upstream's Mycode.build_distribution. */
public class Mycode implements AppManager<MycodeArgs> {

    @Override
    public Class<MycodeArgs> argsType() {
        return MycodeArgs.class;
    }

    @Override
    public Distribution buildDistribution(PlanningContext<MycodeArgs> context) {
        List<Work> first = List.of(
                Work.step("algo_A", Map.of("a", 15, "b", 20, "c", 30)),
                Work.step("algo_B", List.of(15, 20, 30), "algo_A"),
                Work.step("algo_C", 3, "algo_A", "algo_B"));
        List<Work> second = List.of(
                Work.step("algo_X", null),
                Work.step("algo_Y", 2, "algo_X"),
                Work.step("algo_Z", null, "algo_Y"));
        context.log().info("fixed plan: 2 partitions of 3 steps for " + context.slots() + " worker slots");
        return new Distribution(List.of(first, second),
                List.of(List.of(new WorkWeight("algo A", 1.1), new WorkWeight("algo B", 1.2), new WorkWeight("algo C", 1.3)),
                        List.of(new WorkWeight("algo X", 2.1), new WorkWeight("algo Y", 2.2), new WorkWeight("algo Z", 2.3))),
                "id", "main", "unit");
    }
}
