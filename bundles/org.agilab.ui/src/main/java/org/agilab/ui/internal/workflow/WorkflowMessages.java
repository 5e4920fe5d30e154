package org.agilab.ui.internal.workflow;

import org.eclipse.osgi.util.NLS;

/** The Workflow editor's strings, from workflowmessages.properties. */
public final class WorkflowMessages extends NLS {

    public static String Editor_notAFile;
    public static String Editor_source;
    public static String Editor_cannotRun;
    public static String Editor_markers;
    public static String Stages_title;
    public static String Stages_list;
    public static String Stages_listDescription;
    public static String Stages_stage;
    public static String Stages_kind;
    public static String Stages_status;
    public static String Stages_description;
    public static String Stages_add;
    public static String Stages_remove;
    public static String Stages_showConsole;
    public static String Stages_running;
    public static String Stage_title;
    public static String Stage_description;
    public static String Stage_id;
    public static String Stage_d;
    public static String Stage_q;
    public static String Stage_r;
    public static String Stage_dependsOn;
    public static String Stage_produces;
    public static String Stage_consumes;
    public static String Stage_status;
    public static String Stage_c;
    public static String Stage_neverRun;
    public static String Kind_python;
    public static String Kind_unknown;
    public static String Graph_title;
    public static String Graph_tip;
    public static String Graph_unplaced;
    public static String Run_stage;
    public static String Run_stageTip;
    public static String Run_ready;
    public static String Run_readyTip;
    public static String Run_all;
    public static String Run_allTip;
    public static String Run_stop;
    public static String Run_stopTip;
    public static String Console_run;
    public static String Console_started;
    public static String Console_ended;
    public static String AddAsStage_action;
    public static String AddAsStage_failed;
    public static String AddAsStage_description;

    static {
        NLS.initializeMessages("org.agilab.ui.internal.workflow.workflowmessages", WorkflowMessages.class);
    }

    private WorkflowMessages() {
    }
}
