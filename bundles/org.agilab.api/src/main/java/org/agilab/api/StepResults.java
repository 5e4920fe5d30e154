package org.agilab.api;

import java.util.Map;

/** The results of a DAG step's dependencies, by step name. */
public record StepResults(Map<String, Object> byStep) {

    public StepResults {
        byStep = Map.copyOf(byStep);
    }

    public Object get(String step) {
        if (!byStep.containsKey(step)) {
            throw new IllegalArgumentException("'" + step + "' is not a dependency of this step; dependencies: " + byStep.keySet());
        }
        return byStep.get(step);
    }
}
