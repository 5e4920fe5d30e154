package minimal_app;

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
import org.agilab.api.PlanningContext;
import org.agilab.api.Work;
import org.agilab.api.WorkWeight;

/** Plans one work per input file, spread over the workers by file size. */
public class MinimalApp implements AppManager<MinimalAppArgs> {

    @Override
    public Class<MinimalAppArgs> argsType() {
        return MinimalAppArgs.class;
    }

    @Override
    public List<Path> planInputs(PlanningContext<MinimalAppArgs> context) {
        return List.of(context.resolveInput(context.args().dataIn));
    }

    @Override
    public Distribution buildDistribution(PlanningContext<MinimalAppArgs> context) throws IOException {
        MinimalAppArgs args = context.args();
        Path dataIn = context.resolveInput(args.dataIn);
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dataIn)) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + args.files);
            try (Stream<Path> list = Files.list(dataIn)) {
                list.filter(Files::isRegularFile).filter(p -> matcher.matches(p.getFileName())).sorted().skip(args.nskip)
                        .limit(args.nfile == 0 ? Long.MAX_VALUE : args.nfile).forEach(files::add);
            }
        }
        if (files.isEmpty()) {
            context.log().info("no input files in " + dataIn + ": the plan is empty");
            return Distribution.empty(context.slots(), "file", "lines", "KB");
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
                Path file = files.get(index);
                works.add(Work.partition(file.getFileName().toString(), List.of(file.toString())));
                weights.add(new WorkWeight(file.getFileName().toString(), sizes[index] / 1000.0));
            }
            plan.add(works);
            metadata.add(weights);
        }
        return new Distribution(plan, metadata, "file", "lines", "KB");
    }
}
