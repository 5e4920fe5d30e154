package org.agilab.ui.internal.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.agilab.runtime.workflow.LabFile;
import org.agilab.runtime.workflow.LabPlan;
import org.agilab.runtime.workflow.Stage;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.ui.forms.IManagedForm;
import org.eclipse.ui.forms.editor.FormPage;
import org.eclipse.ui.forms.widgets.ScrolledForm;

/**
 * The Graph page: the lab's dependency graph drawn with SWT's GC (the target platform has no GEF or Zest), one column
 * per wave in plan order, a box per stage (kind icon, id, status, filled by status), an arrow from each dependency to
 * its dependent. A lab whose plan fails (a cycle, an unknown dependency) is still drawn: what cannot be placed goes in a
 * last column, in red. Double-click a stage to edit it.
 */
public final class GraphPage extends FormPage {

    static final String ID = "org.agilab.ui.workflow.graph";
    static final int BOX_WIDTH = 170;
    static final int BOX_HEIGHT = 44;
    static final int GAP_X = 70;
    static final int GAP_Y = 18;
    static final int MARGIN = 16;

    private final WorkflowEditor editor;
    private ScrolledForm form;
    private Canvas canvas;
    private StageImages images;
    /** Where each stage is drawn, by id. */
    private final Map<String, Rectangle> boxes = new LinkedHashMap<>();
    private Set<String> unplaced = Set.of();

    GraphPage(WorkflowEditor editor) {
        super(editor, ID, WorkflowMessages.Graph_title);
        this.editor = editor;
    }

    @Override
    protected void createFormContent(IManagedForm managedForm) {
        form = managedForm.getForm();
        form.setText(editor.labFile().getParent().getFileName() + " \u2014 " + WorkflowMessages.Graph_title);
        managedForm.getToolkit().decorateFormHeading(form.getForm());
        GridLayoutFactory.fillDefaults().margins(6, 6).applyTo(form.getBody());
        canvas = new Canvas(form.getBody(), SWT.DOUBLE_BUFFERED);
        canvas.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        canvas.setToolTipText(WorkflowMessages.Graph_tip);
        images = new StageImages(canvas);
        canvas.addPaintListener(event -> paint(event.gc));
        canvas.addListener(SWT.MouseDoubleClick, event -> stageAt(event.x, event.y).ifPresent(id -> {
            editor.setActivePage(StagesPage.ID);
            editor.stagesPage().select(id);
        }));
        canvas.addListener(SWT.MouseHover, event -> canvas.setToolTipText(stageAt(event.x, event.y).map(id -> {
            StageStatus status = editor.status(id);
            return id + (status == null ? "" : ": " + status.label());
        }).orElse(WorkflowMessages.Graph_tip)));
        StagesPage.contributeRunActions(form.getToolBarManager(), editor, () -> editor.stagesPage().selected().map(Stage::id).orElse(null));
        form.updateToolBar();
        editor.onModelChanged(this::refresh);
        refresh();
    }

    java.util.Optional<String> stageAt(int x, int y) {
        return boxes.entrySet().stream().filter(e -> e.getValue().contains(x, y)).map(Map.Entry::getKey).findFirst();
    }

    /** Where each stage is drawn (tests). */
    public Map<String, Rectangle> boxes() {
        return Map.copyOf(boxes);
    }

    void refresh() {
        if (form == null || form.isDisposed()) {
            return;
        }
        layout();
        var problem = editor.problem();
        form.setMessage(problem == null ? null : problem.getMessage(), problem == null ? IMessageProvider.NONE : IMessageProvider.ERROR);
        int width = MARGIN;
        int height = MARGIN;
        for (Rectangle box : boxes.values()) {
            width = Math.max(width, box.x + box.width + MARGIN);
            height = Math.max(height, box.y + box.height + MARGIN);
        }
        GridDataFactory.fillDefaults().grab(true, true).hint(width, height).applyTo(canvas);
        form.reflow(true);
        canvas.redraw();
    }

    /** The columns: the plan's waves, else the waves the dependencies that exist allow, then what cannot be placed. */
    private void layout() {
        boxes.clear();
        LabFile lab = editor.lab();
        if (lab == null) {
            unplaced = Set.of();
            return;
        }
        LabPlan plan = editor.plan();
        List<List<String>> columns = new ArrayList<>();
        Set<String> left = new HashSet<>();
        if (plan != null) {
            plan.waves().forEach(wave -> columns.add(wave.stream().map(Stage::id).toList()));
        } else {
            Map<String, Stage> byId = new HashMap<>();
            lab.stages().forEach(s -> byId.putIfAbsent(s.id(), s));
            Set<String> done = new HashSet<>();
            List<Stage> remaining = new ArrayList<>(byId.values().stream().sorted((a, b) -> Integer.compare(lab.stages().indexOf(a),
                    lab.stages().indexOf(b))).toList());
            while (!remaining.isEmpty()) {
                List<Stage> ready = remaining.stream().filter(s -> s.dependsOn().stream().allMatch(d -> done.contains(d) || !byId.containsKey(d)))
                        .toList();
                if (ready.isEmpty()) {
                    break;
                }
                columns.add(ready.stream().map(Stage::id).toList());
                ready.forEach(s -> done.add(s.id()));
                remaining.removeAll(ready);
            }
            remaining.forEach(s -> left.add(s.id()));
            if (!remaining.isEmpty()) {
                columns.add(remaining.stream().map(Stage::id).toList());
            }
        }
        unplaced = left;
        for (int c = 0; c < columns.size(); c++) {
            List<String> column = columns.get(c);
            for (int r = 0; r < column.size(); r++) {
                boxes.put(column.get(r), new Rectangle(MARGIN + c * (BOX_WIDTH + GAP_X), MARGIN + 18 + r * (BOX_HEIGHT + GAP_Y), BOX_WIDTH,
                        BOX_HEIGHT));
            }
        }
    }

    private void paint(GC gc) {
        LabFile lab = editor.lab();
        if (lab == null) {
            return;
        }
        gc.setAntialias(SWT.ON);
        Color foreground = canvas.getDisplay().getSystemColor(SWT.COLOR_LIST_FOREGROUND);
        Color edge = canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY);
        Color red = canvas.getDisplay().getSystemColor(SWT.COLOR_RED);
        // wave titles
        Set<Integer> columns = new HashSet<>();
        boxes.values().forEach(box -> columns.add(box.x));
        for (int x : columns) {
            int wave = (x - MARGIN) / (BOX_WIDTH + GAP_X) + 1;
            gc.setForeground(edge);
            boolean last = !unplaced.isEmpty() && boxes.entrySet().stream().anyMatch(e -> e.getValue().x == x && unplaced.contains(e.getKey()));
            gc.drawText(last ? WorkflowMessages.Graph_unplaced : "wave " + wave, x, MARGIN - 2, true);
        }
        // edges under the boxes
        gc.setLineWidth(1);
        for (Stage stage : lab.stages()) {
            Rectangle to = boxes.get(stage.id());
            if (to == null) {
                continue;
            }
            for (String dep : stage.dependsOn()) {
                Rectangle from = boxes.get(dep);
                if (from == null) {
                    continue;
                }
                gc.setForeground(unplaced.contains(stage.id()) && unplaced.contains(dep) ? red : edge);
                Point start = new Point(from.x + from.width, from.y + from.height / 2);
                Point end = new Point(to.x, to.y + to.height / 2);
                if (from.x >= to.x) { // an edge backwards (a cycle): around the boxes
                    start = new Point(from.x + from.width / 2, from.y + from.height);
                    end = new Point(to.x + to.width / 2, to.y + to.height);
                    int below = Math.max(from.y + from.height, to.y + to.height) + GAP_Y / 2;
                    gc.drawPolyline(new int[] {start.x, start.y, start.x, below, end.x, below, end.x, end.y});
                    arrow(gc, end.x, below, end.x, end.y);
                } else {
                    int mid = (start.x + end.x) / 2;
                    gc.drawPolyline(new int[] {start.x, start.y, mid, start.y, mid, end.y, end.x, end.y});
                    arrow(gc, mid, end.y, end.x, end.y);
                }
            }
        }
        // boxes
        for (Stage stage : lab.stages()) {
            Rectangle box = boxes.get(stage.id());
            if (box == null) {
                continue;
            }
            StageStatus status = editor.status(stage.id());
            int[] rgb = status == null ? new int[] {245, 245, 245} : status.fill();
            Color fill = new Color(rgb[0], rgb[1], rgb[2]);
            gc.setBackground(fill);
            gc.fillRoundRectangle(box.x, box.y, box.width, box.height, 10, 10);
            gc.setForeground(unplaced.contains(stage.id()) ? red : edge);
            gc.drawRoundRectangle(box.x, box.y, box.width, box.height, 10, 10);
            gc.drawImage(images.of(stage.kind()), box.x + 6, box.y + 6);
            gc.setForeground(foreground);
            gc.drawText(shorten(gc, stage.id(), box.width - 30), box.x + 26, box.y + 5, true);
            gc.setForeground(status == null ? edge : canvas.getDisplay().getSystemColor(status.colour()));
            String line = status == null ? StageImages.kindLabel(stage, false) : status.label();
            gc.drawText(shorten(gc, line, box.width - 12), box.x + 6, box.y + 24, true);
        }
    }

    private static void arrow(GC gc, int fromX, int fromY, int toX, int toY) {
        double angle = Math.atan2(toY - fromY, toX - fromX);
        int size = 7;
        int x1 = (int) Math.round(toX - size * Math.cos(angle - Math.PI / 7));
        int y1 = (int) Math.round(toY - size * Math.sin(angle - Math.PI / 7));
        int x2 = (int) Math.round(toX - size * Math.cos(angle + Math.PI / 7));
        int y2 = (int) Math.round(toY - size * Math.sin(angle + Math.PI / 7));
        Color previous = gc.getBackground();
        gc.setBackground(gc.getForeground());
        gc.fillPolygon(new int[] {toX, toY, x1, y1, x2, y2});
        gc.setBackground(previous);
    }

    private static String shorten(GC gc, String text, int width) {
        if (gc.textExtent(text).x <= width) {
            return text;
        }
        String shortened = text;
        while (shortened.length() > 1 && gc.textExtent(shortened + "\u2026").x > width) {
            shortened = shortened.substring(0, shortened.length() - 1);
        }
        return shortened + "\u2026";
    }
}
