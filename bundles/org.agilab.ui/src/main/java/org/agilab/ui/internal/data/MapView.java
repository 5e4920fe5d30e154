package org.agilab.ui.internal.data;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.agilab.runtime.data.Coastline;
import org.agilab.runtime.data.DataColumn;
import org.agilab.runtime.data.DataPage;
import org.agilab.runtime.data.DataQueryException;
import org.agilab.runtime.data.Dataset;
import org.agilab.runtime.data.GeoBounds;
import org.agilab.runtime.data.MapOverlay;
import org.agilab.runtime.data.MapPoints;
import org.agilab.runtime.data.MapQuery;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.settings.ViewMapsSettings;
import org.agilab.ui.internal.view.EmptyState;
import org.agilab.ui.internal.view.ViewParts;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowData;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

/**
 * AGILab Map (upstream's {@code view_maps}): the active data editor's rows with a latitude and a longitude over
 * Natural Earth's coastline, one track per value of a group column (an aircraft) in the order of a time column,
 * coloured by a column with its legend, a sampling ratio; zoom with the wheel or the toolbar, pan by dragging, the
 * values of the row under the pointer in a tooltip. The service decimates the rows to one point per pixel and track, so
 * a million rows draw as a few thousand marks; reading and drawing run in Jobs, a new map cancels the previous read.
 */
public final class MapView extends ViewPart {

    public static final String ID = "org.agilab.ui.mapView";

    /** How near the pointer a point must be for its row to show, in pixels. */
    static final double HOVER_RADIUS = 8;
    static final double ZOOM_STEP = 1.6;

    private EmptyState empty;
    private Combo lat;
    private Combo lon;
    private Combo group;
    private Combo order;
    private Combo colour;
    private Spinner sampling;
    private Label note;
    private Canvas canvas;
    private Image image;
    private ImageData drawn;
    /** The map as last drawn, for an export at its size; null before the first. */
    private Pictures.Drawing scene;
    /** The app's {@code [view_maps]} choices, applied when the followed dataset's columns are next filled; then null. */
    private ViewMapsSettings preferred;
    /** The files drawn; null: all the dataset's. */
    private Set<Path> files;
    private Button filesButton;
    private Button overlayShown;
    private Combo overlayLat;
    private Combo overlayLon;
    private Combo overlayLabel;
    private DataEditor source;
    /** What the map shows; null until the data's extent is read (then fitted to the canvas). */
    private GeoBounds bounds;
    private MapPoints points;
    private Cancellation query = new Cancellation();
    private Cancellation rowQuery = new Cancellation();
    private long generation;
    private int running;
    private Point dragFrom;
    private Point dragOffset = new Point(0, 0);
    private int hovered = -1;
    private DataPage hoverRow;
    private String hoverText;
    private final Runnable onFilter = this::redrawMap;

    private FollowedEditor followed;

    @Override
    public void createPartControl(Composite parent) {
        empty = new EmptyState(parent);
        Composite root = new Composite(empty.holder(), SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        root.setLayout(layout);
        Composite bar = new Composite(root, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        RowLayout row = new RowLayout(SWT.HORIZONTAL);
        row.center = true;
        row.spacing = 6;
        bar.setLayout(row);
        lat = chooser(bar, MapMessages.lat, MapMessages.latTip);
        lon = chooser(bar, MapMessages.lon, MapMessages.lonTip);
        group = chooser(bar, MapMessages.group, MapMessages.groupTip);
        order = chooser(bar, MapMessages.order, MapMessages.orderTip);
        colour = chooser(bar, MapMessages.colour, MapMessages.colourTip);
        new Label(bar, SWT.NONE).setText(MapMessages.sampling);
        sampling = new Spinner(bar, SWT.BORDER);
        sampling.setValues(100, 1, 100, 0, 5, 25);
        sampling.setToolTipText(MapMessages.samplingTip);
        sampling.addListener(SWT.Selection, event -> redrawMap());
        filesButton = new Button(bar, SWT.PUSH);
        filesButton.setToolTipText(MapMessages.filesTip);
        filesButton.addListener(SWT.Selection, event -> chooseFiles());
        overlayShown = new Button(bar, SWT.CHECK);
        overlayShown.setText(MapMessages.overlay);
        overlayShown.setToolTipText(MapMessages.overlayTip);
        overlayLat = chooser(bar, MapMessages.overlayLat, MapMessages.overlayLatTip);
        overlayLon = chooser(bar, MapMessages.overlayLon, MapMessages.overlayLonTip);
        overlayLabel = chooser(bar, MapMessages.overlayLabel, MapMessages.overlayLabelTip);
        overlayShown.addListener(SWT.Selection, event -> {
            enableOverlay();
            redrawMap();
        });
        for (Combo coordinate : List.of(lat, lon)) {
            coordinate.addListener(SWT.Selection, event -> {
                bounds = null; // other coordinates: fit the map to them
                redrawMap();
            });
        }
        for (Combo other : List.of(group, order, colour, overlayLat, overlayLon, overlayLabel)) {
            other.addListener(SWT.Selection, event -> redrawMap());
        }
        note = new Label(root, SWT.NONE);
        note.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        canvas = new Canvas(root, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        canvas.addPaintListener(event -> {
            Point size = canvas.getSize();
            event.gc.setBackground(new org.eclipse.swt.graphics.Color(rgb(MapPainter.SEA)));
            event.gc.fillRectangle(0, 0, size.x, size.y);
            if (image != null && !image.isDisposed()) {
                event.gc.drawImage(image, dragOffset.x, dragOffset.y);
            }
        });
        canvas.addListener(SWT.Resize, event -> resized());
        canvas.addListener(SWT.MouseVerticalWheel, event -> {
            if (event.count != 0) {
                zoom(event.count > 0 ? ZOOM_STEP : 1 / ZOOM_STEP, event.x, event.y);
            }
        });
        canvas.addListener(SWT.MouseDown, event -> {
            if (event.button == 1) {
                dragFrom = new Point(event.x, event.y);
            }
        });
        canvas.addListener(SWT.MouseMove, event -> {
            if (dragFrom != null && (event.stateMask & SWT.BUTTON1) != 0) {
                dragOffset = new Point(event.x - dragFrom.x, event.y - dragFrom.y);
                canvas.redraw();
            } else {
                hoverAt(event.x, event.y);
            }
        });
        canvas.addListener(SWT.MouseUp, event -> {
            if (dragFrom != null) {
                Point moved = dragOffset;
                dragFrom = null;
                if (moved.x != 0 || moved.y != 0) {
                    pan(moved.x, moved.y);
                }
            }
        });
        canvas.addListener(SWT.MouseExit, event -> hoverAt(-1000, -1000));
        empty.content(root);

        Action zoomIn = ViewParts.action(MapMessages.zoomIn, MapMessages.zoomInTip, ViewParts.image("icons/action/zoom_in.png"),
                () -> zoom(ZOOM_STEP, canvas.getSize().x / 2.0, canvas.getSize().y / 2.0));
        Action zoomOut = ViewParts.action(MapMessages.zoomOut, MapMessages.zoomOutTip, ViewParts.image("icons/action/zoom_out.png"),
                () -> zoom(1 / ZOOM_STEP, canvas.getSize().x / 2.0, canvas.getSize().y / 2.0));
        Action fit = ViewParts.action(MapMessages.fit, MapMessages.fitTip, ViewParts.image("icons/action/zoom_fit.png"), () -> {
            bounds = null;
            redrawMap();
        });
        Action export = ViewParts.action(MapMessages.export, MapMessages.exportTip,
                PlatformUI.getWorkbench().getSharedImages().getImageDescriptor(ISharedImages.IMG_ETOOL_SAVEAS_EDIT), this::askAndExport);
        for (Action action : List.of(zoomIn, zoomOut, fit, export)) {
            getViewSite().getActionBars().getToolBarManager().add(action);
            getViewSite().getActionBars().getMenuManager().add(action);
        }
        ViewParts.contextMenu(getViewSite(), ViewParts.NO_ROWS, canvas, zoomIn, zoomOut, fit, null, export);
        ViewParts.help(getViewSite(), root, "org.agilab.ui.map_view");
        PlatformUI.getWorkbench().getHelpSystem().setHelp(empty.holder(), "org.agilab.ui.map_view");

        followed = new FollowedEditor(getSite().getPage(), this::follow, onFilter);
        follow(followed.active());
    }

    private static Combo chooser(Composite bar, String label, String tooltip) {
        new Label(bar, SWT.NONE).setText(label);
        Combo combo = new Combo(bar, SWT.READ_ONLY);
        combo.setToolTipText(tooltip);
        return combo;
    }

    private static org.eclipse.swt.graphics.RGB rgb(int value) {
        return new org.eclipse.swt.graphics.RGB((value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff);
    }

    /** Maps another data editor's dataset (null: none), its columns guessed anew. */
    public void follow(DataEditor editor) {
        if (editor != null && editor == source) {
            redrawMap(); // already its map: the user's columns and place stay
            return;
        }
        followed.follow(editor);
        source = editor;
        bounds = null;
        files = null;
        fillColumns();
        redrawMap();
    }

    /** Chooses the columns and the sampling, as the choosers do (null: none), and maps them fitted to their rows. */
    public void show(String latitude, String longitude, String track, String by, String colourBy, int samplingPercent) {
        if (lat.getItemCount() == 0) {
            fillColumns();
        }
        select(lat, latitude);
        select(lon, longitude);
        select(group, track == null ? MapMessages.none : track);
        select(order, by == null ? MapMessages.none : by);
        select(colour, colourBy == null ? MapMessages.none : colourBy);
        sampling.setSelection(samplingPercent);
        bounds = null;
        redrawMap();
    }

    private static void select(Combo combo, String item) {
        combo.select(Arrays.asList(combo.getItems()).indexOf(item));
    }

    private void fillColumns() {
        Dataset dataset = source == null ? null : source.dataset();
        for (Combo combo : List.of(lat, lon, group, order, colour, overlayLat, overlayLon, overlayLabel)) {
            combo.removeAll();
        }
        showFiles();
        if (dataset == null) {
            enableOverlay();
            return;
        }
        overlayLabel.add(MapMessages.none);
        for (Combo optional : List.of(group, order, colour)) {
            optional.add(MapMessages.none);
        }
        for (DataColumn column : dataset.columns()) {
            if (column.numeric()) {
                lat.add(column.name());
                lon.add(column.name());
                overlayLat.add(column.name());
                overlayLon.add(column.name());
            }
            overlayLabel.add(column.name());
            group.add(column.name());
            order.add(column.name());
            colour.add(column.name());
        }
        Optional<MapQuery> guessed = MapQuery.guess(dataset.columns(), null, null, 1, 1);
        guessed.ifPresent(g -> {
            select(lat, g.lat());
            select(lon, g.lon());
        });
        select(group, guessed.map(MapQuery::group).orElse(MapMessages.none));
        select(order, guessed.map(MapQuery::order).orElse(MapMessages.none));
        select(colour, guessed.map(MapQuery::colour).orElse(MapMessages.none));
        // upstream's flight worker writes each route's centroid as overlay_lat/overlay_long/overlay_label: shown at once
        String oLat = MapQuery.overlayColumn(dataset.columns(), "lat");
        String oLon = MapQuery.overlayColumn(dataset.columns(), "lon");
        select(overlayLat, oLat);
        select(overlayLon, oLon);
        select(overlayLabel, Optional.ofNullable(MapQuery.overlayColumn(dataset.columns(), "label")).orElse(MapMessages.none));
        overlayShown.setSelection(oLat != null && oLon != null);
        if (preferred != null) {
            applyPreferred(dataset);
        }
        enableOverlay();
        lat.getParent().layout(true, true);
    }

    /** The map the choosers ask for, its bounds still to set; null without a latitude and a longitude. */
    private MapQuery asked(int width, int height) {
        if (lat.getSelectionIndex() < 0 || lon.getSelectionIndex() < 0) {
            return null;
        }
        return new MapQuery(lat.getText(), lon.getText(), optional(group), optional(order), optional(colour), filter(),
                sampling.getSelection() / 100.0, null, width, height);
    }

    /**
     * Starts the next map of the followed dataset where upstream's map page would for this app: its {@code [view_maps]}
     * columns, overlay and files (names the dataset lacks are left to the guess).
     */
    public void prefer(ViewMapsSettings settings) {
        preferred = settings;
        if (source != null && source.dataset() != null) {
            bounds = null;
            fillColumns();
            redrawMap();
        }
    }

    private void applyPreferred(Dataset dataset) {
        ViewMapsSettings chosen = preferred;
        preferred = null;
        selectIfThere(lat, chosen.lat());
        selectIfThere(lon, chosen.lon());
        selectIfThere(colour, chosen.colour());
        selectIfThere(overlayLat, chosen.overlayLat());
        selectIfThere(overlayLon, chosen.overlayLon());
        selectIfThere(overlayLabel, chosen.overlayLabel());
        if (chosen.overlay() != null) {
            overlayShown.setSelection(chosen.overlay() && overlayLat.getSelectionIndex() >= 0 && overlayLon.getSelectionIndex() >= 0);
        }
        List<Path> all = dataset.source().files();
        List<String> names = MapFilesDialog.names(all);
        Set<Path> picked = new java.util.HashSet<>();
        java.util.regex.Pattern regex = null;
        try {
            regex = chosen.fileRegex() == null ? null : java.util.regex.Pattern.compile(chosen.fileRegex());
        } catch (java.util.regex.PatternSyntaxException e) {
            // upstream's page would not match anything with it either: all files, as without a choice
        }
        for (int i = 0; i < all.size(); i++) {
            String name = names.get(i);
            Path file = all.get(i);
            if (regex != null && regex.matcher(name).find() || chosen.files().stream().anyMatch(given -> file.endsWith(given) || name.equals(given))) {
                picked.add(file);
            }
        }
        files = picked.isEmpty() || picked.size() == all.size() ? null : Set.copyOf(picked);
        showFiles();
    }

    private static void selectIfThere(Combo combo, String item) {
        if (item != null && Arrays.asList(combo.getItems()).contains(item)) {
            select(combo, item);
        }
    }

    /** The data editor's filter narrowed to the chosen files. */
    private String filter() {
        return Dataset.inFiles(source.appliedFilter(), files);
    }

    /** The overlay's column choosers show only while it is on: the bar stays one line for the usual map. */
    private void enableOverlay() {
        boolean columns = overlayLat.getItemCount() > 0;
        overlayShown.setEnabled(columns);
        boolean shown = columns && overlayShown.getSelection();
        Control[] bar = overlayShown.getParent().getChildren();
        for (Combo combo : List.of(overlayLat, overlayLon, overlayLabel)) {
            int at = Arrays.asList(bar).indexOf(combo);
            for (Control part : List.of(bar[at - 1], combo)) { // its label, then itself
                part.setVisible(shown);
                part.setLayoutData(new RowData(SWT.DEFAULT, SWT.DEFAULT));
                ((RowData) part.getLayoutData()).exclude = !shown;
            }
        }
        overlayShown.getParent().getParent().layout(true, true);
    }

    /** The overlay's columns when it is shown: latitude, longitude and label (null: none); else null. */
    private String[] overlayAsked() {
        if (!overlayShown.getSelection() || overlayLat.getSelectionIndex() < 0 || overlayLon.getSelectionIndex() < 0) {
            return null;
        }
        return new String[] {overlayLat.getText(), overlayLon.getText(), optional(overlayLabel)};
    }

    private void showFiles() {
        Dataset dataset = source == null ? null : source.dataset();
        int all = dataset == null ? 0 : dataset.source().files().size();
        filesButton.setText(all <= 1 ? MapMessages.filesOne
                : files == null ? NLS.bind(MapMessages.filesAllShown, all) : NLS.bind(MapMessages.filesSomeShown, files.size(), all));
        filesButton.setEnabled(all > 1);
        filesButton.getParent().layout(true, true);
    }

    private void chooseFiles() {
        Dataset dataset = source == null ? null : source.dataset();
        if (dataset == null) {
            return;
        }
        MapFilesDialog dialog = new MapFilesDialog(getSite().getShell(), dataset.source().files(), files);
        if (dialog.open() == org.eclipse.jface.window.Window.OK) {
            showFiles(dialog.chosen());
        }
    }

    /** Draws only {@code chosen} of the dataset's files (null: all), fitted to their rows, as the Files... dialog does. */
    public void showFiles(Set<Path> chosen) {
        files = chosen == null ? null : Set.copyOf(chosen);
        showFiles();
        bounds = null;
        redrawMap();
    }

    private static String optional(Combo combo) {
        return combo.getSelectionIndex() <= 0 ? null : combo.getText();
    }

    /** Reads the points in a Job (cancelling the previous read) and draws them there, then shows the picture. */
    private void redrawMap() {
        query.cancel("another map");
        rowQuery.cancel("another map");
        hovered = -1;
        Dataset dataset = source == null ? null : source.dataset();
        if (dataset != null && lat.getItemCount() == 0 && group.getItemCount() == 0) {
            fillColumns(); // followed while its dataset was still opening
        }
        if (dataset == null) {
            empty.show(MapMessages.empty);
            points = null;
            return;
        }
        empty.show(null);
        Point size = canvas.getSize();
        if (size.x < 10 || size.y < 10) {
            return; // drawn when the canvas gets its size
        }
        query = new Cancellation();
        Cancellation cancellation = query;
        long mine = ++generation;
        MapQuery wanted = asked(size.x, size.y);
        String[] overlayColumns = overlayAsked();
        GeoBounds start = bounds;
        Display display = canvas.getDisplay();
        running++;
        note.setText(MapMessages.reading);
        Job job = Job.create(NLS.bind(MapMessages.job, source.getPartName()), monitor -> {
            GeoBounds view = start;
            MapPoints made = null;
            MapOverlay places = null;
            BufferedImage painted = null;
            String said;
            try {
                if (view == null) {
                    GeoBounds extent = wanted == null ? null : dataset.mapExtent(wanted.lat(), wanted.lon(), wanted.filter(), cancellation);
                    view = (extent == null ? GeoBounds.WORLD : extent).fit(size.x, size.y, 0.05, 0.5);
                }
                made = wanted == null ? null : dataset.map(wanted.withBounds(view, size.x, size.y), cancellation);
                said = made == null ? MapMessages.noCoordinates : made.sampled()
                        ? NLS.bind(MapMessages.drawnSampled, new Object[] {String.format("%,d", made.size()), String.format("%,d", made.rows()),
                                sampling(made)})
                        : NLS.bind(MapMessages.drawn, String.format("%,d", made.size()), String.format("%,d", made.rows()));
                if (made != null && made.cellPixels() > 1) {
                    said += NLS.bind(MapMessages.coarse, made.cellPixels());
                }
                if (made != null && overlayColumns != null) {
                    places = dataset.mapOverlay(overlayColumns[0], overlayColumns[1], overlayColumns[2], wanted.filter(), cancellation);
                    said += NLS.bind(places.truncated() ? MapMessages.overlayTruncated : MapMessages.overlaid, String.format("%,d", places.size()));
                }
                if (!monitor.isCanceled() && !cancellation.isCancelled()) {
                    painted = MapPainter.paint(view, size.x, size.y, Coastline.land(), made, places, said, MapMessages.others, MapMessages.attribution);
                }
            } catch (DataQueryException e) {
                said = e.kind() == DataQueryException.Kind.CANCELLED ? null : e.getMessage();
            } catch (RuntimeException e) {
                // said under the bar and logged; the view stays usable (and idle) for the next map
                org.eclipse.core.runtime.ILog.of(MapView.class).error("the map of " + wanted + " failed", e);
                said = e.toString();
            }
            GeoBounds shown = view;
            MapPoints result = made;
            MapOverlay overlaid = places;
            String drawnNote = said;
            Pictures.Drawing drawing = painted == null ? null
                    : (g, w, h) -> MapPainter.draw(g, shown, w, h, Coastline.land(), result, overlaid, drawnNote, MapMessages.others, MapMessages.attribution);
            ImageData data = painted == null ? null : Pictures.toImageData(painted);
            String message = said;
            display.asyncExec(() -> {
                running--;
                if (canvas.isDisposed() || mine != generation || message == null) {
                    return;
                }
                note.setText(message);
                note.setToolTipText(message);
                if (data != null) {
                    bounds = shown;
                    points = result;
                    scene = drawing;
                    dragOffset = new Point(0, 0);
                    replace(data);
                }
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private static String sampling(MapPoints made) {
        double percent = made.query().sampling() * 100;
        return percent == Math.rint(percent) ? Long.toString((long) percent) : String.format("%.1f", percent);
    }

    private void replace(ImageData data) {
        if (image != null) {
            image.dispose();
        }
        drawn = data;
        image = data == null ? null : new Image(canvas.getDisplay(), data);
        canvas.redraw();
    }

    /** A new canvas size keeps the map's centre and scale. */
    private void resized() {
        Point size = canvas.getSize();
        if (bounds != null && drawn != null && size.x >= 10 && size.y >= 10) {
            double degreesPerPixel = bounds.width() / drawn.width;
            bounds = GeoBounds.around((bounds.west() + bounds.east()) / 2, (bounds.south() + bounds.north()) / 2, degreesPerPixel * size.x,
                    degreesPerPixel * size.y);
        }
        redrawMap();
    }

    /** Zooms by {@code factor} (above 1: closer) about pixel {@code (x, y)}, which stays under the pointer. */
    public void zoom(double factor, double x, double y) {
        if (bounds == null || drawn == null) {
            return;
        }
        bounds = bounds.zoom(factor, bounds.lon(x, drawn.width), bounds.lat(y, drawn.height));
        redrawMap();
    }

    /** Moves the map as a drag of {@code dx}, {@code dy} pixels does. */
    public void pan(int dx, int dy) {
        if (bounds == null || drawn == null) {
            return;
        }
        bounds = bounds.pan(-dx * bounds.width() / drawn.width, dy * bounds.height() / drawn.height);
        redrawMap();
    }

    /** Shows the values of the row behind the point nearest pixel {@code (x, y)}, read in a Job, as the canvas's tooltip. */
    public void hoverAt(int x, int y) {
        MapPoints shown = points;
        Dataset dataset = source == null ? null : source.dataset();
        int nearest = shown == null || drawn == null ? -1
                : shown.nearest(x * (double) shown.query().width() / drawn.width, y * (double) shown.query().height() / drawn.height, HOVER_RADIUS);
        if (nearest == hovered) {
            return;
        }
        hovered = nearest;
        rowQuery.cancel("the pointer moved");
        if (nearest < 0 || dataset == null) {
            hoverRow = null;
            hoverText = null;
            canvas.setToolTipText(null);
            return;
        }
        rowQuery = new Cancellation();
        Cancellation cancellation = rowQuery;
        Display display = canvas.getDisplay();
        running++;
        Job job = Job.create(MapMessages.rowJob, monitor -> {
            DataPage row = null;
            try {
                row = dataset.mapRow(shown, nearest, cancellation);
            } catch (DataQueryException e) {
                // cancelled by the next move, or the dataset closed: nothing to show
            }
            DataPage read = row;
            display.asyncExec(() -> {
                running--;
                if (canvas.isDisposed() || hovered != nearest || read == null || read.rows().isEmpty()) {
                    return;
                }
                hoverRow = read;
                StringBuilder text = new StringBuilder();
                Object[] values = read.rows().get(0);
                for (int c = 0; c < values.length; c++) {
                    if (!read.columns().get(c).name().equals(Dataset.SOURCE_COLUMN)) {
                        text.append(text.length() == 0 ? "" : "\n").append(read.columns().get(c).name()).append(": ").append(values[c]);
                    }
                }
                hoverText = text.toString();
                canvas.setToolTipText(hoverText);
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private void askAndExport() {
        Pictures.ask(getSite().getShell(), "map.png", this::export);
    }

    /** Writes the map as drawn, legend and overlay included, as PNG or (a {@code .svg} name) SVG, atomically, in a Job. */
    public Job export(Path file) {
        Pictures.Drawing toSave = scene;
        if (toSave == null || drawn == null) {
            MessageDialog.openInformation(getSite().getShell(), MapMessages.export, MapMessages.nothingDrawn);
            return null;
        }
        return Pictures.export(file, toSave, drawn.width, drawn.height);
    }

    // ---------------------------------------------------------------------------------------------- for tests

    /** The map as last drawn on the canvas, or null. */
    public ImageData drawn() {
        return drawn;
    }

    /** Whether the map shown was drawn at the canvas's present size. */
    public boolean drawnToSize() {
        return drawn != null && drawn.width == canvas.getSize().x && drawn.height == canvas.getSize().y;
    }

    public GeoBounds bounds() {
        return bounds;
    }

    public MapPoints points() {
        return points;
    }

    /** The row under the pointer as last read, or null. */
    public DataPage hoverRow() {
        return hoverRow;
    }

    public String hoverText() {
        return hoverText;
    }

    /** Whether nothing is being read or drawn. */
    public boolean idle() {
        return running == 0;
    }

    public String note() {
        return note.getText();
    }

    /** The empty state's sentence, or null while the map shows. */
    public String emptyMessage() {
        return empty.shown();
    }

    public Canvas canvas() {
        return canvas;
    }

    /** Sends the canvas a wheel turn at {@code (x, y)}, as the mouse does. */
    public void wheel(int x, int y, int count) {
        Event event = new Event();
        event.x = x;
        event.y = y;
        event.count = count;
        canvas.notifyListeners(SWT.MouseVerticalWheel, event);
    }

    @Override
    public void setFocus() {
        if (empty.shown() != null) {
            empty.setFocus(); // the sentence's page: F1 then finds the view's help
        } else {
            canvas.setFocus();
        }
    }

    @Override
    public void dispose() {
        query.cancel("the Map view closed");
        rowQuery.cancel("the Map view closed");
        followed.dispose();
        if (image != null) {
            image.dispose();
        }
        super.dispose();
    }
}
