package org.agilab.ui.analysis;

import java.nio.file.Path;

/**
 * What an {@link AnalysisView} is opened on: one recorded run of an app.
 *
 * @param app the app's target ({@code flight_telemetry})
 * @param appFolder the app's folder as the run recorded it, or null
 * @param runFolder the run's record folder under {@code ~/log/execute/<target>/} (its {@code run.log}, manifest)
 * @param outputsFolder the folder holding the run's outputs
 * @param dataset the data editor's dataset of those outputs: a file, folder or glob such as {@code /.../dataframe/**.parquet}
 */
public record AnalysisInput(String app, Path appFolder, Path runFolder, Path outputsFolder, String dataset) {
}
