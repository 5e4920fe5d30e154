package duckdb_template;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.agilab.api.AppManager;
import org.agilab.api.Distribution;
import org.agilab.api.InvalidArgException;
import org.agilab.api.PlanningContext;
import org.agilab.api.Work;
import org.agilab.api.WorkWeight;

/** Plans one work per input file; the planner spreads them over the workers by size. */
public class DuckdbTemplate implements AppManager<DuckdbTemplateArgs> {

    @Override
    public Class<DuckdbTemplateArgs> argsType() {
        return DuckdbTemplateArgs.class;
    }

    @Override
    public List<Path> planInputs(PlanningContext<DuckdbTemplateArgs> context) {
        return List.of(context.resolveInput(context.args().dataIn));
    }

    @Override
    public Distribution buildDistribution(PlanningContext<DuckdbTemplateArgs> context) throws IOException, InvalidArgException {
        DuckdbTemplateArgs args = context.args();
        Path dataIn = context.resolveInput(args.dataIn);
        if (!Files.isDirectory(dataIn)) {
            throw new InvalidArgException("data_in", dataIn, "is not a folder; run install to stage the sample dataset");
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + args.files);
        List<Path> files;
        try (Stream<Path> list = Files.list(dataIn)) {
            files = list.filter(Files::isRegularFile).filter(p -> matcher.matches(p.getFileName())).sorted()
                    .limit(args.nfile == 0 ? Long.MAX_VALUE : args.nfile).toList();
        }
        long[] sizes = new long[files.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = Files.size(files.get(i));
        }
        List<List<Work>> plan = new ArrayList<>();
        List<List<WorkWeight>> metadata = new ArrayList<>();
        for (int[] slot : context.makeChunks(sizes)) {
            List<Work> works = new ArrayList<>();
            List<WorkWeight> weights = new ArrayList<>();
            for (int index : slot) {
                String name = files.get(index).getFileName().toString();
                works.add(Work.partition(name, List.of(files.get(index).toString())));
                weights.add(new WorkWeight(name, sizes[index] / 1000.0));
            }
            plan.add(works);
            metadata.add(weights);
        }
        context.log().info("planned " + files.size() + " files from " + dataIn);
        return new Distribution(plan, metadata, "file", "rows", "KB");
    }
}
