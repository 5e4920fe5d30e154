package org.agilab.ui.internal.view;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agilab.api.Work;
import org.agilab.api.WorkWeight;
import org.agilab.core.internal.preferences.IdePreferences;
import org.agilab.core.internal.project.AgilabNature;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.plan.DistributionTree;
import org.agilab.ui.internal.Messages;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.window.Window;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISaveablePart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.ElementListSelectionDialog;
import org.eclipse.ui.part.ViewPart;

/**
 * AGILab Distribution: an app's last {@code distribution_tree.json} as workers (their load: weights over capacity) and
 * their partitions (weight, items); Move a partition to another worker, then Save: the plan is written marked edited,
 * which the next runs follow as long as its workers, args and inputs match (upstream's workplan editor).
 */
public final class DistributionView extends ViewPart implements ISaveablePart {

    public static final String ID = "org.agilab.ui.distributionView";

    /** A worker row. */
    record WorkerNode(int index, String host, double load, List<PartitionNode> partitions) {
    }

    /** A partition (work) row. */
    record PartitionNode(int worker, Work work, double weight) {
    }

    private Combo apps;
    private Label file;
    private TreeViewer tree;
    private Path treeFile;
    private DistributionTree plan;
    private boolean dirty;
    private String shown;
    private Action move;
    private Action save;

    @Override
    public void createPartControl(Composite parent) {
        Composite view = new Composite(parent, SWT.NONE);
        view.setLayout(new GridLayout(2, false));
        new Label(view, SWT.NONE).setText(Messages.DistributionView_app);
        apps = new Combo(view, SWT.READ_ONLY);
        apps.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        apps.addListener(SWT.Selection, event -> {
            if (!load(apps.getText())) {
                apps.setText(shown); // the user kept the unsaved moves of the app shown
            }
        });
        file = new Label(view, SWT.NONE);
        file.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        tree = new TreeViewer(view, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        tree.getTree().setHeaderVisible(true);
        tree.getTree().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        tree.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return ((List<?>) input).toArray();
            }

            @Override
            public Object[] getChildren(Object parent) {
                return parent instanceof WorkerNode worker ? worker.partitions().toArray() : new Object[0];
            }

            @Override
            public Object getParent(Object element) {
                return null;
            }

            @Override
            public boolean hasChildren(Object element) {
                return element instanceof WorkerNode worker && !worker.partitions().isEmpty();
            }
        });
        Tables.column(tree, Messages.DistributionView_name, 260, element -> element instanceof WorkerNode w
                ? NLS.bind(Messages.DistributionView_worker, w.index(), w.host()) : ((PartitionNode) element).work().name());
        Tables.column(tree, Messages.DistributionView_weight, 120, element -> element instanceof WorkerNode w ? String.format("%.3f", w.load())
                : String.format("%.3f", ((PartitionNode) element).weight()));
        Tables.column(tree, Messages.DistributionView_items, 110, element -> element instanceof WorkerNode w ? NLS.bind(Messages.DistributionView_partitions, w.partitions().size())
                : Integer.toString(((PartitionNode) element).work().items().size()));
        move = ViewParts.action(Messages.DistributionView_move, ViewMessages.Distribution_moveTip, ViewParts.image("icons/action/move.png"),
                this::moveSelected);
        save = ViewParts.action(Messages.DistributionView_save, ViewMessages.Distribution_saveTip, PlatformUI.getWorkbench().getSharedImages()
                .getImageDescriptor(org.eclipse.ui.ISharedImages.IMG_ETOOL_SAVE_EDIT), () -> doSave(null));
        Action reload = ViewParts.action(Messages.DistributionView_reload, ViewMessages.Distribution_reloadTip, ViewParts.image("icons/action/refresh.png"),
                () -> load(apps.getText()));
        move.setEnabled(false);
        save.setEnabled(false);
        tree.addSelectionChangedListener(event -> move.setEnabled(
                ((IStructuredSelection) event.getSelection()).getFirstElement() instanceof PartitionNode));
        getViewSite().getActionBars().getToolBarManager().add(move);
        getViewSite().getActionBars().getToolBarManager().add(save);
        getViewSite().getActionBars().getToolBarManager().add(reload);
        ViewParts.contextMenu(getViewSite(), tree, tree.getControl(), move, null, save, reload);
        getSite().setSelectionProvider(tree);
        ViewParts.help(getViewSite(), view, "org.agilab.ui.distribution_view");
        getSite().getPage().addPostSelectionListener(followSelection);
        fillApps();
        // the app the user is on (selected, or its editor active), else the first
        java.util.Optional<IProject> current = SelectedApp.of(getSite().getPage());
        if (current.isPresent()) {
            show(current.get().getName());
        } else if (apps.getItemCount() > 0) {
            load(apps.getText());
        } else {
            file.setText(ViewMessages.Distribution_noApp);
        }
    }

    /** An app project selected elsewhere (the Project Explorer, an editor): its plan is shown, unless moves wait for Save. */
    private final org.eclipse.ui.ISelectionListener followSelection = (part, selection) -> {
        if (part != this && !dirty) {
            SelectedApp.of(selection).filter(project -> !project.getName().equals(shown)).ifPresent(project -> show(project.getName()));
        }
    };

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(followSelection);
        super.dispose();
    }

    /** The app whose plan is shown (tests). */
    public String shownApp() {
        return shown;
    }

    private void fillApps() {
        apps.removeAll();
        for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            if (AgilabNature.has(project)) {
                apps.add(project.getName());
            }
        }
        if (apps.getItemCount() > 0) {
            apps.select(Math.max(0, apps.indexOf(shown == null ? "" : shown)));
        }
    }

    /** Shows {@code projectName}'s last plan (tests and the Apps view choose it). */
    public void show(String projectName) {
        fillApps();
        if (load(projectName)) {
            apps.setText(projectName);
        }
    }

    /** Shows the project's plan; false when the user chose to keep the unsaved moves of the plan shown. */
    private boolean load(String projectName) {
        if (dirty && !MessageDialog.openQuestion(getSite().getShell(), Messages.DistributionView_save,
                NLS.bind(Messages.DistributionView_discard, treeFile))) {
            return false; // the user keeps the unsaved moves (and the plan shown)
        }
        shown = projectName;
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(projectName);
        plan = null;
        treeFile = null;
        setDirty(false);
        if (project.exists() && project.getLocation() != null) {
            try {
                String target = AppProject.at(project.getLocation().toFile().toPath()).target();
                treeFile = IdePreferences.home(project).workerEnv(target).resolve(DistributionTree.FILE);
                plan = Files.isRegularFile(treeFile) ? DistributionTree.read(treeFile) : null;
            } catch (RuntimeException e) {
                file.setText(e.getMessage());
                tree.setInput(List.of());
                return true;
            }
        }
        file.setText(plan == null ? NLS.bind(Messages.DistributionView_noPlan, treeFile == null ? projectName : treeFile)
                : treeFile + (plan.edited() ? "  " + Messages.DistributionView_edited : ""));
        show();
        return true;
    }

    private void show() {
        List<WorkerNode> rows = new ArrayList<>();
        if (plan != null) {
            List<String> hosts = new ArrayList<>();
            plan.workers().forEach((host, count) -> {
                for (long i = 0; i < count; i++) {
                    hosts.add(host);
                }
            });
            List<Double> loads = plan.loads();
            for (int i = 0; i < plan.distribution().workPlan().size(); i++) {
                List<Work> works = plan.distribution().workPlan().get(i);
                List<WorkWeight> weights = i < plan.distribution().workPlanMetadata().size() ? plan.distribution().workPlanMetadata().get(i) : List.of();
                List<PartitionNode> partitions = new ArrayList<>();
                for (int j = 0; j < works.size(); j++) {
                    partitions.add(new PartitionNode(i, works.get(j), j < weights.size() ? weights.get(j).weight() : 0));
                }
                rows.add(new WorkerNode(i, i < hosts.size() ? hosts.get(i) : "", loads.get(i), partitions));
            }
        }
        tree.setInput(rows);
        tree.expandAll();
    }

    private void moveSelected() {
        if (!(((IStructuredSelection) tree.getSelection()).getFirstElement() instanceof PartitionNode partition)) {
            return;
        }
        List<String> choices = new ArrayList<>();
        for (int i = 0; i < plan.distribution().workPlan().size(); i++) {
            if (i != partition.worker()) {
                choices.add(Integer.toString(i));
            }
        }
        ElementListSelectionDialog dialog = new ElementListSelectionDialog(getSite().getShell(), new org.eclipse.jface.viewers.LabelProvider());
        dialog.setTitle(Messages.DistributionView_move);
        dialog.setMessage(NLS.bind(Messages.DistributionView_moveTo, partition.work().name()));
        dialog.setElements(choices.toArray());
        if (dialog.open() == Window.OK && dialog.getFirstResult() != null) {
            move(partition.worker(), partition.work().name(), Integer.parseInt((String) dialog.getFirstResult()));
        }
    }

    /** Moves a partition as the Move action does; the plan is saved by Save. */
    public void move(int from, String work, int to) {
        plan = plan.move(from, work, to);
        setDirty(true);
        show();
    }

    private void setDirty(boolean value) {
        dirty = value;
        if (save != null) {
            save.setEnabled(value);
        }
        firePropertyChange(PROP_DIRTY);
    }

    @Override
    public void doSave(org.eclipse.core.runtime.IProgressMonitor monitor) {
        if (plan == null || treeFile == null) {
            return;
        }
        try {
            plan.write(treeFile); // atomic: a failed write leaves the previous plan
            setDirty(false);
            file.setText(treeFile + "  " + Messages.DistributionView_edited);
        } catch (RuntimeException e) {
            if (monitor != null) {
                monitor.setCanceled(true); // closing the view stops: the moves are kept
            }
            MessageDialog.openError(getSite().getShell(), Messages.DistributionView_save, NLS.bind(Messages.DistributionView_cannotSave, treeFile,
                    e.getMessage()));
        }
    }

    @Override
    public void doSaveAs() {
    }

    @Override
    public boolean isDirty() {
        return dirty;
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    @Override
    public boolean isSaveOnCloseNeeded() {
        return dirty;
    }

    /** The plan shown now, with unsaved moves (tests). */
    public DistributionTree plan() {
        return plan;
    }

    @Override
    public void setFocus() {
        tree.getControl().setFocus();
    }
}
