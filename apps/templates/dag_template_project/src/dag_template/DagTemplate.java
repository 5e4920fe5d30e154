package dag_template;

import java.util.List;

import org.agilab.api.AppManager;
import org.agilab.api.Distribution;
import org.agilab.api.PlanningContext;
import org.agilab.api.Work;
import org.agilab.api.WorkWeight;

/** One partition: generate, then squares and cubes in parallel, then report. */
public class DagTemplate implements AppManager<DagTemplateArgs> {

    @Override
    public Class<DagTemplateArgs> argsType() {
        return DagTemplateArgs.class;
    }

    @Override
    public Distribution buildDistribution(PlanningContext<DagTemplateArgs> context) {
        List<Work> steps = List.of(
                Work.step("generate", null),
                Work.step("squares", 2, "generate"),
                Work.step("cubes", 3, "generate"),
                Work.step("report", null, "squares", "cubes"));
        List<WorkWeight> weights = steps.stream().map(step -> new WorkWeight(step.name(), 1.0)).toList();
        return new Distribution(List.of(steps), List.of(weights), "step", "numbers", "steps");
    }
}
