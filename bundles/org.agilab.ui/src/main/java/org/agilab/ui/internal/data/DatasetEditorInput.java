package org.agilab.ui.internal.data;

import java.nio.file.Path;
import java.util.Objects;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

/**
 * A dataset that is not one workspace file: a folder or a glob (Open Dataset..., a run's outputs). Two inputs of the
 * same dataset are equal, so opening it again brings its editor forward.
 *
 * @param spec a path or a glob, absolute or relative to {@code base}
 * @param base where a relative spec starts
 */
public record DatasetEditorInput(String spec, Path base) implements IEditorInput {

    public DatasetEditorInput {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(base, "base");
    }

    @Override
    public boolean exists() {
        return false; // not in the recently-opened list: a glob may match nothing next time
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return ImageDescriptor.getMissingImageDescriptor();
    }

    /** The last folder and the file name or pattern: {@code dataframe/**.parquet}, {@code out/tracks.csv}. */
    @Override
    public String getName() {
        String[] parts = spec.replace('\\', '/').split("/+");
        int last = parts.length - 1;
        while (last > 0 && parts[last].isEmpty()) {
            last--;
        }
        return last > 0 ? parts[last - 1] + "/" + parts[last] : spec;
    }

    @Override
    public IPersistableElement getPersistable() {
        return null;
    }

    @Override
    public String getToolTipText() {
        return base.resolve(spec).toString();
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }
}
