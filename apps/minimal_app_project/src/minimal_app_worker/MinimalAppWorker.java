package minimal_app_worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import minimal_app.MinimalAppArgs;

import org.agilab.api.DataWorker;
import org.agilab.api.Work;
import org.agilab.api.WorkerContext;

/** Counts the lines of each planned file. */
public class MinimalAppWorker implements DataWorker<MinimalAppArgs, Long> {

    @Override
    public Long workPool(WorkerContext<MinimalAppArgs> context, String item) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of(item))) {
            return lines.count();
        }
    }

    @Override
    public long workDone(WorkerContext<MinimalAppArgs> context, Work work, List<Long> results) {
        long lines = results.stream().mapToLong(Long::longValue).sum();
        context.log().info(work.name() + ": " + lines + " lines");
        return lines;
    }

    @Override
    public long rowsOf(Long lines) {
        return lines;
    }
}
