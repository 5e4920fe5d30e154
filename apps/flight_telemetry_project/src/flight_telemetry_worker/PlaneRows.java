package flight_telemetry_worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one plane's files in one set of columns (in file order, then line order), and each aircraft's rows
 * as positions into them, in order of first appearance: what the kernels take.
 */
record PlaneRows(long[] time, double[] lat, double[] lon, List<Kernels.Selection> aircraft) {

    static PlaneRows of(List<FlightRows> files) {
        int total = files.stream().mapToInt(FlightRows::size).sum();
        long[] time = new long[total];
        double[] lat = new double[total];
        double[] lon = new double[total];
        Map<String, List<Integer>> byAircraft = new LinkedHashMap<>();
        int offset = 0;
        for (FlightRows part : files) {
            System.arraycopy(part.time(), 0, time, offset, part.size());
            System.arraycopy(part.lat(), 0, lat, offset, part.size());
            System.arraycopy(part.lon(), 0, lon, offset, part.size());
            for (int i = 0; i < part.size(); i++) {
                byAircraft.computeIfAbsent(part.aircraft()[i], a -> new ArrayList<>()).add(offset + i);
            }
            offset += part.size();
        }
        List<Kernels.Selection> aircraft = byAircraft.entrySet().stream()
                .map(e -> new Kernels.Selection(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray())).toList();
        return new PlaneRows(time, lat, lon, aircraft);
    }

    int rows() {
        return time.length;
    }
}
